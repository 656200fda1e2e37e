import datetime

import pytest
from django.utils import timezone

from logistics.domain.attendance import (
    certificate_standing,
    check_in,
    meets_certificate_rule,
    open_check_in,
    set_attendance,
)
from logistics.enums import AttendanceSource
from logistics.errors import LogisticsRefused
from logistics.models import AttendanceMark, LogisticsSetup
from participants.models import AuditLogEntry
from programme.enums import SessionKind
from tests.factories.participants import make_pair
from tests.factories.programme import PairGroupFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "attended, sessions, percent, meets",
    [(8, 10, 80, True), (7, 10, 80, False), (4, 5, 80, True), (2, 3, 67, False), (2, 3, 66, True), (0, 0, 0, False)],
)
def test_rule_is_exact(attended, sessions, percent, meets):
    assert meets_certificate_rule(attended, sessions, percent) is meets


def test_team_ticks_and_unticks_with_audit(cohort, team):
    course, scientist, _ = cohort
    session = SessionFactory(course=course)

    assert set_attendance(session, scientist, True, by=team) is True
    assert set_attendance(session, scientist, True, by=team) is False  # twice: one mark
    assert AttendanceMark.objects.count() == 1
    assert set_attendance(session, scientist, False, by=team) is True

    assert not AttendanceMark.objects.exists()
    actions = list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["logistics.attendance_marked", "logistics.attendance_unmarked"]


def test_standing_counts_breaks_out_and_parallel_sessions_per_group(team):
    pair, scientist, _ = make_pair()
    other_pair, other, _ = make_pair(course=pair.course)
    course = pair.course
    plenary = SessionFactory(course=course)
    SessionFactory(course=course, kind=SessionKind.BREAK)
    group = PairGroupFactory(course=course, pairs=[pair])
    parallel = SessionFactory(course=course, for_everyone=False, groups=[group])
    set_attendance(plenary, scientist, True, by=team)
    set_attendance(parallel, scientist, True, by=team)
    set_attendance(plenary, other, True, by=team)

    standing = {s.participant_id: s for s in certificate_standing(course)}

    assert (standing[scientist.pk].attended, standing[scientist.pk].sessions) == (2, 2)
    assert (standing[other.pk].attended, standing[other.pk].sessions) == (1, 1)
    assert standing[scientist.pk].eligible and standing[other.pk].eligible


def test_rule_setting_per_edition(team):
    pair, scientist, _ = make_pair()
    sessions = [SessionFactory(course=pair.course) for _ in range(4)]
    for session in sessions[:3]:
        set_attendance(session, scientist, True, by=team)
    LogisticsSetup.objects.create(course=pair.course, certificate_min_percent=90)

    standing = {s.participant_id: s for s in certificate_standing(pair.course)}

    assert standing[scientist.pk].percent == 75 and not standing[scientist.pk].eligible


def test_participant_checks_in_with_the_room_code(cohort, team):
    course, scientist, _ = cohort
    session = SessionFactory(course=course)
    code = open_check_in(session, by=team).code

    assert check_in(scientist, code.lower()) == session

    mark = AttendanceMark.objects.get()
    assert mark.source == AttendanceSource.CHECK_IN and mark.marked_by == scientist.user


def test_check_in_refused_when_closed_wrong_or_other_group(cohort, team):
    course, scientist, _ = cohort
    session = SessionFactory(course=course)
    check = open_check_in(session, by=team)

    with pytest.raises(LogisticsRefused, match="closed"):
        check_in(scientist, check.code, now=timezone.now() + datetime.timedelta(hours=4))
    with pytest.raises(LogisticsRefused, match="No session"):
        check_in(scientist, "ZZZZZZ" if check.code != "ZZZZZZ" else "YYYYYY")
    with pytest.raises(LogisticsRefused, match="six characters"):
        check_in(scientist, "<b>")
    group_session = SessionFactory(course=course, for_everyone=False, groups=[PairGroupFactory(course=course)])
    with pytest.raises(LogisticsRefused, match="another group"):
        check_in(scientist, open_check_in(group_session, by=team).code)
    assert not AttendanceMark.objects.exists()


def test_reopening_check_in_changes_the_code(cohort, team):
    course, _, _ = cohort
    session = SessionFactory(course=course)

    first = open_check_in(session, by=team).code
    second = open_check_in(session, by=team).code

    assert first != second  # a new random code (equal by a 1 in 887 million chance)
