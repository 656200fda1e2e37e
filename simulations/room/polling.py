"""The cheap "has anything changed?" answer shared by the room (simulations.room.serve) and the facilitator's run
page."""

from django.http import HttpResponse
from django.utils import timezone

from simulations.domain.engine import advance_due_run
from simulations.enums import OVER_STATES, AdvanceSource, RunState
from simulations.models import Run
from simulations.room.state import remember_room_state

STOP_POLLING = 286  # htmx: swap this response, then stop polling


def poll_stamp(run_queryset, run_id):
    """One query: (stamp, state) of the run, advancing it first if its round is due (the lazy check).

    Returns None when the queryset (already narrowed to what the user may see) has no such run.
    """
    fields = ("version", "activity_version", "state", "current_round", "ends_at")
    row = run_queryset.filter(pk=run_id).values_list(*fields).first()
    if row is None:
        return None
    version, activity, state, current_round, ends_at = row
    if state == RunState.RUNNING and ends_at is not None and ends_at <= timezone.now():
        advance_due_run(run_id, current_round, version, source=AdvanceSource.LAZY)
        version, activity, state, current_round, ends_at = Run.objects.filter(pk=run_id).values_list(*fields).get()
    remember_room_state(run_id, version, activity, state, ends_at)  # the room's fast poll reads it
    return f"{version}.{activity}", state


def nothing_changed_response():
    """The "nothing changed" answer: a 204 with no header but the ones HTTP needs (config.middleware)."""
    response = HttpResponse(status=204)
    response.bare_empty = True
    return response


def unchanged_response(request, stamp, state):
    """204 (nothing to swap) when the client already shows ``stamp``; None when it must re-render."""
    if request.GET.get("v") == stamp and state not in OVER_STATES:
        return nothing_changed_response()
    return None


def finish_poll(response, state):
    if state in OVER_STATES:
        response.status_code = STOP_POLLING
    return response
