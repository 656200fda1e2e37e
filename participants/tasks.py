"""Thin Celery wrappers around participants' domain functions."""

from celery import shared_task

from participants import mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_mail_task(payload):
    mail.deliver_mail(payload)


@shared_task
def send_deadline_reminders():
    from participants.domain.reminders import send_deadline_reminders as run

    return run()
