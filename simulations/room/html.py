"""The room's HTML, rendered once per table change for each kind of seat and shared by everyone in it.

Everything in the room partial follows from the table's snapshot at its stamp (simulations.room.snapshot),
the viewer's delegation and role (scientist or policymaker: their personal notes), and which injects are
released by now. So it is rendered once per such *variant* and kept with the snapshot: right after each change
for every seated variant (``prepare_rooms``, called where the snapshot is read after the commit, and by a room
that finds the table's snapshot expired and reads it again), or by the first room that needs a variant nobody
rendered yet (an inject released since). What differs per person or per moment is left as a marked hole and filled in for
each request: the CSRF token, the poll URL's signed token, the round clock and the next inject's timer. The
page around the partial is shared the same way (``room_page_html``).

Confidentiality: a variant is keyed by its delegation and role, exactly what the room shows of the snapshot, so
a room never receives another delegation's or another role's material.

Language: a variant is keyed by its language too. After a change each seat's room is prepared in the language its
holder chose (``language_of``, read with the seats: no query of its own); a request is served the variant in the
language it is answered in (the switcher's choice, else the browser's), rendered on demand when nobody prepared
it, so a room prepared in French is never served to a reader of English. The holes are HTML comments, which the
escaping of any typed text can never produce.
"""

import functools
import time
from urllib.parse import quote

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from course.domain.languages import language_of
from course.permissions import is_facilitator, is_reviewer
from simulations.domain.injects import released_injects, seconds_to_next_inject
from simulations.enums import RunState
from simulations.room.clock import clock_html
from simulations.room.pace import low_data_mode
from simulations.room.seat import room_for_seat
from simulations.room.snapshot import prepared_rooms
from simulations.room.state import current_room_state, poll_token
from simulations.templatetags.negotiation_tags import negotiation_tools

HOLES = {
    "csrf": "<!--hole:csrf-->",
    "poll-token": "<!--hole:poll-token-->",
    "clock": "<!--hole:clock-->",
    "inject-delay": "<!--hole:inject-delay-->",
    "room": "<!--hole:room-->",
    "low-data": "<!--hole:low-data-->",  # the viewer's low-data mode (simulations.room.pace)
}
PAGE = "simulations/room.html"
TOOLS = "simulations/negotiation/_tools.html"
PARTIAL = "simulations/room.html#room"


def cached_room_html(request, run_id, *, page):
    """The room (the whole page, or the partial) of ``request.user`` without reading the run from the database:
    its stamp from the run state published after every change's commit, its HTML from the table's prepared
    rooms at that stamp. None when either is missing or the round is due (the caller then takes the database
    path, whose lazy check ends the round)."""
    rooms = current_prepared_rooms(run_id)
    return serve_prepared(RequestViewer(request), rooms.run, rooms, page) if rooms is not None else None


def current_prepared_rooms(run_id, state=None):
    """The table's prepared rooms at the stamp published after its last change (or at ``state``, a
    (stamp, state, ends_at) just read); None when either is missing or the round is due."""
    stamp = serving_stamp(state or current_room_state(run_id))
    return prepared_rooms(run_id, stamp) if stamp is not None else None


def serving_stamp(state):
    """The stamp whose prepared rooms may be served for ``state`` ((stamp, state, ends_at) or None); None when
    there is no state or the round is due (its lazy end belongs to the full path)."""
    if state is None:
        return None
    stamp, run_state, ends_at = state
    if run_state == RunState.RUNNING and ends_at is not None and ends_at <= time.time():
        return None
    return stamp


def prepared_room_html(request, run, *, page):
    """As ``cached_room_html``, for ``run`` just read from the database."""
    rooms = prepared_rooms(run.pk, run.room_stamp)
    return serve_prepared(RequestViewer(request), run, rooms, page) if rooms is not None else None


class RequestViewer:
    """Who a room is served to, as the holes and the shared page ask it, for a request through Django's
    middleware (simulations.room.express has its own, read from the cache)."""

    def __init__(self, request):
        self.request = request
        self.user_id = request.user.pk

    def csrf_token(self):
        return _csrf_token(self.request)

    def messages_waiting(self):
        return bool(list(get_messages(self.request)))

    def roles(self):
        return (is_facilitator(self.request.user), is_reviewer(self.request.user))

    def low_data(self):
        return low_data_mode(self.request)


def serve_prepared(viewer, run, rooms, page, language=None):
    """The prepared room of ``viewer`` (the page or the partial) in ``language`` (default: the active one), holes
    filled; None when they have no seat at the table, or their variant or page is not prepared (or messages wait
    for them). Renders nothing but the clock's shape, when a web process has not seen it yet."""
    seat = rooms.seats.get(viewer.user_id)
    if seat is None:
        return None
    language = language or translation.get_language()
    seat_id, delegation_id, role = seat
    now = timezone.now()
    moment = _moment(run, rooms, now)
    partial = rooms.rendered.get(_variant_key(rooms, delegation_id, role, moment, language))
    if partial is None:
        return None
    partial = _fill_holes(partial, viewer, run, seat_id, moment, now, rooms.rendered, language)
    return _page_around(viewer, run, rooms, partial, render=None, language=language) if page else partial


def room_partial_html(request, room, run, extra=None):
    """The room partial for ``request.user``, from the shared variant when there is no per-request ``extra``
    (a refused action's message and typed values, a package preview), which is rendered for this request."""
    now = timezone.now()
    rooms = room.snapshot.rooms
    moment = _moment(run, rooms, now)
    if extra:
        html = _render_variant(room, run, extra)
    else:
        key = _variant_key(rooms, room.delegation.pk, room.role, moment, translation.get_language())
        html = rooms.rendered.get(key)
        if html is None:
            html = rooms.rendered.setdefault(key, _render_variant(room, run))
    return _fill_holes(html, RequestViewer(request), run, room.seat.pk, moment, now, rooms.rendered)


