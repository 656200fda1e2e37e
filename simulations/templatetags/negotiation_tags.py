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
    panel = negotiation_panel(run, room.delegation, room.current_round, room.snapshot)
    action = context.get("negotiation_action", "")
    return {
        "panel": panel,
        "orphan_text": _orphan_text(panel, action, form) if context.get("negotiation_error") else "",
        "run": run,
        "room": room,
        "error": context.get("negotiation_error"),
        "error_action": context.get("negotiation_action", ""),
        "form": form,
        "selected": {key[6:]: value for key, value in form.items() if key.startswith("issue-")},
        "preview": context.get("preview"),
    }


# The form each refused action posts from, and the round actions that put it on the page.
FORM_ACTIONS = {
    "statement": {"statement"},
    "caucus": {"caucus"},
    "floor": {"floor"},
    "package": {"propose", "amend"},
}


def _orphan_text(panel, action, form):
    """What was typed in a refused post whose form is no longer on the page (the round moved on, the run ended):
    shown with the reason, so a post from an out-of-date page never loses its text."""
    if not action or panel.shown & FORM_ACTIONS.get(action, set()):
        return ""  # the form is there and shows the text again
    return (form.get("text") or form.get("rationale") or "").strip()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (posted form values shown again after an error)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
