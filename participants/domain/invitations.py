"""Inviting the partner: single-use, expiring links whose token is stored only as a hash."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from participants.domain.applications import _require_editable, find_active_application
from participants.domain.deadlines import hash_secret
from participants.domain.emails import absolute_url, language_for_address, queue_templated_mail
from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.enums import ApplicationStatus, InvitationStatus, MemberRole, OutboxMailKind
from participants.models import ApplicationMember, Invitation

INVITATION_VALID_FOR = datetime.timedelta(days=14)
PENDING = [InvitationStatus.SENT, InvitationStatus.OPENED]


def _new_token():
    token = secrets.token_urlsafe(32)
    return token, hash_secret(token)


def _require_lead(application, user):
    if application.lead_id != user.pk:
        raise ApplicationRefused(gettext("Only the person who started the application can manage the invitation."))


def _partner_joined(application):
    return application.members.filter(is_lead=False).exists()


def lead_name(application):
    """The lead's full name as given in their account or their section; "" when they gave none."""
    member = application.members.filter(is_lead=True).first()
    return application.lead.get_full_name() or (member.full_name if member else "")


def _send_invitation_mail(invitation, token):
    application = invitation.application
    queue_templated_mail(
        "invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "application": application,
            "course": application.course,
            "lead": application.lead,
            "lead_name": lead_name(application),
            "lead_member": application.members.filter(is_lead=True).first(),
            "link": absolute_url(reverse("participants:invitation", args=[token])),
        },
        language=language_for_address(invitation.email, fallback_user=application.lead),
        # One mail per token: a resend makes a new token (and mail), a retried call with the same one does not.
        key=f"{OutboxMailKind.INVITATION}:{invitation.pk}:{hash_secret(token)[:16]}",
        course=application.course,
        kind=OutboxMailKind.INVITATION,
        application=application,
        secret=True,  # the link invites whoever holds it into the pair
    )


def invite_partner(application, by_user, email, now=None):
    """Invite a partner by email; any earlier pending invitation is cancelled (its link stops working)."""
    now = now or timezone.now()
    email = (email or "").strip()
    _require_lead(application, by_user)
    _require_editable(application, now)
    if not email:
        raise ApplicationRefused(gettext("Please enter your partner's email address."))
    if email.lower() == (by_user.email or "").lower():
        raise ApplicationRefused(gettext("Please invite your partner, not yourself."))
    if _partner_joined(application):
        raise ApplicationRefused(gettext("Your partner has already joined this application."))
    token, token_hash = _new_token()
    with transaction.atomic():
        application.invitations.filter(status__in=PENDING).update(status=InvitationStatus.CANCELLED, cancelled_at=now)
        invitation = Invitation.objects.create(
            application=application,
            email=email,
            token_hash=token_hash,
            created_by=by_user,
            sent_at=now,
            expires_at=now + INVITATION_VALID_FOR,
        )
        _send_invitation_mail(invitation, token)
    return invitation, token


def resend_invitation(invitation, by_user, now=None):
    """A fresh link (new token, new expiry); the old link stops working at once."""
    now = now or timezone.now()
    application = invitation.application
    _require_lead(application, by_user)
    _require_editable(application, now)
    if invitation.status not in (*PENDING, InvitationStatus.EXPIRED):
        raise ApplicationRefused(
            gettext("This invitation is %(status)s; it cannot be resent.")
            % {"status": invitation.get_status_display().lower()}
        )
    if _partner_joined(application):
        raise ApplicationRefused(gettext("Your partner has already joined this application."))
    token, token_hash = _new_token()
    with transaction.atomic():
        invitation.token_hash = token_hash
        invitation.status = InvitationStatus.SENT
        invitation.sent_at = now
        invitation.opened_at = None
        invitation.expires_at = now + INVITATION_VALID_FOR
        invitation.save(update_fields=["token_hash", "status", "sent_at", "opened_at", "expires_at"])
        _send_invitation_mail(invitation, token)
    return invitation, token


