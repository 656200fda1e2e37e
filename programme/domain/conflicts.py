"""Warnings about the draft programme. They never block saving; they must be acknowledged before publishing."""

import hashlib
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from course.timezones import format_course_time
from participants.models import Pair
from programme.models import PairGroup, Session, SpeakerAvailability

PEOPLE_PER_PAIR = 2


class WarningKind:
    ROOM = "room_double_booked"
    SPEAKER = "speaker_double_booked"
    AUDIENCE = "audience_in_two_places"
    OUTSIDE_DATES = "outside_course_dates"
    CAPACITY = "room_too_small"
    UNAVAILABLE = "speaker_unavailable"


SHORT_LABELS = {
    WarningKind.ROOM: _("Room double-booked"),
    WarningKind.SPEAKER: _("Speaker double-booked"),
    WarningKind.AUDIENCE: _("Audience in two places"),
    WarningKind.OUTSIDE_DATES: _("Outside the course dates"),
    WarningKind.CAPACITY: _("Room too small"),
    WarningKind.UNAVAILABLE: _("Speaker not available"),
}


@dataclass(frozen=True)
class ProgrammeWarning:
    kind: str
    message: str
    session_ids: tuple = field(default=())
    # What the warning rests on (times, rooms, speakers, audience, capacity), never the wording: renaming a
    # session keeps it acknowledged, moving one of its sessions makes it a new warning.
    facts: tuple = field(default=(), compare=False)

    @property
    def label(self):
        return SHORT_LABELS.get(self.kind, self.kind)

    @property
    def key(self):
        """The warning's fingerprint: acknowledged once, it stays acknowledged until one of its facts changes."""
        facts = self.facts or (self.message,)
        digest = hashlib.sha1(repr((self.kind, facts)).encode()).hexdigest()[:16]
        return f"{self.kind}:{digest}"


@dataclass
class _Audience:
    everyone: bool
    group_ids: frozenset
    pair_ids: frozenset


def load_draft(course):
    """The draft sessions with everything the checks and the editor need, in a constant number of queries."""
    sessions = list(Session.objects.filter(course=course).select_related("room").prefetch_related("speakers", "groups"))
    for session in sessions:
        session.course = course  # the caller's instance: no query per session when a form or check reads it
    return sessions


def find_conflicts(course, sessions=None):
    """Every warning about the draft, in the order of the sessions concerned."""
    sessions = load_draft(course) if sessions is None else sessions
    cohort_pair_ids = frozenset(Pair.objects.filter(course=course).values_list("pk", flat=True))
    group_pairs = {}
    for group_id, pair_id in PairGroup.pairs.through.objects.filter(pairgroup__course=course).values_list(
        "pairgroup_id", "pair_id"
    ):
        group_pairs.setdefault(group_id, set()).add(pair_id)
    audiences = {s.pk: _audience_of(s, cohort_pair_ids, group_pairs) for s in sessions}
    available = {}
    for window in SpeakerAvailability.objects.filter(speaker__course=course).order_by("starts_at"):
        available.setdefault(window.speaker_id, []).append((window.starts_at, window.ends_at))

    warnings = []
    for session in sessions:
        warnings.extend(_outside_dates(course, session))
        warnings.extend(_capacity(session, audiences[session.pk]))
        warnings.extend(_unavailable(course, session, available))
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.pk))
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            warnings.extend(_overlap(course, first, second, audiences[first.pk], audiences[second.pk]))
    return warnings


def warnings_by_session(warnings):
    by_session = {}
    for warning in warnings:
        for session_id in warning.session_ids:
            by_session.setdefault(session_id, []).append(warning)
    return by_session


def _audience_of(session, cohort_pair_ids, group_pairs):
    if session.for_everyone:
        return _Audience(True, frozenset(), cohort_pair_ids)
    group_ids = frozenset(g.pk for g in session.groups.all())
    pair_ids = frozenset(p for g in group_ids for p in group_pairs.get(g, ()))
    return _Audience(False, group_ids, pair_ids)


def _place(session):
    """The facts of a session a warning can rest on."""
    return (str(session.uid), session.starts_at.isoformat(), session.ends_at.isoformat(), session.room_id)


def _when(course, session):
    day = date_format(session.starts_at.astimezone(course.tzinfo), gettext("D j M"))
    return f"{day} {format_course_time(course, session.starts_at)}"


