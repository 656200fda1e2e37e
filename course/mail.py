"""The transport of the one mail pipeline: ``send_mail`` sends one rendered message now.

Every mail is queued as a row of the outbox (``participants.domain.outbox.queue_outbox_mail``: recorded per
recipient, retried, shown to the course team) and sent by its one sender through ``send_mail`` here. The
foundation app only sends: it knows no app above it, so the outbox lives with the applications.
"""

from django.core.mail import EmailMultiAlternatives


def deliver_mail(payload):
    """Send a payload queued before every mail went through the outbox (``course.tasks.send_mail_task`` drains
    such messages still in the broker after a deploy; nothing queues new ones)."""
    send_mail(payload["subject"], payload["body"], payload["to"], payload.get("from_email"), payload.get("html"))


def send_mail(subject, body, to, from_email=None, html=None):
    """Send one message now; the default sender when from_email is empty. Raises what the backend raises."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email or None, to=list(to))
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
