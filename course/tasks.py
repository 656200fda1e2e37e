"""Thin Celery wrappers around the course's foundation functions."""

from celery import shared_task

from course import mail


# The name it had in participants: a message queued by the previous release is still sent after a deploy.
@shared_task(name="participants.tasks.send_mail_task", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_mail_task(payload):
    mail.deliver_mail(payload)
