"""Accounts (allauth): mails queued in the one outbox, named after the platform, linked from SITE_URL."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from course.domain.languages import language_for_mail_now, remember_language
from participants.domain.outbox import queue_outbox_mail
from participants.enums import OutboxMailKind

# Account mails whose body signs someone in or stands for them: the course team never reads them (outbox).
SECRET_ACCOUNT_MAILS = (
    "account/email/email_confirmation",  # and email_confirmation_signup
    "account/email/password_reset_key",
    "account/email/password_reset_code",
    "account/email/login_code",
)


@dataclass(frozen=True)
class Platform:
    """What allauth's mail templates read as ``current_site``: the platform's name and public address."""

    name: str
    domain: str


def platform():
    return Platform(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL)


def on_site_url(url):
    """The same path (and query) under settings.SITE_URL: links in mails never carry the request's host."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL.rstrip("/") + path


def user_display(user):
    """How allauth names a person in mails and pages: their name, else their email (never a generated username)."""
    return user.get_full_name() or user.email


class AccordAccountAdapter(DefaultAccountAdapter):
    """Account emails are outbox rows like every other mail (participants.domain.outbox), with no course."""

    def send_mail(self, template_prefix, email, context):
        context = {"email": email, **context, "current_site": platform()}
        context.pop("username", None)  # people log in with their email; the username is internal
        with translation.override(language_for_mail_now(context.get("user"))):  # the recipient's language
            msg = self.render_mail(template_prefix, email, context)
        # Each call is a mail someone asked for (allauth's own limits stop floods), so the key is unique per call.
        for address in msg.to:
            queue_outbox_mail(
                key=f"{OutboxMailKind.ACCOUNT}:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4().hex}",
                course=None,
                kind=OutboxMailKind.ACCOUNT,
                recipient=address,
                subject=msg.subject,
                body=msg.body,
                secret=template_prefix.startswith(SECRET_ACCOUNT_MAILS),
            )

    def save_user(self, request, user, form, commit=True):
        """A new account remembers the language it was created in, so later mails are written in it."""
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            remember_language(user, request.session, translation.get_language())
        return user

    def populate_username(self, request, user):
        """The username is the email address typed at sign-up: nobody is given a name they never chose."""
        email = (user.email or "").strip()
        User = type(user)
        if email and len(email) <= 150 and not User._default_manager.filter(username__iexact=email).exists():
            user.username = email
            return
        super().populate_username(request, user)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return on_site_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key):
        return on_site_url(super().get_reset_password_from_key_url(key))
