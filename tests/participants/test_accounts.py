"""Accounts (django-allauth): sign-up sends a verification email, applying needs a verified address, and a
forgotten password can be reset through the emailed link. Mail goes through Celery after commit."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from participants.models import Application
from tests.factories.course import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db


def _link_in_last_mail_to(email, pattern):
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(pattern, message.body)
            if found:
                return re.sub(r"^https?://[^/]+", "", found.group(0))
    raise AssertionError(f"no email to {email} with {pattern!r}")


def test_sign_up_sends_a_verification_email_after_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": "a-long-pass-phrase-2024",
                "password2": "a-long-pass-phrase-2024",
            },
        )

    assert _link_in_last_mail_to("new@example.org", r"https?://\S+/accounts/confirm-email/\S+")


def test_start_application_with_unverified_email_asks_for_verification_and_creates_nothing(client):
    course = CourseFactory()
    user = UserFactory(verified=False)
    client.force_login(user)

    response = client.post(reverse("participants:start", args=[course.slug]), {"role": "scientist"})

    assert "Please confirm your email address" in response.content.decode()
    assert not Application.objects.exists()


def test_password_reset_by_emailed_link_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    link = _link_in_last_mail_to("forgetful@example.org", r"https?://\S+/accounts/password/reset/key/\S+")
    form_url = client.get(link).url  # allauth moves the key into the session and redirects
    response = client.post(form_url, {"password1": "brand-new-phrase-77", "password2": "brand-new-phrase-77"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-phrase-77")
    client.logout()
    login = client.post(reverse("account_login"), {"login": "forgetful@example.org", "password": "brand-new-phrase-77"})
    assert login.status_code == 302 and "_auth_user_id" in client.session


def test_password_reset_link_works_only_once(client, django_capture_on_commit_callbacks):
    UserFactory(email="once@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "once@example.org"})
    link = _link_in_last_mail_to("once@example.org", r"https?://\S+/accounts/password/reset/key/\S+")
    client.post(client.get(link).url, {"password1": "brand-new-phrase-77", "password2": "brand-new-phrase-77"})
    client.logout()

    again = client.get(link, follow=True)

    assert "This link doesn't work any more" in again.content.decode()
