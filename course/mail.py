"""The one mail pipeline of every app: a message is rendered by the caller, queued after the surrounding
transaction commits, and sent by a Celery task (`course.tasks.send_mail_task`) through `send_mail`.

Mails that must be kept and counted (the decision mails) are rows of `participants.OutboxMail`, queued and
claimed by `participants.domain.outbox`; they are sent through `send_mail` here too.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from course.triggers import start_task

MAIL_TASK = "participants.tasks.send_mail_task"  # its registered name (course.tasks keeps the old one)


def queue_rendered_mail(message: EmailMultiAlternatives):
    """Queue an already rendered message (JSON-serialisable parts only) for sending after commit."""
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
    transaction.on_commit(lambda: start_task(MAIL_TASK, payload))


def deliver_mail(payload):
    """Send a payload queued by queue_rendered_mail (called by the Celery task)."""
    send_mail(payload["subject"], payload["body"], payload["to"], payload.get("from_email"), payload.get("html"))


def send_mail(subject, body, to, from_email=None, html=None):
    """Send one message now; the default sender when from_email is empty. Raises what the backend raises."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email or None, to=list(to))
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
