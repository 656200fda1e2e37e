"""The participant's room: public background, own delegation's confidential brief, the round and its clock.
Served by simulations.room.serve."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from course.domain.languages import activate_session_language, without_remembered_language
from simulations.domain.low_data import choose_low_data
from simulations.domain.versions import run_content
from simulations.models import Run
from simulations.room.polling import nothing_changed_response
from simulations.room.seat import room_for, runs_for_participant, visible_brief
from simulations.room.serve import serve_room, serve_room_update
from simulations.room.state import nothing_changed, poll_token_user


@login_required
def my_runs(request):
    runs = list(runs_for_participant(request.user))
    return render(request, "simulations/my_runs.html", {"runs": runs})


@login_required
def room(request, run_id):
    return serve_room(request, run_id, partial=bool(request.htmx))


@without_remembered_language
def room_updates(request, run_id):
    """Polled every second: 204 when nothing changed, else the room partial.

    The fast way first, before the session or the user is touched: the poll URL's signed token (issued with
    the room to this user for this run) and the cached run state say nothing changed and nothing is due
    (simulations.room.state). Anything else takes the fully checked way (simulations.room.serve).
    """
    user_id = poll_token_user(request.GET.get("t"), run_id)
    if user_id is not None and nothing_changed(
        run_id,
        user_id,
        request.GET.get("v"),
        signed_in=lambda: _session_user_id(request) == str(user_id),
        fresh=request.GET.get("p") == "1",  # asked because the push path said "changed" (room-push.js)
    ):
        return nothing_changed_response()
    return _room_updates_checked(request, run_id)


@require_POST
@login_required
def room_low_data(request, run_id):
    """Turn the room's low-data mode on or off (``low_data``: a LowData value), remembered for the person's every
    room; posted from a room they are seated in (404 otherwise). The room's script (htmx) gets a 204 and paces
    itself; a plain form post goes back to the room."""
    if not Run.objects.filter(pk=run_id, seats__pair__participants__user=request.user).exists():
        raise Http404("No such run.")
    if not choose_low_data(request.user, request.session, request.POST.get("low_data")):
        return HttpResponseBadRequest("Unknown choice.")
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("simulations:room", run_id=run_id)


def room_stream_elsewhere(request, run_id):
    """The room's stream is served by the push process (config.asgi); under WSGI it answers a bare 404, so the
    room's script falls back to polling (static/js/room-push.js)."""
    raise Http404("No stream here.")


def _session_user_id(request):
    """The user id the request's session is signed in as ("" if none), read from the session store (the cache)
    without touching ``request.session``, so the fast 204 stays free of the session's Vary: Cookie."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return ""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return str(store.get(SESSION_KEY, ""))


@login_required
def _room_updates_checked(request, run_id):
    activate_session_language(request)  # room_updates skipped the middleware's (course.middleware)
    return serve_room_update(request, run_id)


@login_required
def delegation_brief(request, run_id, delegation_key):
    """A delegation's confidential brief: only for its own members; 404 for everyone else."""
    run = get_object_or_404(Run.objects.select_related("scenario"), pk=run_id)
    delegation = visible_brief(run, request.user, delegation_key)
    if delegation is None:
        raise Http404("No such brief.")
    pinned = next((d for d in run_content(run)["delegations"] if d["key"] == delegation.key), None)
    if pinned:  # the brief of the scenario version this table plays, not a later edit
        delegation.brief = pinned.get("brief", delegation.brief)
    room = room_for(run, request.user)
    return render(request, "simulations/brief.html", {"run": run, "delegation": delegation, "room": room})
