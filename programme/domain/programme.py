"""Editing the draft programme: create, move, resize and remove sessions.

Nothing here refuses a conflict: overlaps and capacity problems are warnings (programme.domain.conflicts), shown
to the facilitator and acknowledged before publishing. Only a session that would end before it starts is refused.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext

from programme.models import Session

STEP = datetime.timedelta(minutes=15)
MIN_LENGTH = STEP


class ProgrammeError(ValueError):
    """A refused edit; the message says why and is safe to show."""


def combine_local(course, day, time):
    """A wall-clock time on a day in the course's zone, as an aware datetime (UTC when saved)."""
    return datetime.datetime.combine(day, time, tzinfo=course.tzinfo)


def local_day(course, instant):
    return instant.astimezone(course.tzinfo).date()


def _utc(instant):
    return instant.astimezone(datetime.UTC)


def _check_times(starts_at, ends_at):
    if ends_at - starts_at < MIN_LENGTH:
        raise ProgrammeError(gettext("A session must end at least 15 minutes after it starts."))


@transaction.atomic
def create_session(course, *, title, starts_at, ends_at, speakers=(), groups=(), **fields):
    _check_times(starts_at, ends_at)
    session = Session.objects.create(course=course, title=title, starts_at=starts_at, ends_at=ends_at, **fields)
    session.speakers.set(speakers)
    session.groups.set(groups)
    return session


@transaction.atomic
def update_session(session, *, speakers=None, groups=None, **fields):
    for name, value in fields.items():
        setattr(session, name, value)
    _check_times(session.starts_at, session.ends_at)
    session.save()
    if speakers is not None:
        session.speakers.set(speakers)
    if groups is not None:
        session.groups.set(groups)
    return session


def move_session(session, *, by=None, to_start=None, room=None, change_room=False, length=None):
    """Shift a session by a timedelta, or to a new start, keeping its length unless a new ``length`` is given;
    optionally change its room."""
    # Elapsed-time arithmetic in UTC: 15 minutes later is 15 real minutes, even across a clock change.
    if length is None:
        length = _utc(session.ends_at) - _utc(session.starts_at)
    elif length < MIN_LENGTH:
        raise ProgrammeError(gettext("A session must last at least 15 minutes."))
    start = _utc(to_start) if to_start is not None else _utc(session.starts_at) + (by or datetime.timedelta())
    session.starts_at, session.ends_at = start, start + length
    update = ["starts_at", "ends_at", "updated_at"]
    if change_room:
        session.room = room
        update.append("room")
    session.save(update_fields=update)
    return session


def step_room(session, rooms, *, by):
    """Move a session ``by`` rooms along ``rooms`` (the editor's column order), keeping its time; a session with
    no room goes to the first or last room. Refused past either end."""
    ids = [room.pk for room in rooms]
    if not ids:
        raise ProgrammeError(gettext("There are no rooms to move it to."))
    without_room = 0 if by > 0 else len(ids) - 1
    index = ids.index(session.room_id) + by if session.room_id in ids else without_room
    if not 0 <= index < len(ids):
        raise ProgrammeError(gettext("There is no room further that way."))
    session.room = rooms[index]
    session.save(update_fields=["room", "updated_at"])
    return session


def resize_session(session, *, by):
    """Lengthen (positive) or shorten (negative) a session by moving its end."""
    new_end = _utc(session.ends_at) + by
    _check_times(session.starts_at, new_end)
    session.ends_at = new_end
    session.save(update_fields=["ends_at", "updated_at"])
    return session


def remove_session(session):
    """Remove a session from the draft; the next release lists it as cancelled."""
    session.delete()
