"""The participant's room: public background, own delegation's confidential brief, the round and its clock."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from simulations.domain.console import record_presence
from simulations.domain.engine import advance_if_due
from simulations.domain.room import room_for, runs_for_participant, visible_brief
from simulations.domain.room_state import note_room_load, nothing_changed, poll_token_user
from simulations.domain.table_snapshot import table_snapshot
from simulations.models import Run
from simulations.room_html import (
    cached_room_html,
    prepare_rooms,
    prepared_room_html,
    room_page_html,
    room_partial_html,
)

from .polling import finish_poll, poll_stamp, unchanged_response


def _room_or_404(request, run):
    room = room_for(run, request.user)
    if room is None:
        raise Http404("No such run.")
    return room


@login_required
def my_runs(request):
    runs = list(runs_for_participant(request.user))
    return render(request, "simulations/my_runs.html", {"runs": runs})


@login_required
def room(request, run_id):
    # Rendered once for the table after its last change (simulations/room_html.py); at a round start, straight
    # from the cache: no query for the run.
    html = cached_room_html(request, run_id, page=not request.htmx)
    if html is None:
        run = get_object_or_404(Run, pk=run_id)  # its scenario and course come with the table's snapshot
        run = advance_if_due(run)  # the lazy check: only ever does what is due, whoever asks
        html = prepared_room_html(request, run, page=not request.htmx)
        if html is None:
            return _room_from_snapshot(request, run)
    note_room_load(run_id, request.user.pk)
    return HttpResponse(html)


def _room_from_snapshot(request, run):
    # Nothing prepared for this seat at this stamp. When the table itself must be read again (it was quiet for
    # longer than its snapshot is kept), render every seat's room with it, as a change's commit does, so that
    # the other rooms at the table, in every process, are served prepared instead of each rendering its own.
    table_snapshot(run, prepare_rooms)
    room = _room_or_404(request, run)
    note_room_load(run.pk, request.user.pk)
    return render_room(request, room, run)


def render_room(request, room, run, extra=None, status=200):
    """The room page, or its partial for htmx; the partial's HTML comes from simulations.room_html."""
    html = room_partial_html(request, room, run, extra)
    if request.htmx:
        return HttpResponse(html, status=status)
    page = None if extra else room_page_html(request, room, run, html)
    if page is not None:
        return HttpResponse(page, status=status)
    return render(request, "simulations/room.html", {"room": room, "run": run, "room_html": html}, status=status)


def room_updates(request, run_id):
    """Polled every second: 204 when nothing changed, else the room partial.

    The fast way first, before the session or the user is touched: the poll URL's signed token (issued with
    the room to this user for this run) and the cached run state say nothing changed and nothing is due
    (simulations.domain.room_state). Anything else takes the fully checked way below.
    """
    user_id = poll_token_user(request.GET.get("t"), run_id)
    if user_id is not None and nothing_changed(run_id, user_id, request.GET.get("v")):
        return HttpResponse(status=204)
    return _room_updates_checked(request, run_id)


@login_required
def _room_updates_checked(request, run_id):
    seated_runs = Run.objects.filter(seats__pair__participants__user=request.user)
    found = poll_stamp(seated_runs, run_id)
    if found is None:
        raise Http404("No such run.")
    stamp, state = found
    record_presence(run_id, request.user)  # a cache write, no query: the console's "present"
    unchanged = unchanged_response(request, stamp, state)
    if unchanged is not None:
        return unchanged
    run = Run.objects.get(pk=run_id)
    html = prepared_room_html(request, run, page=False)
    if html is not None:
        return finish_poll(HttpResponse(html), state)
    room = _room_or_404(request, run)
    return finish_poll(HttpResponse(room_partial_html(request, room, run)), state)


@login_required
def delegation_brief(request, run_id, delegation_key):
    """A delegation's confidential brief: only for its own members; 404 for everyone else."""
    run = get_object_or_404(Run.objects.select_related("scenario"), pk=run_id)
    delegation = visible_brief(run, request.user, delegation_key)
    if delegation is None:
        raise Http404("No such brief.")
    room = room_for(run, request.user)
    return render(request, "simulations/brief.html", {"run": run, "delegation": delegation, "room": room})
