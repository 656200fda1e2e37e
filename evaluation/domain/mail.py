"""Evaluation reminders are mails of the one outbox (participants.domain.outbox): the reminder row is written
first (its unique constraint is the idempotency of the decision to remind), and the mail is queued in the same
transaction under a key naming that row, so a retried beat queues nothing twice. ``sent_at`` on the reminder
row is when it was handed to the outbox; whether it was delivered is the outbox row's status, which the course
team sees on the outbox page."""

from django.utils import timezone

from participants.domain.outbox import queue_outbox_mail


def queue_reminder_mail(row, *, kind, course, recipient, subject, body, application_id=None):
    """Queue the mail of reminder ``row`` in the outbox (inside the caller's transaction), then stamp it."""
    queue_outbox_mail(
        key=f"{kind}:{row.pk}",
        course=course,
        kind=kind,
        application_id=application_id,
        recipient=recipient,
        subject=subject,
        body=body,
    )
    type(row).objects.filter(pk=row.pk).update(sent_at=timezone.now())
