"""{% negotiation_tools %}: the negotiation tools inside the participant's room partial (simulations/room.html).

Reads ``room`` and ``run`` from the room's context, plus what the negotiation views add after a refused action
or a preview: ``negotiation_error``, ``negotiation_form`` (the posted values, shown again) and ``preview``."""

from django import template

from simulations.room.panel import negotiation_panel

register = template.Library()


@register.inclusion_tag("simulations/negotiation/_tools.html", takes_context=True)
def negotiation_tools(context):
    room, run = context.get("room"), context.get("run")
    if room is None or run is None:
        return {"panel": None}
    form = context.get("negotiation_form") or {}
    return {
        "panel": negotiation_panel(run, room.delegation, room.current_round, room.snapshot),
        "run": run,
        "room": room,
        "error": context.get("negotiation_error"),
        "error_action": context.get("negotiation_action", ""),
        "form": form,
        "selected": {key[6:]: value for key, value in form.items() if key.startswith("issue-")},
        "preview": context.get("preview"),
    }


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (posted form values shown again after an error)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
