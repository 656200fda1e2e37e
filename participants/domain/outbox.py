"""The decision-mail outbox: every mail is a row with a status; queuing is idempotent by key.

Rows are queued inside the caller's transaction and sent by a Celery task after commit. Sending claims
each row with a compare-and-set (queued → sending), so two workers never send the same mail twice, and
sends it through the one mail pipeline (`course.mail.send_mail`).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from course.mail import send_mail
from course.triggers import start_task
from participants.enums import OutboxStatus
from participants.models import OutboxMail


def queue_outbox_mail(*, key, course, kind, recipient, subject, body, application=None):
    """Queue one mail unless a mail with this key exists already. Returns (mail, created)."""
    mail, created = OutboxMail.objects.get_or_create(
        key=key,
        defaults=dict(
            course=course, application=application, kind=kind, recipient=recipient, subject=subject, body=body
        ),
    )
    if created:
        transaction.on_commit(_trigger_sending)
    return mail, created


def _trigger_sending():
    start_task("participants.tasks.send_outbox")


# A worker that dies between claiming a mail and recording the result leaves it "sending". After this long
# the claim is stale and the mail goes back to the queue: delivered at least once rather than never.
STALE_CLAIM_AFTER = datetime.timedelta(minutes=10)


def requeue_stale_claims(now=None):
    now = now or timezone.now()
    return OutboxMail.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=now - STALE_CLAIM_AFTER).update(
        status=OutboxStatus.QUEUED, last_error="The worker stopped while sending this mail; it was queued again."
    )


def send_outbox_mails(limit=500, now=None):
    """Send queued mails; returns how many were sent. Safe to run concurrently and repeatedly."""
    sent = 0
    requeue_stale_claims(now)
    ids = list(OutboxMail.objects.filter(status=OutboxStatus.QUEUED).order_by("pk").values_list("pk", flat=True))
    for pk in ids[:limit]:
        claimed = OutboxMail.objects.filter(pk=pk, status=OutboxStatus.QUEUED).update(
            status=OutboxStatus.SENDING, claimed_at=now or timezone.now()
        )
        if not claimed:
            continue  # another worker took it
        mail = OutboxMail.objects.get(pk=pk)
        try:
            send_mail(mail.subject, mail.body, [mail.recipient], settings.DEFAULT_FROM_EMAIL)
        except Exception as exc:  # noqa: BLE001 - any delivery error is logged on the row, never lost
            OutboxMail.objects.filter(pk=pk).update(
                status=OutboxStatus.FAILED, attempts=mail.attempts + 1, last_error=str(exc)[:2000]
            )
            continue
        OutboxMail.objects.filter(pk=pk).update(
            status=OutboxStatus.SENT, attempts=mail.attempts + 1, sent_at=now or timezone.now(), last_error=""
        )
        sent += 1
    return sent


def retry_failed_mails(course):
    """Put a course's failed mails back in the queue (a facilitator's action after fixing the cause)."""
    count = OutboxMail.objects.filter(course=course, status=OutboxStatus.FAILED).update(status=OutboxStatus.QUEUED)
    if count:
        transaction.on_commit(_trigger_sending)
    return count
