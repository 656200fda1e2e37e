import datetime

import pytest

from logistics.domain.visa import set_visa_status, visa_warning
from logistics.enums import VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import VisaCase
from participants.models import AuditLogEntry
from tests.factories.logistics import VisaCaseFactory

pytestmark = pytest.mark.django_db

ALLOWED = [(a, b) for a, targets in VisaStatus.transitions().items() for b in targets]
REFUSED = [(a, b) for a in VisaStatus for b in VisaStatus if b not in VisaStatus.transitions()[a]]


@pytest.mark.parametrize("start, to", ALLOWED, ids=[f"{a}-{b}" for a, b in ALLOWED])
def test_allowed_transition_is_written_once_with_an_audit_row(cohort, team, start, to):
    _, scientist, _ = cohort
    case = VisaCaseFactory(participant=scientist, status=start, version=3)

    fresh = set_visa_status(scientist, to, by=team, expected_version=3, appointment_on=datetime.date(2031, 2, 1))

    assert fresh.status == to and fresh.version == 4
    entry = AuditLogEntry.objects.get(action="logistics.visa_status", object_id=str(case.pk))
    assert entry.before == {"status": start.value, "version": 3}
    assert entry.after["status"] == to.value and entry.actor == team


@pytest.mark.parametrize("start, to", REFUSED, ids=[f"{a}-{b}" for a, b in REFUSED])
def test_refused_transition_changes_nothing(cohort, team, start, to):
    _, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=start)

    with pytest.raises(LogisticsRefused, match="cannot go from"):
        set_visa_status(scientist, to, by=team, appointment_on=datetime.date(2031, 2, 1))

    assert VisaCase.objects.get(participant=scientist).status == start
    assert not AuditLogEntry.objects.filter(action="logistics.visa_status").exists()


def test_stale_version_is_refused(cohort, team):
    _, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.NOT_ASKED, version=5)

    with pytest.raises(LogisticsRefused, match="meanwhile"):
        set_visa_status(scientist, VisaStatus.NOT_NEEDED, by=team, expected_version=4)

    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.NOT_ASKED


def test_appointment_needs_a_date(cohort, team):
    _, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.LETTER_SENT)

    with pytest.raises(LogisticsRefused, match="date"):
        set_visa_status(scientist, VisaStatus.APPOINTMENT, by=team)


def test_first_status_creates_the_case(cohort, team):
    _, scientist, _ = cohort

    set_visa_status(scientist, VisaStatus.LETTER_REQUESTED, by=scientist.user)

    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.LETTER_REQUESTED


@pytest.mark.parametrize(
    "days_left, status, warns",
    [
        (120, VisaStatus.LETTER_SENT, False),
        (90, VisaStatus.LETTER_SENT, True),
        (30, VisaStatus.NOT_ASKED, True),
        (30, VisaStatus.APPOINTMENT, True),
        (30, VisaStatus.GRANTED, False),
        (30, VisaStatus.NOT_NEEDED, False),
        (-1, VisaStatus.LETTER_SENT, True),
        (200, VisaStatus.REFUSED, True),
    ],
)
def test_lead_time_warning(cohort, days_left, status, warns):
    course, _, _ = cohort
    today = course.starts_on - datetime.timedelta(days=days_left)

    assert bool(visa_warning(course, status, 90, today=today)) is warns


def test_refused_warning_says_costs_stay_reimbursable(cohort):
    course, _, _ = cohort

    assert "reimbursable" in visa_warning(course, VisaStatus.REFUSED, 90)
