import io

import pytest
from django.core.management import call_command

from logistics.enums import ClaimStatus, DocumentKind, VisaStatus
from logistics.models import AttendanceMark, ExpenseClaim, IssuedDocument, VisaCase

pytestmark = pytest.mark.django_db


def _counts():
    return (
        VisaCase.objects.count(),
        IssuedDocument.objects.count(),
        ExpenseClaim.objects.count(),
        AttendanceMark.objects.count(),
    )


def test_demo_cohort_has_visas_letters_ledger_attendance_and_certificates_and_seeding_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    statuses = set(VisaCase.objects.values_list("status", flat=True))
    assert {VisaStatus.GRANTED, VisaStatus.REFUSED, VisaStatus.APPOINTMENT, VisaStatus.NOT_NEEDED} <= statuses
    kinds = set(IssuedDocument.objects.values_list("kind", flat=True))
    assert kinds == {DocumentKind.VISA_LETTER, DocumentKind.CERTIFICATE}
    claim_statuses = set(ExpenseClaim.objects.values_list("status", flat=True))
    assert set(ClaimStatus.values) - {ClaimStatus.SUBMITTED} <= claim_statuses
    assert AttendanceMark.objects.exists()
