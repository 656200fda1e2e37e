"""The one entry of a participant's room: ``serve_room`` (the page or its partial), ``serve_room_update`` (the
poll's checked path) and ``render_room`` (after a negotiation action). Views only call these.

The room is served the cheapest way that is still exact: straight from the table's prepared rooms at the
stamp published after the last change (no query for the run), else from the run read once, else built from the
table's snapshot (simulations.room.snapshot) and rendered (simulations.room.html).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from simulations.domain.engine import advance_if_due
from simulations.domain.presence import note_room_load, record_presence
from simulations.models import Run
from simulations.room.express import remember_viewers
from simulations.room.html import (
    cached_room_html,
    prepare_rooms,
    prepared_room_html,
    room_page_html,
    room_partial_html,
)
from simulations.room.polling import finish_poll, poll_stamp, unchanged_response
from simulations.room.seat import room_for
from simulations.room.snapshot import table_snapshot


def room_or_404(request, run):
    """The room of ``request.user`` in ``run``; 404 when they have no seat in it."""
    room = room_for(run, request.user)
    if room is None:
        raise Http404("No such run.")
    return room


def serve_room(request, run_id, *, partial):
    """The room of ``request.user`` (the whole page, or the partial when ``partial``), or 404."""
    # Rendered once for the table after its last change (simulations.room.html); at a round start, straight
    # from the cache: no query for the run.
    html = cached_room_html(request, run_id, page=not partial)
    if html is None:
        run = get_object_or_404(Run, pk=run_id)  # its scenario and course come with the table's snapshot
        run = advance_if_due(run)  # the lazy check: only ever does what is due, whoever asks
        html = prepared_room_html(request, run, page=not partial)
        if html is None:
            return _room_from_snapshot(request, run, partial)
    note_room_load(run_id, request.user.pk)
    remember_viewers([request.user])  # the next load of this person's room may take the express path
    return HttpResponse(html)


def _room_from_snapshot(request, run, partial):
    # Nothing prepared for this seat at this stamp. When the table itself must be read again (it was quiet for
    # longer than its snapshot is kept), render every seat's room with it, as a change's commit does, so that
    # the other rooms at the table, in every process, are served prepared instead of each rendering its own.
    table_snapshot(run, prepare_rooms)
    room = room_or_404(request, run)
    note_room_load(run.pk, request.user.pk)
    remember_viewers([request.user])
    return render_room(request, room, run, partial=partial)


def render_room(request, room, run, extra=None, status=200, *, partial=None):
    """The room page, or its partial (by default for htmx); the partial's HTML comes from simulations.room.html.
    ``extra`` is per-request context (a refused action's message and typed values, a package preview)."""
    partial = request.htmx if partial is None else partial
    html = room_partial_html(request, room, run, extra)
    if partial:
        return HttpResponse(html, status=status)
    page = None if extra else room_page_html(request, room, run, html)
    if page is not None:
        return HttpResponse(page, status=status)
    return render(request, "simulations/room.html", {"room": room, "run": run, "room_html": html}, status=status)


def serve_room_update(request, run_id):
    """The poll's fully checked path: 204 when the client's stamp is current, else the room partial (286 once
    the run is over); 404 for a user with no seat in the run."""
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
    room = room_or_404(request, run)
    return finish_poll(HttpResponse(room_partial_html(request, room, run)), state)
