import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from logistics.domain.documents import issue_document
from logistics.domain.retention import purge_expired_personal_data
from logistics.domain.traveller import save_itinerary, save_passport
from logistics.enums import DocumentKind
from logistics.models import ExpenseClaim, IssuedDocument, Itinerary, LogisticsSetup, PassportDetails
from participants.models import AuditLogEntry
from tests.factories.logistics import ExpenseClaimFactory

pytestmark = pytest.mark.django_db


def _past_course(course, days_ago):
    course.ends_on = timezone.localdate() - datetime.timedelta(days=days_ago)
    course.starts_on = course.ends_on - datetime.timedelta(days=4)
    course.save()


def test_passports_letters_receipts_and_itineraries_go_after_the_retention_period(
    cohort, team, django_capture_on_commit_callbacks
):
    course, scientist, _ = cohort
    letter = issue_document(scientist, DocumentKind.VISA_LETTER, by=team, mail=False)
    certificate = issue_document(scientist, DocumentKind.CERTIFICATE, by=team, mail=False)
    claim = ExpenseClaimFactory(participant=scientist)
    save_itinerary(scientist, {"travelling_from": "Nairobi", "arrival_details": "KQ 1234 via FCO"}, by=scientist.user)
    save_passport(scientist, {"passport_number": "AK7654321"}, by=scientist.user)
    letter_file, receipt_file = letter.pdf.name, claim.receipt.name
    storage = letter.pdf.storage
    _past_course(course, days_ago=90)

    with django_capture_on_commit_callbacks(execute=True):
        summary = purge_expired_personal_data()

    assert summary.as_dict() == {"courses": 1, "passports": 1, "itineraries": 1, "letters": 1, "receipts": 1}
    assert not PassportDetails.objects.exists() and not Itinerary.objects.exists()
    letter.refresh_from_db()
    claim.refresh_from_db()
    assert not letter.pdf and letter.pdf_deleted_at is not None
    assert letter.holder_name and letter.code  # still verifiable
    assert not claim.receipt and not claim.receipt_name and claim.amount_claimed  # the ledger keeps its amounts
    audit = " ".join(str(e.before) + str(e.after) for e in AuditLogEntry.objects.all())
    assert "AK7654321" not in audit and "AK1234567" not in audit and "KQ 1234" not in audit  # no passport, no flight
    assert not storage.exists(letter_file) and not storage.exists(receipt_file)
    assert IssuedDocument.objects.get(pk=certificate.pk).pdf  # certificates stay
    assert AuditLogEntry.objects.filter(action="logistics.retention_purge").exists()
    assert purge_expired_personal_data().courses == 0  # idempotent


def test_nothing_is_deleted_before_the_period_ends(cohort):
    course, _, _ = cohort
    _past_course(course, days_ago=89)

    assert purge_expired_personal_data().courses == 0
    assert PassportDetails.objects.exists()


def test_the_period_is_a_setting_per_edition(cohort):
    course, _, _ = cohort
    LogisticsSetup.objects.create(course=course, retention_days=10)
    _past_course(course, days_ago=10)

    assert purge_expired_personal_data().passports == 1


def test_management_command_dry_run_then_run(cohort, capsys):
    course, scientist, _ = cohort
    ExpenseClaimFactory(participant=scientist)
    _past_course(course, days_ago=365)

    call_command("purge_logistics_data", "--dry-run")
    assert "Would delete in 1 course(s): 1 passport record(s)" in capsys.readouterr().out
    assert PassportDetails.objects.exists()

    call_command("purge_logistics_data")
    assert "Deleted in 1 course(s)" in capsys.readouterr().out
    assert not PassportDetails.objects.exists()
    assert not ExpenseClaim.objects.get().receipt


def test_beat_runs_the_purge_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["logistics-purge-personal-data"]
    assert entry["task"] == "logistics.tasks.purge_personal_data"
