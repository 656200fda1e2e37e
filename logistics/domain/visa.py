"""The visa state machine: not asked → not needed | letter requested → letter sent → appointment → granted |
refused (transition table on ``VisaStatus.transitions``; docs/logistics.md).

``set_visa_status`` is the only writer of ``VisaCase.status``: one compare-and-set UPDATE on ``version`` (and
the state read) plus one audit row, in one transaction. A caller holding an old version changes nothing and is
told so. A refused visa changes nothing about costs: its claims stay reimbursable (logistics.domain.costs).
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from logistics.enums import VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import VisaCase
from participants.domain.audit import record_audit


def visa_case_for(participant):
    """The participant's visa case, created in its initial state on first use (write paths only)."""
    case, _ = VisaCase.objects.get_or_create(participant=participant)
    return case


def set_visa_status(participant, to, *, by, expected_version=None, appointment_on=None, note=""):
    """Move the participant's visa to ``to``. Refuses a transition the table does not allow, an appointment
    without a date, and a stale ``expected_version`` (someone changed it meanwhile). Returns the fresh case."""
    to = VisaStatus(to)
    with transaction.atomic():
        case = visa_case_for(participant)
        if expected_version is not None and case.version != expected_version:
            raise LogisticsRefused(gettext("Someone changed this visa status meanwhile. Look at it again and retry."))
        current = VisaStatus(case.status)
        if to not in VisaStatus.transitions()[current]:
            raise LogisticsRefused(
                gettext("A visa cannot go from “%(before)s” to “%(after)s”.")
                % {"before": current.label, "after": to.label}
            )
        if to == VisaStatus.APPOINTMENT and appointment_on is None:
            raise LogisticsRefused(gettext("Give the date of the embassy appointment."))
        changes = {"status": to, "note": (note or "")[:300], "updated_by": by if _is_user(by) else None}
        changes["appointment_on"] = appointment_on if to == VisaStatus.APPOINTMENT else case.appointment_on
        updated = VisaCase.objects.filter(pk=case.pk, version=case.version, status=current).update(
            version=F("version") + 1, updated_at=timezone.now(), **changes
        )
        if not updated:
            raise LogisticsRefused(gettext("Someone changed this visa status meanwhile. Look at it again and retry."))
        before = {"status": current.value, "version": case.version}
        after = {"status": to.value, "version": case.version + 1}
        if to == VisaStatus.APPOINTMENT:
            after["appointment_on"] = appointment_on.isoformat()
        record_audit(participant.pair.course, by, "logistics.visa_status", case, before, after)
    return VisaCase.objects.get(pk=case.pk)


def _is_user(by):
    return by is not None and getattr(by, "is_authenticated", False)


def visa_warning(course, status, lead_days, today=None):
    """The warning shown next to a visa, or "" when none is due.

    Due when the course starts within ``lead_days`` (or has started) and the visa is neither granted nor
    unnecessary. A refused visa always warns, and says that its costs stay reimbursable."""
    today = today or timezone.localdate()
    days_left = (course.starts_on - today).days
    status = VisaStatus(status or VisaStatus.NOT_ASKED)
    if status == VisaStatus.REFUSED:
        return gettext("Visa refused: costs already incurred stay reimbursable.")
    if status in VisaStatus.settled() or days_left > lead_days:
        return ""
    if days_left < 0:
        return gettext("The course has started and the visa is not granted.")
    return ngettext(
        "The course starts in %(count)d day and the visa is not granted.",
        "The course starts in %(count)d days and the visa is not granted.",
        days_left,
    ) % {"count": days_left}


def lead_time_deadline(course, lead_days):
    return course.starts_on - datetime.timedelta(days=lead_days)
