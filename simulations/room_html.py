"""The room's HTML, rendered once per table change for each kind of seat and shared by everyone in it.

Everything in the room partial follows from the table's snapshot at its stamp (simulations.domain.table_snapshot),
the viewer's delegation and role (scientist or policymaker: their personal notes), and which injects are
released by now. So it is rendered once per such *variant* and kept with the snapshot: right after each change
for every seated variant (``prepare_rooms``, called where the snapshot is read after the commit), or by the
first room that needs it. What differs per person or per moment is left as a marked hole and filled in for
each request: the CSRF token, the poll URL's signed token, the round clock and the next inject's timer.

Confidentiality: a variant is keyed by its delegation and role, exactly what the room shows of the snapshot, so
a room never receives another delegation's or another role's material. The holes are HTML comments, which the
escaping of any typed text can never produce.
"""

from urllib.parse import quote

from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from simulations.domain.console import released_injects, seconds_to_next_inject
from simulations.domain.room import room_for_seat
from simulations.domain.room_state import poll_token

HOLES = {
    "csrf": "<!--hole:csrf-->",
    "poll-token": "<!--hole:poll-token-->",
    "clock": "<!--hole:clock-->",
    "inject-delay": "<!--hole:inject-delay-->",
}
PARTIAL = "simulations/room.html#room"
CLOCK = "simulations/_round_clock.html"


def room_partial_html(request, room, run, extra=None):
    """The room partial for ``request.user``, from the shared variant when there is no per-request ``extra``
    (a refused action's message and typed values, a package preview), which is rendered for this request."""
    now = timezone.now()
    if extra:
        html = _render_variant(room, run, extra)
    else:
        key = _variant_key(room, run, now)
        html = room.snapshot.rendered.get(key)
        if html is None:
            html = room.snapshot.rendered.setdefault(key, _render_variant(room, run))
    return _fill_holes(html, request, room, run, now)


def prepare_rooms(run, snapshot):
    """Render every seated variant of the table now (after a change, before rooms ask for it)."""
    now = timezone.now()
    for seat in snapshot.seats:
        for participant in seat.pair.participants.all():
            room = room_for_seat(run, snapshot, seat, participant)
            key = _variant_key(room, run, now)
            if key not in snapshot.rendered:
                snapshot.rendered[key] = _render_variant(room, run)


def _variant_key(room, run, now):
    snapshot = room.snapshot
    past = {r.key for r in snapshot.rounds if r.number < run.current_round}
    released = tuple(i.pk for i in released_injects(run, snapshot.injects, past, now))
    upcoming = seconds_to_next_inject(run, snapshot.injects, now) is not None
    return (run.room_stamp, room.delegation.pk, room.role, released, upcoming)


def _render_variant(room, run, extra=None):
    return render_to_string(PARTIAL, {"room": room, "run": run, **(extra or {})})


def _fill_holes(html, request, room, run, now):
    delay = seconds_to_next_inject(run, room.snapshot.injects, now)
    filled = (
        html.replace(HOLES["csrf"], get_token(request))
        .replace(HOLES["poll-token"], quote(poll_token(run.pk, request.user.pk, room.seat.pk), safe=""))
        .replace(HOLES["inject-delay"], f"{max(delay or 0, 0):.0f}")
    )
    if HOLES["clock"] in filled:
        filled = filled.replace(HOLES["clock"], get_template(CLOCK).render({"run": run, "server_now": now}))
    return mark_safe(filled)  # noqa: S308 - rendered by our templates; the fillings are tokens and our clock
