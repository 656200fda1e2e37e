"""Rendering the applicant journey's emails; each is queued in the one outbox (participants.domain.outbox)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from course.domain.languages import language_of
from participants.domain.outbox import queue_outbox_mail


def absolute_url(path):
    """An absolute link for a mail or a feed: always built on settings.SITE_URL (never on a request's host)."""
    return settings.SITE_URL.rstrip("/") + path


def language_for_address(email, fallback_user=None):
    """The language to write to an address in: its account's chosen language when it has one, else the
    language of the person on whose behalf we write (a partner or referee without an account is most likely
    to read the language of the applicant who named them), else the site's default."""
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    if user is not None and hasattr(user, "language_preference"):
        return language_of(user)
    return language_of(fallback_user)


def queue_templated_mail(
    template_name, to, context, language=None, *, key, course, kind, application=None, application_id=None, secret=False
):
    """participants/email/<name>_subject.txt and <name>_body.txt, rendered now in the recipient's language
    (the site's default when none is given: workers have no request to take one from), queued in the outbox:
    one row per address, keyed ``<key>:<address>`` so a retried trigger queues nothing twice."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"participants/email/{template_name}_subject.txt", context)
        body = render_to_string(f"participants/email/{template_name}_body.txt", context)
    for address in to:
        queue_outbox_mail(
            key=f"{key}:{address.lower()}",
            course=course,
            kind=kind,
            application=application,
            application_id=application_id,
            recipient=address,
            subject=subject,
            body=body,
            secret=secret,
        )