def _outside_dates(course, session):
    first_day = session.starts_at.astimezone(course.tzinfo).date()
    last_day = session.ends_at.astimezone(course.tzinfo).date()
    if first_day < course.starts_on or last_day > course.ends_on:
        yield ProgrammeWarning(
            WarningKind.OUTSIDE_DATES,
            gettext("“%(title)s” (%(when)s) is outside the course dates (%(first)s–%(last)s).")
            % {
                "title": session.title,
                "when": _when(course, session),
                "first": date_format(course.starts_on, gettext("j M")),
                "last": date_format(course.ends_on, "DATE_FORMAT"),
            },
            (session.pk,),
            (_place(session), course.starts_on.isoformat(), course.ends_on.isoformat()),
        )


def _capacity(session, audience):
    people = len(audience.pair_ids) * PEOPLE_PER_PAIR
    if session.room is not None and people > session.room.capacity:
        yield ProgrammeWarning(
            WarningKind.CAPACITY,
            gettext("“%(title)s”: %(room)s seats %(capacity)d but the audience is %(people)d people (%(pairs)d pairs).")
            % {
                "title": session.title,
                "room": session.room.name,
                "capacity": session.room.capacity,
                "people": people,
                "pairs": len(audience.pair_ids),
            },
            (session.pk,),
            (_place(session), session.room.capacity, people),
        )


def _unavailable(course, session, available):
    """A speaker who gave their availability and is not available for the whole session."""
    for speaker in session.speakers.all():
        windows = available.get(speaker.pk)
        if not windows:
            continue
        if any(start <= session.starts_at and session.ends_at <= end for start, end in windows):
            continue
        yield ProgrammeWarning(
            WarningKind.UNAVAILABLE,
            gettext("%(name)s is not available for “%(title)s” (%(when)s): outside the times they gave.")
            % {"name": speaker.name, "title": session.title, "when": _when(course, session)},
            (session.pk,),
            (_place(session), speaker.pk, tuple((a.isoformat(), b.isoformat()) for a, b in windows)),
        )


def _overlap(course, first, second, first_audience, second_audience):
    ids = (first.pk, second.pk)
    places = (_place(first), _place(second))
    both = gettext("“%(first)s” (%(first_when)s) and “%(second)s” (%(second_when)s)") % {
        "first": first.title,
        "first_when": _when(course, first),
        "second": second.title,
        "second_when": _when(course, second),
    }
    if first.room_id and first.room_id == second.room_id:
        message = gettext("%(room)s is double-booked: %(both)s overlap.") % {"room": first.room.name, "both": both}
        yield ProgrammeWarning(WarningKind.ROOM, message, ids, places)
    first_speakers = {sp.pk: sp for sp in first.speakers.all()}
    for speaker in second.speakers.all():
        if speaker.pk in first_speakers:
            message = gettext("%(name)s is double-booked: %(both)s overlap.") % {"name": speaker.name, "both": both}
            yield ProgrammeWarning(WarningKind.SPEAKER, message, ids, (*places, speaker.pk))
    who = _shared_audience(first, second, first_audience, second_audience)
    if who:
        audience = (
            first_audience.everyone,
            second_audience.everyone,
            tuple(sorted(first_audience.pair_ids & second_audience.pair_ids)),
        )
        message = gettext("%(who)s would be in two places at once: %(both)s.") % {"who": who, "both": both}
        yield ProgrammeWarning(WarningKind.AUDIENCE, message, ids, (*places, audience))


def _shared_audience(first, second, first_audience, second_audience):
    if first_audience.everyone and second_audience.everyone:
        return gettext("Everyone")
    if first_audience.everyone or second_audience.everyone:
        grouped = second if first_audience.everyone else first
        return ", ".join(g.name for g in grouped.groups.all())
    shared_groups = first_audience.group_ids & second_audience.group_ids
    if shared_groups:
        return ", ".join(g.name for g in first.groups.all() if g.pk in shared_groups)
    shared_pairs = first_audience.pair_ids & second_audience.pair_ids
    if shared_pairs:
        count = len(shared_pairs)
        return ngettext(
            "%(count)d pair in both %(first)s and %(second)s",
            "%(count)d pairs in both %(first)s and %(second)s",
            count,
        ) % {"count": count, "first": _group_names(first), "second": _group_names(second)}
    return ""


def _group_names(session):
    return ", ".join(g.name for g in session.groups.all())
