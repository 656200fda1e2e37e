import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participants.domain.deadlines import hash_secret
from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.domain.invitations import (
    accept_invitation,
    cancel_invitation,
    invite_partner,
    open_invitation,
    resend_invitation,
)
from participants.enums import InvitationStatus, MemberRole
from participants.models import ApplicationMember, Invitation
from tests.factories.course import UserFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def lone_application():
    return make_application(complete=False, with_partner=False)


def _invite(application, email="partner@example.org", **kwargs):
    return invite_partner(application, application.lead, email, **kwargs)


def test_invite_partner_stores_only_hash_and_emails_link(lone_application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = _invite(lone_application)

    assert invitation.token_hash == hash_secret(token)
    assert token not in invitation.token_hash
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["partner@example.org"]
    assert f"/apply/invitations/{token}/" in mail.outbox[0].body


def test_invite_partner_refused_for_non_lead(lone_application):
    with pytest.raises(ApplicationRefused):
        invite_partner(lone_application, UserFactory(), "x@example.org")
    assert not Invitation.objects.exists()


def test_open_invitation_marks_opened(lone_application):
    invitation, token = _invite(lone_application)

    open_invitation(token)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    assert invitation.opened_at is not None


def test_accept_invitation_with_invited_verified_email_joins_in_other_role(lone_application):
    _invitation, token = _invite(lone_application)
    partner = UserFactory(email="partner@example.org")

    member = accept_invitation(token, partner)

    assert member.role == MemberRole.POLICYMAKER
    assert member.application == lone_application
    assert Invitation.objects.get().status == InvitationStatus.ACCEPTED


def test_accept_invitation_reused_token_refused(lone_application):
    _invitation, token = _invite(lone_application)
    accept_invitation(token, UserFactory(email="partner@example.org"))

    with pytest.raises(InvitationRefused, match="already been used"):
        accept_invitation(token, UserFactory(email="other@example.org"))
    assert lone_application.members.count() == 2


def test_accept_invitation_expired_token_refused(lone_application):
    invitation, token = _invite(lone_application)
    later = invitation.expires_at + datetime.timedelta(seconds=1)

    with pytest.raises(InvitationRefused, match="expired"):
        accept_invitation(token, UserFactory(email="partner@example.org"), now=later)
    with pytest.raises(InvitationRefused, match="expired"):
        open_invitation(token, now=later)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert lone_application.members.count() == 1


def test_accept_invitation_for_another_email_refused(lone_application):
    invitation, token = _invite(lone_application)

    with pytest.raises(InvitationRefused, match="sent to partner@example.org"):
        accept_invitation(token, UserFactory(email="someone.else@example.org"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    assert lone_application.members.count() == 1


def test_accept_invitation_with_unverified_invited_email_refused(lone_application):
    _invitation, token = _invite(lone_application)
    partner = UserFactory(email="partner@example.org", verified=False)
    EmailAddress.objects.create(user=partner, email=partner.email, verified=False, primary=True)

    with pytest.raises(InvitationRefused):
        accept_invitation(token, partner)
    assert lone_application.members.count() == 1


def test_accept_cancelled_invitation_refused(lone_application):
    invitation, token = _invite(lone_application)
    cancel_invitation(invitation, lone_application.lead)

    with pytest.raises(InvitationRefused, match="cancelled"):
        accept_invitation(token, UserFactory(email="partner@example.org"))
    assert lone_application.members.count() == 1


def test_resend_invitation_kills_old_token(lone_application, django_capture_on_commit_callbacks):
    invitation, old_token = _invite(lone_application)
    open_invitation(old_token)

    with django_capture_on_commit_callbacks(execute=True):
        _same, new_token = resend_invitation(invitation, lone_application.lead)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    with pytest.raises(InvitationRefused, match="not valid"):
        accept_invitation(old_token, UserFactory(email="partner@example.org"))
    assert new_token in mail.outbox[-1].body


def test_inviting_someone_else_cancels_pending_invitation(lone_application):
    first, first_token = _invite(lone_application)

    _invite(lone_application, email="second@example.org")

    first.refresh_from_db()
    assert first.status == InvitationStatus.CANCELLED
    with pytest.raises(InvitationRefused):
        accept_invitation(first_token, UserFactory(email="partner@example.org"))


def test_accept_invitation_in_same_role_as_lead_refused(lone_application):
    # The role rule: two scientists are never a pair.
    _invitation, token = _invite(lone_application)

    with pytest.raises(ApplicationRefused, match="one scientist and one policymaker"):
        accept_invitation(token, UserFactory(email="partner@example.org"), role=MemberRole.SCIENTIST)
    assert lone_application.members.count() == 1
    assert Invitation.objects.get().status == InvitationStatus.SENT


def test_accept_invitation_refused_when_user_already_in_application_for_course(lone_application):
    _invitation, token = _invite(lone_application)
    partner = UserFactory(email="partner@example.org")
    make_application(course=lone_application.course, lead=partner, with_partner=False)

    with pytest.raises(ApplicationRefused, match="another application"):
        accept_invitation(token, partner)
    assert not ApplicationMember.objects.filter(application=lone_application, user=partner).exists()


def test_invite_refused_after_submission():
    application = make_application()
    application.status = "submitted"
    application.save()

    with pytest.raises(ApplicationRefused):
        invite_partner(application, application.lead, "x@example.org")


def test_invitation_mail_is_plain_text_without_html_escaping(django_capture_on_commit_callbacks):
    application = make_application(complete=False, with_partner=False)
    application.lead.first_name, application.lead.last_name = "Siobhán", "O'Brien"
    application.lead.save()

    with django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, application.lead, "partner@example.org")

    assert "Siobhán O'Brien invites you" in mail.outbox[0].subject
    assert "&#x27;" not in mail.outbox[0].body
