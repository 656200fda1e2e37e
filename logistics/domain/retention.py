"""The retention rule for personal data of the travel part (docs/data.md, “Passports, visa letters, receipts”).

``retention_days`` (default 90) after a course's last day, for every participant of that course:
- passport details are deleted (the row);
- visa-letter PDFs are deleted (they print the passport number); the letter's row stays, so its verification
  code still confirms name, course and dates;
- receipt files are deleted; the claim's amounts, status and payment stay (finance keeps its ledger).
- itineraries (flights, times) are deleted: travel details are not needed after reimbursement.
Certificates stay: they are the participant's record of attendance.

Run daily by beat (``logistics.tasks.purge_personal_data``) and by hand with
``manage.py purge_logistics_data [--dry-run]``. Idempotent: a second run finds nothing to delete.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from course.models import Course
from logistics.domain.setup import read_setup
from logistics.enums import DocumentKind
from logistics.models import ExpenseClaim, IssuedDocument, Itinerary, LogisticsSetup, PassportDetails
from participants.domain.audit import record_audit


@dataclass
class PurgeSummary:
    courses: int = 0
    passports: int = 0
    itineraries: int = 0
    letters: int = 0
    receipts: int = 0

    def as_dict(self):
        return asdict(self)


def purge_due_on(course, setup=None):
    setup = setup or read_setup(course)
    return course.ends_on + datetime.timedelta(days=setup.retention_days)


def expired_courses(today):
    """Courses whose retention period is over (the default period where no setup row exists)."""
    setups = {s.course_id: s for s in LogisticsSetup.objects.all()}
    default_days = LogisticsSetup._meta.get_field("retention_days").default
    result = []
    for course in Course.objects.filter(ends_on__lt=today):
        days = setups[course.pk].retention_days if course.pk in setups else default_days
        if course.ends_on + datetime.timedelta(days=days) <= today:
            result.append(course)
    return result


def purge_expired_personal_data(now=None, dry_run=False):
    now = now or timezone.now()
    summary = PurgeSummary()
    for course in expired_courses(timezone.localdate(now)):
        counts = purge_course(course, now=now, dry_run=dry_run)
        if any(counts.values()):
            summary.courses += 1
            for name, value in counts.items():
                setattr(summary, name, getattr(summary, name) + value)
    return summary


def purge_course(course, *, now, dry_run=False):
    passports = PassportDetails.objects.filter(participant__pair__course=course)
    itineraries = Itinerary.objects.filter(participant__pair__course=course)
    letters = IssuedDocument.objects.filter(
        participant__pair__course=course, kind=DocumentKind.VISA_LETTER, pdf_deleted_at__isnull=True
    ).exclude(pdf="")
    receipts = ExpenseClaim.objects.filter(participant__pair__course=course, receipt_deleted_at__isnull=True).exclude(
        receipt=""
    )
    counts = {
        "passports": passports.count(),
        "itineraries": itineraries.count(),
        "letters": letters.count(),
        "receipts": receipts.count(),
    }
    if dry_run or not any(counts.values()):
        return counts
    files = []
    with transaction.atomic():
        for letter in letters.select_for_update():
            files.append((letter.pdf.storage, letter.pdf.name))
        for claim in receipts.select_for_update():
            files.append((claim.receipt.storage, claim.receipt.name))
        letters.update(pdf="", pdf_deleted_at=now)
        receipts.update(receipt="", receipt_name="", receipt_deleted_at=now)
        passports.delete()
        itineraries.delete()
        setup, _ = LogisticsSetup.objects.get_or_create(course=course)
        LogisticsSetup.objects.filter(pk=setup.pk).update(purged_at=now)
        record_audit(course, None, "logistics.retention_purge", setup, {}, counts)
        # Files go only once the rows no longer point at them.
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return counts