def room_page_html(request, room, run, partial):
    """The whole room page around ``partial``: shared too, per table stamp and the viewer's staff roles (the
    navigation), with the CSRF token as a hole. None when messages are waiting to be shown: then the caller
    renders the page for this request."""
    return _page_around(
        RequestViewer(request), run, room.snapshot.rooms, partial, render=lambda roles: _render_page(room, run, roles)
    )


def _page_around(viewer, run, rooms, partial, render, language=None):
    """``partial`` in the shared page; None when messages are waiting, or when the page is not rendered yet and
    ``render`` (roles → page) is None."""
    if viewer.messages_waiting():
        return None
    roles = viewer.roles()
    key = ("page", run.room_stamp, roles, language or translation.get_language())
    page = rooms.rendered.get(key)
    if page is None:
        if render is None:
            return None
        page = rooms.rendered.setdefault(key, render(roles))
    filled = page.replace(HOLES["csrf"], viewer.csrf_token()).replace(HOLES["room"], partial)
    filled = filled.replace(HOLES["low-data"], viewer.low_data())
    return mark_safe(filled)  # noqa: S308 - our templates; the partial is filled HTML, the token is a token


def _render_page(room, run, roles):
    context = {
        "room": room,
        "run": run,
        "room_html": mark_safe(HOLES["room"]),  # noqa: S308 - our own marker
        "csrf_token": mark_safe(HOLES["csrf"]),  # noqa: S308
        "user": _SharedViewer(),
        "user_is_facilitator": roles[0],
        "user_is_reviewer": roles[1],
        "messages": [],
    }
    return render_to_string(PAGE, context)


class _SharedViewer:
    """Who the shared page is rendered for: logged in, and nothing else about them, so that nothing personal
    can ever be rendered into a page other viewers receive."""

    is_authenticated = True
    is_anonymous = False

    def __str__(self):
        return ""


def prepare_rooms(run, snapshot):
    """Render every seated variant of the table now (after a change, before rooms ask for it), each in its seat
    holder's language, and the page around them and the round clock's shape, in each of those languages, as
    participants without staff roles see it."""
    moment = _moment(run, snapshot.rooms, timezone.now())
    rooms_by_language = {}
    tools = {}  # (delegation, language) → its negotiation tools: the same for both roles, most of a variant's cost
    for seat in snapshot.seats:
        for participant in seat.pair.participants.all():
            language = language_of(participant.user)  # read with the seats (simulations.room.snapshot)
            room = room_for_seat(run, snapshot, seat, participant)
            key = _variant_key(snapshot.rooms, room.delegation.pk, room.role, moment, language)
            if key not in snapshot.rendered:
                with translation.override(language):
                    shared = tools.get((room.delegation.pk, language))
                    if shared is None:
                        shared = tools[(room.delegation.pk, language)] = _render_tools(room, run)
                    snapshot.rendered[key] = _render_variant(room, run, {"negotiation_tools_html": shared})
            rooms_by_language.setdefault(language, room)
    for language, room in rooms_by_language.items():
        key = ("page", run.room_stamp, (False, False), language)
        with translation.override(language):
            if key not in snapshot.rendered:
                snapshot.rendered[key] = _render_page(room, run, (False, False))
            # The clock's shape too: rendered here it travels with the rooms to every web process, instead of
            # being rendered by each of them at its first room of the table after the change.
            clock_html(run, timezone.now(), snapshot.rendered)


def _moment(run, rooms, now):
    """What of the table depends on the time: the injects released at ``now`` and the seconds to the next one
    (None when none is pending)."""
    past = {key for number, key in rooms.rounds if number < run.current_round}
    released = tuple(i.pk for i in released_injects(run, rooms.injects, past, now))
    return released, seconds_to_next_inject(run, rooms.injects, now)


def _variant_key(rooms, delegation_id, role, moment, language):
    released, next_inject_in = moment
    return (rooms.stamp, delegation_id, role, released, next_inject_in is not None, language)


def _render_variant(room, run, extra=None):
    return render_to_string(PARTIAL, {"room": room, "run": run, **(extra or {})})


def _render_tools(room, run):
    """The room's negotiation tools as {% negotiation_tools %} renders them in a shared variant (no refused
    action, no preview): they depend on the delegation, the round and the table, never on the role."""
    context = negotiation_tools({"room": room, "run": run})
    return mark_safe(render_to_string(TOOLS, context))  # noqa: S308 - our template, rendered with autoescape


def _csrf_token(request):
    # One masked token for the whole page: each get_token() call draws a new 32-character mask from the OS's
    # random source, one system call per character.
    if not hasattr(request, "_room_csrf_token"):
        request._room_csrf_token = get_token(request)
    return request._room_csrf_token


def _fill_holes(html, viewer, run, seat_id, moment, now, rendered, language=None):
    delay = moment[1]
    filled = (
        html.replace(HOLES["csrf"], viewer.csrf_token())
        .replace(HOLES["poll-token"], _quoted(poll_token(run.pk, viewer.user_id, seat_id)))
        .replace(HOLES["inject-delay"], f"{max(delay or 0, 0):.0f}")
    )
    if HOLES["clock"] in filled:
        filled = filled.replace(HOLES["clock"], clock_html(run, now, rendered, language))
    return mark_safe(filled)  # noqa: S308 - rendered by our templates; the fillings are tokens and our clock


@functools.lru_cache(maxsize=8192)
def _quoted(token):
    # A process reuses each seat's token for minutes (simulations.room.state); quoting it in Python costs more
    # than filling the rest of the room.
    return quote(token, safe="")
