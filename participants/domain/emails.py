"""Rendering the applicant journey's emails; sending is queued after commit (course.mail)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from course.mail import queue_rendered_mail


def absolute_url(path):
    """An absolute link for a mail or a feed: always built on settings.SITE_URL (never on a request's host)."""
    return settings.SITE_URL.rstrip("/") + path


def queue_templated_mail(template_name, to, context):
    """participants/email/<name>_subject.txt and <name>_body.txt, rendered now, sent after commit."""
    subject = render_to_string(f"participants/email/{template_name}_subject.txt", context)
    body = render_to_string(f"participants/email/{template_name}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    queue_rendered_mail(message)
