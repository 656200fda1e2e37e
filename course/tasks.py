"""Thin Celery wrappers around the course's foundation functions."""

from celery import shared_task

from course import mail


# Drains messages queued by a release before every mail went through the outbox (participants.domain.outbox):
# nothing starts it any more; it is kept one release so a deploy loses no mail in the broker, then removed.
@shared_task(name="participants.tasks.send_mail_task", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_mail_task(payload):
    mail.deliver_mail(payload)
