"""Account and invitation mails: the platform is named, nobody reads a generated username, the lead is named by
full name, and every link is built on settings.SITE_URL (never on the host of the request that caused the mail)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from participants.domain.invitations import invite_partner
from participants.enums import MemberRole
from tests.factories.course import UserFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory

pytestmark = pytest.mark.django_db

SITE = "https://course.accord.example"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Accord Course Platform"
    return settings


def _mail_to(email):
    return next(m for m in reversed(mail.outbox) if email in m.to)


def test_sign_up_mail_names_the_platform_and_links_to_site_url(client, site_url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": "a-long-pass-phrase-2024",
                "password2": "a-long-pass-phrase-2024",
            },
        )

    message = _mail_to("new@example.org")
    assert "Hello from Accord Course Platform!" in message.body
    assert "Hello from !" not in message.body and "account on ." not in message.body
    assert re.search(re.escape(SITE) + r"/accounts/confirm-email/\S+", message.body)
    assert "testserver" not in message.body
    assert message.subject.startswith("[Accord] ")
    assert get_user_model().objects.get(email="new@example.org").username == "new@example.org"


def test_reset_mail_names_no_username_and_links_to_site_url(client, site_url, django_capture_on_commit_callbacks):
    user = UserFactory(email="forgetful@example.org", username="user-4f2a9c")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})

    message = _mail_to(user.email)
    assert "Accord Course Platform" in message.body
    assert "user-4f2a9c" not in message.body and "username" not in message.body
    assert re.search(re.escape(SITE) + r"/accounts/password/reset/key/\S+", message.body)


def test_invitation_names_the_lead_by_full_name_and_links_to_site_url(site_url, django_capture_on_commit_callbacks):
    lead = UserFactory(email="amina@example.org", first_name="", last_name="")
    application = ApplicationFactory(lead=lead)
    ApplicationMemberFactory(
        application=application, user=lead, role=MemberRole.SCIENTIST, is_lead=True, full_name="Amina Diallo"
    )

    with django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, lead, "kwame@example.org")

    message = _mail_to("kwame@example.org")
    assert message.subject.startswith("Amina Diallo invites you")
    assert "Amina Diallo (amina@example.org) has started" in message.body
    assert re.search(re.escape(SITE) + r"/apply/invitations/\S+", message.body)


def test_invitation_without_a_name_gives_the_email_once(site_url, django_capture_on_commit_callbacks):
    lead = UserFactory(email="anon@example.org", first_name="", last_name="")
    application = ApplicationFactory(lead=lead)
    ApplicationMemberFactory(application=application, user=lead, role=MemberRole.SCIENTIST, is_lead=True, full_name="")

    with django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, lead, "kwame@example.org")

    message = _mail_to("kwame@example.org")
    assert message.body.count("anon@example.org") == 1
