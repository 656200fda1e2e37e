"""Evaluation reminders: written as a row first (the idempotency key), sent after commit through the one
mail pipeline's ``course.mail.send_mail``, then marked sent.

They are sent from the beat task that decides them (already a Celery worker), once the row that claims them
is committed, rather than queued as a second task: the row already makes them idempotent. A failed send
leaves ``sent_at`` empty and is logged."""

import logging

from django.db import transaction
from django.utils import timezone

from course.mail import send_mail

log = logging.getLogger(__name__)


def send_after_commit(row, recipient, subject, body):
    """Send one mail once the surrounding transaction commits, then stamp ``row.sent_at``."""

    def send():
        try:
            send_mail(subject, body, [recipient])
        except Exception:  # noqa: BLE001 - one failed mail must not stop the others
            log.exception("Sending %s %s failed", type(row).__name__, row.pk)
            return
        type(row).objects.filter(pk=row.pk).update(sent_at=timezone.now())

    transaction.on_commit(send)
