"""Account mails (sign-up confirmation, password reset) are written in the recipient's language."""

import pytest
from django.core import mail
from django.urls import reverse

from course.domain.languages import language_of
from course.models import LanguagePreference
from tests.factories.course import UserFactory

pytestmark = pytest.mark.django_db


def _mail_to(email):
    return next(m for m in reversed(mail.outbox) if email in m.to)


def test_a_password_reset_mail_is_in_the_recipients_language_not_the_requesters(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(email="amina@example.org")
    LanguagePreference.objects.create(user=user, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")

    message = _mail_to(user.email)
    assert message.subject.endswith("Réinitialiser votre mot de passe")
    assert "Pour choisir un nouveau mot de passe" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_a_password_reset_mail_to_someone_who_never_chose_is_in_english(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="kofi@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})

    assert "To choose a new password" in _mail_to(user.email).body


def test_signing_up_in_arabic_sends_the_confirmation_in_arabic_and_remembers_it(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "layla@example.org",
                "password1": "a-long-pass-phrase-2024",
                "password2": "a-long-pass-phrase-2024",
            },
            HTTP_ACCEPT_LANGUAGE="ar",
        )

    message = _mail_to("layla@example.org")
    assert "يُرجى تأكيد عنوان بريدك الإلكتروني" in message.subject
    assert "لتأكيد أن هذا العنوان يخصّك" in message.body
    assert "/accounts/confirm-email/" in message.body
    assert language_of(LanguagePreference.objects.get().user) == "ar"