def cancel_invitation(invitation, by_user, now=None):
    now = now or timezone.now()
    _require_lead(invitation.application, by_user)
    if invitation.status not in (*PENDING, InvitationStatus.EXPIRED):
        raise ApplicationRefused(
            gettext("This invitation is %(status)s; nothing to cancel.")
            % {"status": invitation.get_status_display().lower()}
        )
    invitation.status = InvitationStatus.CANCELLED
    invitation.cancelled_at = now
    invitation.save(update_fields=["status", "cancelled_at"])
    return invitation


def find_invitation(token):
    if not token:
        return None
    return (
        Invitation.objects.select_related("application__course", "application__lead")
        .filter(token_hash=hash_secret(token))
        .first()
    )


def check_invitation_usable(invitation, now=None):
    """Refuse a link that is unknown, cancelled, already used or expired, or whose application moved on."""
    now = now or timezone.now()
    if invitation is None:
        raise InvitationRefused(
            gettext(
                "This invitation link is not valid. It may have been replaced by a newer one: "
                "please use the most recent email, or ask your partner to resend it."
            )
        )
    if invitation.status == InvitationStatus.CANCELLED:
        raise InvitationRefused(gettext("This invitation was cancelled by the person who sent it."))
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvitationRefused(gettext("This invitation has already been used. Each link works only once."))
    if invitation.status == InvitationStatus.EXPIRED or invitation.expires_at <= now:
        raise InvitationRefused(gettext("This invitation has expired. Please ask your partner to send a new one."))
    if invitation.application.status not in ApplicationStatus.ACTIVE:
        raise InvitationRefused(gettext("This application has been withdrawn."))
    return invitation


def open_invitation(token, now=None):
    """The invitee opened the link: mark it "opened" (once) and return it, or refuse."""
    now = now or timezone.now()
    invitation = check_invitation_usable(find_invitation(token), now)
    if invitation.status == InvitationStatus.SENT:
        Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENT).update(
            status=InvitationStatus.OPENED, opened_at=now
        )
        invitation.status, invitation.opened_at = InvitationStatus.OPENED, now
    return invitation


def partner_role_for(application):
    lead_roles = [m.role for m in application.members.all() if m.is_lead]
    if lead_roles and lead_roles[0] == MemberRole.SCIENTIST:
        return MemberRole.POLICYMAKER
    return MemberRole.SCIENTIST


def _email_verified_for(user, email):
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def accept_invitation(token, user, role=None, now=None):
    """The invitee, logged in with the invited (verified) address, joins the application in their role."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = find_invitation(token)
        if invitation is not None:
            invitation = (
                Invitation.objects.select_for_update().select_related("application__course").get(pk=invitation.pk)
            )
        check_invitation_usable(invitation, now)
        application = invitation.application
        if not _email_verified_for(user, invitation.email):
            raise InvitationRefused(
                gettext(
                    "This invitation was sent to %(email)s. Please log in with that address (and verify it) to accept it."
                )
                % {"email": invitation.email}
            )
        _require_editable(application, now)
        role = role or partner_role_for(application)
        if role not in MemberRole.values:
            raise ApplicationRefused(gettext("Please choose whether you join as the scientist or the policymaker."))
        members = list(application.members.all())
        if any(m.user_id == user.pk for m in members):
            raise ApplicationRefused(gettext("You are already a member of this application."))
        if len(members) >= 2:
            raise ApplicationRefused(gettext("This application already has two members."))
        if any(m.role == role for m in members):
            raise ApplicationRefused(
                gettext(
                    "Your partner already applies as the %(role)s. "
                    "A pair must be one scientist and one policymaker, so please join in the other role."
                )
                % {"role": MemberRole(role).label.lower()}
            )
        if find_active_application(user, application.course) is not None:
            raise ApplicationRefused(gettext("You already belong to another application for this course."))
        claimed = Invitation.objects.filter(pk=invitation.pk, status__in=PENDING).update(
            status=InvitationStatus.ACCEPTED, accepted_at=now
        )
        if claimed != 1:
            raise InvitationRefused(gettext("This invitation has already been used. Each link works only once."))
        member = ApplicationMember.objects.create(
            application=application, user=user, role=role, is_lead=False, full_name=user.get_full_name()
        )
    return member
