"""The one outbox: every mail of every app is a row here, one per recipient, sent by one sender.

Apps render a mail in the recipient's language and queue it with ``queue_outbox_mail`` inside their own
transaction, under an idempotency key that names what the mail is about (``<kind>:<object>:<recipient>``), so
a retried trigger or a double click never queues it twice. Account mails (sign-up, address, password reset)
belong to no edition: their ``course`` is empty. A mail whose body carries a sign-in, reset or personal link
is queued ``secret``: the course team sees that it was sent, never the link (``shown_body``).

Rows are sent by a Celery task after commit (and by beat every 2 minutes). Sending claims each row with a
compare-and-set (queued → sending), so two workers never send the same mail twice, and sends it through
``course.mail.send_mail`` (the transport). A failed send goes back to the queue and is tried again by a run at
least RETRY_AFTER later (beat's next run) until MAX_ATTEMPTS; then it is "failed" and waits for the course team's "retry failed" after they fixed
the cause.

Retention (docs/security.md, "Mail"): a secret body is emptied as soon as it is sent, or SECRET_BODY_DAYS after
it was queued if it failed for good (its link has expired by then; it can no longer be retried); every other body RETENTION_DAYS after it was
sent (``clear_old_mail_bodies``, daily). Recipient, subject, kind and status stay as the record of what was
sent; rows of account mails, which no edition keeps, are deleted at that point.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from course.mail import send_mail
from course.triggers import start_task
from participants.enums import OutboxStatus
from participants.models import OutboxMail

MAX_ATTEMPTS = 3
RETENTION_DAYS = 90
SECRET_BODY_DAYS = 7
SECRET_BODY_SHOWN = "Contains a sign-in or personal link: not shown."
CLEARED_BODY_SHOWN = "Cleared by the retention rule."


def queue_outbox_mail(
    *,
    key,
    course,
    kind,
    recipient,
    subject,
    body,
    application=None,
    application_id=None,
    group_mail=None,
    secret=False,
):
    """Queue one mail unless a mail with this key exists already. Returns (mail, created).

    ``course`` is None only for account mails. ``secret``: the body carries a link that signs someone in or
    stands for them (verification, reset, speaker sign-in, referee or partner invitation)."""
    mail, created = OutboxMail.objects.get_or_create(
        key=stored_key(key),
        defaults=dict(
            course=course,
            application_id=application.pk if application is not None else application_id,
            group_mail=group_mail,
            kind=kind,
            recipient=recipient,
            subject=" ".join(subject.split())[:300],
            body=body,
            secret=secret,
        ),
    )
    if created:
        transaction.on_commit(_trigger_sending)
    return mail, created


def stored_key(key):
    """The key as stored (200 characters at most): a longer one (a long address) keeps its start and a hash of
    the whole, so two different keys never become one."""
    if len(key) <= 200:
        return key
    return f"{key[:135]}:{hashlib.sha256(key.encode()).hexdigest()}"


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


# A mail whose send failed waits this long before the next attempt, so the runs that several commits start
# within a second (one per transaction that queued a mail) do not spend its attempts on one outage.
RETRY_AFTER = datetime.timedelta(minutes=1)


def send_outbox_mails(limit=500, now=None):
    """Send queued mails; returns how many were sent. Safe to run concurrently and repeatedly."""
    sent = 0
    requeue_stale_claims(now)
    due = Q(attempts=0) | Q(claimed_at__lt=(now or timezone.now()) - RETRY_AFTER)
    ids = list(OutboxMail.objects.filter(due, status=OutboxStatus.QUEUED).order_by("pk").values_list("pk", flat=True))
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
            attempts = mail.attempts + 1
            OutboxMail.objects.filter(pk=pk).update(
                status=OutboxStatus.FAILED if attempts >= MAX_ATTEMPTS else OutboxStatus.QUEUED,
                attempts=attempts,
                last_error=str(exc)[:2000],
            )
            continue
        sent_at = now or timezone.now()
        cleared = {"body": "", "body_cleared_at": sent_at} if mail.secret else {}
        OutboxMail.objects.filter(pk=pk).update(
            status=OutboxStatus.SENT, attempts=mail.attempts + 1, sent_at=sent_at, last_error="", **cleared
        )
        sent += 1
    return sent


def retry_failed_mails(course):
    """Put a course's failed mails back in the queue (a facilitator's action after fixing the cause)."""
    count = OutboxMail.objects.filter(course=course, status=OutboxStatus.FAILED, body_cleared_at=None).update(
        status=OutboxStatus.QUEUED, attempts=0
    )
    if count:
        transaction.on_commit(_trigger_sending)
    return count


def shown_body(mail):
    """What the course team may read of a mail's body: never a secret one, nor one the retention rule cleared."""
    if mail.secret:
        return SECRET_BODY_SHOWN
    if mail.body_cleared_at is not None:
        return CLEARED_BODY_SHOWN
    return mail.body


def outbox_of(course, limit=500):
    """The course's mails, newest first, each with ``shown_body`` (what the team may read). One query."""
    mails = list(OutboxMail.objects.filter(course=course)[:limit])
    for mail in mails:
        mail.shown_body = shown_body(mail)
    return mails


def clear_old_mail_bodies(now=None):
    """The retention rule: empty secret bodies never sent within SECRET_BODY_DAYS, and every body RETENTION_DAYS
    after it was sent; delete account mails (no edition) at that point. Idempotent. Returns rows changed."""
    now = now or timezone.now()
    sent_long_ago = Q(status=OutboxStatus.SENT, sent_at__lt=now - datetime.timedelta(days=RETENTION_DAYS))
    deleted, _ = OutboxMail.objects.filter(sent_long_ago, course__isnull=True).delete()
    cleared = (
        OutboxMail.objects.filter(body_cleared_at=None)
        .filter(sent_long_ago | Q(secret=True, created_at__lt=now - datetime.timedelta(days=SECRET_BODY_DAYS)))
        .exclude(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENDING])  # never a body still to be sent
        .update(body="", body_cleared_at=now)
    )
    return deleted + cleared
