"""Attendance per programme session and the certificate rule.

A participant's sessions are those of the programme that are meant for them (plenary, or a parallel session of
their pair's group), breaks excluded. The team ticks a list (``set_attendance``), or a participant checks in
with the code shown in the room while check-in is open (``check_in``); both write one AttendanceMark per
participant and session (a database constraint), audited. The rule: attended ≥ ``certificate_min_percent`` %
of their sessions (a setting per edition, default 80)."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from logistics.domain.setup import read_setup
from logistics.enums import AttendanceSource
from logistics.errors import LogisticsRefused
from logistics.models import AttendanceMark, SessionCheckIn
from logistics.models.attendance import ROOM_CODE_ALPHABET, new_room_code
from participants.domain.audit import record_audit
from participants.models import Participant
from programme.enums import SessionKind
from programme.models import Session

CHECK_IN_OPEN_FOR = datetime.timedelta(hours=3)


def programme_sessions(course):
    """Sessions that count for attendance: the course's programme without breaks, in time order."""
    return Session.objects.filter(course=course).exclude(kind=SessionKind.BREAK).order_by("starts_at", "pk")


def _sessions_for_pair(sessions, group_pairs, pair_id):
    return [s for s in sessions if s.for_everyone or pair_id in group_pairs.get(s.pk, set())]


def session_group_pairs(sessions):
    """{session id: {pair ids}} for the parallel sessions, in one query."""
    through = sessions.model.groups.through
    pair_through = sessions.model.groups.field.related_model.pairs.through
    group_pairs = {}
    for group_id, pair_id in pair_through.objects.values_list("pairgroup_id", "pair_id"):
        group_pairs.setdefault(group_id, set()).add(pair_id)
    result = {}
    for session_id, group_id in through.objects.filter(session__in=sessions).values_list("session_id", "pairgroup_id"):
        result.setdefault(session_id, set()).update(group_pairs.get(group_id, set()))
    return result


def meets_certificate_rule(attended, sessions, min_percent):
    """The rule, exact in integers: attended / sessions ≥ min_percent / 100. No sessions: no certificate."""
    return sessions > 0 and attended * 100 >= min_percent * sessions


@dataclass
class Standing:
    participant_id: int
    full_name: str
    attended: int
    sessions: int
    eligible: bool

    @property
    def percent(self):
        return round(100 * self.attended / self.sessions) if self.sessions else 0


def certificate_standing(course):
    """Every participant of the course with their attended / expected sessions and whether the rule is met."""
    setup = read_setup(course)
    sessions = list(programme_sessions(course))
    group_pairs = session_group_pairs(programme_sessions(course))
    session_ids = {s.pk for s in sessions}
    marks = {}
    for pid, sid in AttendanceMark.objects.filter(session__course=course).values_list("participant_id", "session_id"):
        if sid in session_ids:
            marks.setdefault(pid, set()).add(sid)
    result = []
    for participant in Participant.objects.filter(pair__course=course).order_by("pair_id", "role"):
        mine = _sessions_for_pair(sessions, group_pairs, participant.pair_id)
        attended = len(marks.get(participant.pk, set()) & {s.pk for s in mine})
        eligible = meets_certificate_rule(attended, len(mine), setup.certificate_min_percent)
        result.append(Standing(participant.pk, participant.full_name, attended, len(mine), eligible))
    return result


def set_attendance(session, participant, present, *, by, source=AttendanceSource.TEAM):
    """Tick (present=True) or untick a participant for a session. Returns True when something changed."""
    if participant.pair.course_id != session.course_id:
        raise LogisticsRefused(gettext("This participant is not in this course."))
    with transaction.atomic():
        if present:
            try:
                with transaction.atomic():
                    mark = AttendanceMark.objects.create(
                        participant=participant, session=session, source=source, marked_by=_user(by)
                    )
            except IntegrityError:
                return False  # ticked already (twice, or by two phones at once)
            record_audit(session.course, by, "logistics.attendance_marked", mark, {}, _detail(session, source))
            return True
        mark = AttendanceMark.objects.filter(participant=participant, session=session).first()
        if mark is None:
            return False
        record_audit(session.course, by, "logistics.attendance_unmarked", mark, _detail(session, mark.source), {})
        mark.delete()
        return True


def _detail(session, source):
    return {"session": session.title[:120], "source": str(source)}


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def open_check_in(session, *, by, now=None):
    """Show a code in the room: open (or reopen with a new code) check-in for three hours."""
    now = now or timezone.now()
    with transaction.atomic():
        check_in, created = SessionCheckIn.objects.select_for_update().get_or_create(
            session=session, defaults={"opened_at": now, "closes_at": now + CHECK_IN_OPEN_FOR, "opened_by": _user(by)}
        )
        if not created:
            check_in.code = new_room_code()
            check_in.opened_at, check_in.closes_at, check_in.opened_by = now, now + CHECK_IN_OPEN_FOR, _user(by)
            check_in.save()
        record_audit(session.course, by, "logistics.check_in_opened", check_in, {}, {"session": session.title[:120]})
    return check_in


def close_check_in(session, *, by, now=None):
    now = now or timezone.now()
    return SessionCheckIn.objects.filter(session=session, closes_at__gt=now).update(closes_at=now)


def check_in(participant, typed_code, *, now=None):
    """A participant's own check-in with the code shown in the room. Returns the session."""
    now = now or timezone.now()
    code = "".join(ch for ch in (typed_code or "").upper() if not ch.isspace())
    if len(code) != 6 or not set(code) <= set(ROOM_CODE_ALPHABET):
        raise LogisticsRefused(gettext("Type the six characters shown in the room."))
    found = (
        SessionCheckIn.objects.select_related("session__course")
        .filter(code=code, session__course_id=participant.pair.course_id)
        .first()
    )
    if found is None:
        raise LogisticsRefused(gettext("No session of this course shows that code. Check it and try again."))
    if not found.opened_at <= now < found.closes_at:
        raise LogisticsRefused(gettext("Check-in for this session is closed. Ask the course team to tick you."))
    session = found.session
    allowed = session.for_everyone or session.groups.filter(pairs=participant.pair_id).exists()
    if not allowed:
        raise LogisticsRefused(gettext("This session is for another group."))
    set_attendance(session, participant, True, by=participant.user, source=AttendanceSource.CHECK_IN)
    return session


def present_ids(session):
    return set(AttendanceMark.objects.filter(session=session).values_list("participant_id", flat=True))


def session_participants(session):
    """The participants a session is meant for, scientist first within each pair."""
    qs = Participant.objects.filter(pair__course_id=session.course_id)
    if not session.for_everyone:
        qs = qs.filter(Q(pair__programme_groups__sessions=session))
    return qs.distinct().order_by("pair_id", "role")
