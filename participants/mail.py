"""Sending mail: always by a Celery task, always after the surrounding transaction commits."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def queue_rendered_mail(message: EmailMultiAlternatives):
    """Queue an already rendered message (JSON-serialisable parts only) for sending after commit."""
    from participants.tasks import send_mail_task

    html = None
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
    }
    transaction.on_commit(lambda: send_mail_task.delay(payload))


def deliver_mail(payload):
    message = EmailMultiAlternatives(
        subject=payload["subject"], body=payload["body"], from_email=payload.get("from_email"), to=payload["to"]
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    message.send()
