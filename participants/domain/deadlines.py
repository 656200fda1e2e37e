"""The application deadline, decided on the server, and the facilitator's late-submission exception."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from participants.domain.errors import ApplicationRefused
from participants.enums import ApplicationStatus
from participants.models import LateSubmissionCode


def hash_secret(value):
    return hashlib.sha256(value.encode()).hexdigest()


def _normalise_code(code):
    # Codes are shown as "A1B2C3-D4E5F6-..."; people retype them in any case and with stray spaces.
    return "".join(code.split()).upper()


def is_call_open(course, now=None):
    """The deadline itself still counts: a submission stamped exactly at the deadline is on time. A call the
    course team closed by hand takes no new applications (drafts already started stay editable until the deadline)."""
    now = now or timezone.now()
    return not course.call_closed and course.opens_at <= now <= course.deadline


def is_past_deadline(course, now=None):
    return (now or timezone.now()) > course.deadline


def has_active_late_code(application, now=None):
    now = now or timezone.now()
    return any(code.used_at is None and code.valid_until >= now for code in application.late_codes.all())


def can_edit_application(application, now=None):
    """Drafts can be changed until the deadline, or later while a late-submission code is still valid."""
    if application.status != ApplicationStatus.DRAFT:
        return False
    return not is_past_deadline(application.course, now) or has_active_late_code(application, now)


def issue_late_code(application, by_user, valid_until, now=None):
    """Create a single-use code for this one application; returns the code in clear (only its hash is kept)."""
    now = now or timezone.now()
    if valid_until <= now:
        raise ApplicationRefused(gettext("A late-submission code must be valid until a time in the future."))
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationRefused(gettext("Only a draft application can be given a late-submission code."))
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    LateSubmissionCode.objects.create(
        application=application,
        code_hash=hash_secret(_normalise_code(code)),
        valid_until=valid_until,
        created_by=by_user,
    )
    return code


def redeem_late_code(application, code, now=None):
    """Use the code once (compare-and-set), or refuse. Call inside the submitting transaction."""
    now = now or timezone.now()
    refusal = ApplicationRefused(
        gettext(
            "The deadline has passed and this late-submission code is not valid for this application "
            "(it may be mistyped, already used or expired)."
        )
    )
    if not code or not code.strip():
        raise refusal
    with transaction.atomic():
        used = LateSubmissionCode.objects.filter(
            application=application,
            code_hash=hash_secret(_normalise_code(code)),
            used_at__isnull=True,
            valid_until__gte=now,
        ).update(used_at=now)
    if used != 1:
        raise refusal
