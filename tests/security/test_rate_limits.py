"""Throttles: failed logins (allauth's ACCOUNT_RATE_LIMITS, counted in the locmem cache here), invitations,
and the fixed-window helper behind them (course/ratelimit.py). A refused action says why and changes nothing."""

import pytest
from django.core import mail
from django.urls import reverse

from course.ratelimit import ANNOUNCEMENTS, INVITATIONS, MESSAGES, Limit, allow
from participants.models import Invitation
from simulations.models import Announcement, FloorMessage
from tests.factories.course import UserFactory
from tests.participants.applicant_support import make_application
from tests.security.test_fuzz_forms import move_to_round

pytestmark = pytest.mark.django_db

PASSWORD = "pw-accord-test"  # UserFactory's


@pytest.fixture
def limits_on(settings):
    settings.RATE_LIMITS_ENABLED = True
    return settings


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_login_is_refused_after_repeated_failures_even_with_the_right_password(client):
    user = UserFactory(email="target@sec.example")
    for _ in range(5):
        response = _login(client, user.email, "wrong-password")
        assert response.status_code == 200  # the form again, with an error

    response = _login(client, user.email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert b"Too many failed login attempts" in response.content


def test_login_succeeds_before_the_limit(client):
    user = UserFactory(email="fine@sec.example")
    for _ in range(3):
        _login(client, user.email, "wrong-password")

    response = _login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_failed_logins_from_one_address_are_throttled_across_accounts(client):
    """10 per minute per IP whatever the account: guessing passwords for many accounts is slowed too."""
    users = [UserFactory() for _ in range(11)]
    for user in users[:10]:
        _login(client, user.email, "wrong-password")

    response = _login(client, users[10].email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


def _draft_with_lead():
    application = make_application(with_partner=False)
    return application, application.lead


def test_invitations_are_limited_per_user(client, limits_on):
    application, lead = _draft_with_lead()
    client.force_login(lead)
    url = reverse("participants:invite", args=[application.pk])
    for n in range(INVITATIONS.count):
        assert client.post(url, {"email": f"partner{n}@sec.example"}).status_code == 302
    sent, rows = len(mail.outbox), Invitation.objects.count()

    response = client.post(url, {"email": "one-more@sec.example"})

    assert response.status_code == 429
    assert INVITATIONS.message in response.content.decode()
    assert 'value="one-more@sec.example"' in response.content.decode()  # what was typed is kept
    assert (len(mail.outbox), Invitation.objects.count()) == (sent, rows)


def test_resending_counts_against_the_same_limit(client, limits_on, django_capture_on_commit_callbacks):
    application, lead = _draft_with_lead()
    client.force_login(lead)
    client.post(reverse("participants:invite", args=[application.pk]), {"email": "partner@sec.example"})
    invitation = Invitation.objects.get(application=application)
    resend = reverse("participants:resend_invitation", args=[application.pk, invitation.pk])
    for _ in range(INVITATIONS.count - 1):
        client.post(resend)
    token_hash = Invitation.objects.get(pk=invitation.pk).token_hash

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(resend, follow=True)

    assert INVITATIONS.message in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).token_hash == token_hash  # the link still works
    assert callbacks == []  # no mail queued


def test_invitation_limit_is_off_in_the_test_settings_by_default(client, settings):
    assert settings.RATE_LIMITS_ENABLED is False
    application, lead = _draft_with_lead()
    client.force_login(lead)
    url = reverse("participants:invite", args=[application.pk])

    codes = {client.post(url, {"email": f"p{n}@sec.example"}).status_code for n in range(INVITATIONS.count + 2)}

    assert codes == {302}


# --- The helper ------------------------------------------------------------------------------------------

LIMIT = Limit("test", count=3, seconds=60, message="slow down")


def test_allow_counts_within_a_window(limits_on):
    results = [allow(LIMIT, 7, now=1_000_020) for _ in range(4)]

    assert results == [True, True, True, False]


def test_allow_starts_again_in_the_next_window(limits_on):
    for _ in range(4):
        allow(LIMIT, 7, now=1_000_020)

    assert allow(LIMIT, 7, now=1_000_020 + 60) is True


def test_allow_counts_each_scope_apart(limits_on):
    for _ in range(3):
        allow(LIMIT, 7, now=1_000_020)

    assert allow(LIMIT, 8, now=1_000_020) is True
    assert allow(LIMIT, 7, now=1_000_020) is False


def test_allow_numbers_can_be_set_per_deployment(limits_on):
    limits_on.RATE_LIMITS = {"test": (1, 60)}

    assert [allow(LIMIT, 7, now=1_000_020) for _ in range(2)] == [True, False]


# --- Simulation messages and announcements ---------------------------------------------------------------


def test_messages_are_limited_per_user(world, limits_on):

    move_to_round(world, 3)
    client = world.clients["delegate_a"]
    url = reverse("simulations:negotiate_floor", args=[world.run.pk])
    for n in range(MESSAGES.count):
        assert client.post(url, {"text": f"message {n}"}, HTTP_HX_REQUEST="true").status_code == 200
    stored = FloorMessage.objects.count()

    response = client.post(url, {"text": "one too many"}, HTTP_HX_REQUEST="true")

    assert MESSAGES.message in response.content.decode()
    assert "one too many" in response.content.decode()  # what was typed is kept in the form
    assert FloorMessage.objects.count() == stored


def test_announcements_are_limited_per_facilitator(world, limits_on):

    client = world.clients["facilitator"]
    url = reverse("simulations:console_announce", args=[world.course.pk])
    for n in range(ANNOUNCEMENTS.count):
        assert client.post(url, {"target": "all", "text": f"news {n}"}).status_code == 302
    stored = Announcement.objects.count()

    response = client.post(url, {"target": "all", "text": "one too many"})

    assert response.status_code == 429
    assert ANNOUNCEMENTS.message in response.content.decode()
    assert Announcement.objects.count() == stored
