"""The room's "low data" mode: fewer and smaller requests for participants on slow, expensive connections.

On when the person turned it on, or when they left it to their browser (the default) and the browser sends
``Save-Data: on``. The choice is remembered per person (RoomPreference) and copied into the session at login,
as the language is (course.domain.languages), so that a room load reads no extra row. What the mode changes is
the room's pace (static/js/room-push.js; docs/performance.md, "Low-data room"), never what a room shows.
"""

from simulations.enums import LowData
from simulations.models import RoomPreference

SESSION_KEY = "accord_low_data"
_CHOICES = frozenset(LowData.values)  # the property builds a new list on every read


def is_low_data(choice, save_data_header):
    """Whether the room runs in low-data mode for ``choice`` (a LowData value; None: never chosen) and the
    request's Save-Data header (RFC-less but widely sent: "on" means the user asked to save data)."""
    if choice == LowData.ON:
        return True
    if choice == LowData.OFF:
        return False
    return (save_data_header or "").strip().lower() == "on"


def choose_low_data(user, session, choice):
    """Remember ``choice`` for ``user`` (and in their current session). False when it is not a LowData value."""
    if choice not in LowData.values:
        return False
    RoomPreference.objects.update_or_create(user=user, defaults={"low_data": choice})
    session[SESSION_KEY] = choice
    return True


def restore_low_data(user, session):
    """At login: put the person's remembered choice into the new session."""
    choice = RoomPreference.objects.filter(user=user).values_list("low_data", flat=True).first()
    if choice in LowData.values:
        session[SESSION_KEY] = choice


def session_low_data(session):
    """The choice held by ``session`` (None when never made: the browser decides)."""
    choice = session.get(SESSION_KEY) if session is not None else None
    return choice if choice in _CHOICES else None
