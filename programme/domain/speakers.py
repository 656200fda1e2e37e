"""The speakers' own area: a mailed sign-in link, their answers about their sessions, availability and profile.

Sign-in links are single use, expire after SIGN_IN_LINK_LIFETIME and belong to one address: the link signs in
(or creates) the account with that email, and refuses a browser already signed in as someone else. Only a
hash of the token is stored."""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from course.domain.languages import language_of
from participants.domain.outbox import queue_outbox_mail
from participants.enums import OutboxMailKind
from programme.domain.queries.speakers import speaker_statuses
from programme.enums import ConfirmationState
from programme.models import Speaker, SpeakerAvailability, SpeakerConfirmation, SpeakerSignInLink

SIGN_IN_LINK_LIFETIME = datetime.timedelta(days=7)
PHOTO_TYPES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png"}
MAX_PHOTO_BYTES = 2 * 1024 * 1024


class SpeakerRefused(ValueError):
    """A refused speaker action; the message says why and is safe to show."""


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue_sign_in_link(speaker, *, now=None):
    """Create a link for the speaker's address and queue the mail after commit; returns the raw token."""
    if not speaker.email:
        raise SpeakerRefused(gettext("%(name)s has no email address yet.") % {"name": speaker.name})
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    link = SpeakerSignInLink.objects.create(
        speaker=speaker, email=speaker.email, token_hash=_hash(token), expires_at=now + SIGN_IN_LINK_LIFETIME
    )
    url = settings.SITE_URL.rstrip("/") + reverse("course:speaker_sign_in", args=[token])
    context = {"speaker": speaker, "course": speaker.course, "url": url, "expires_at": now + SIGN_IN_LINK_LIFETIME}
    # The speaker area is in English (docs/programme.md, "Languages"); a speaker who chose a language on the site gets it.
    with translation.override(language_of(speaker.user)):
        subject = gettext("[%(course)s] Your speaker area: sessions, availability and materials") % {
            "course": speaker.course.title
        }
        body = render_to_string("programme/email/speaker_sign_in.txt", context)
    queue_outbox_mail(
        key=f"{OutboxMailKind.SPEAKER_SIGN_IN}:{link.pk}",
        course=speaker.course,
        kind=OutboxMailKind.SPEAKER_SIGN_IN,
        recipient=speaker.email,
        subject=subject,
        body=body,
        secret=True,  # the link signs the speaker in
    )
    return token


def find_sign_in_link(token, *, now=None):
    """The link if it can still be used, else SpeakerRefused with the reason. Reads only."""
    now = now or timezone.now()
    link = SpeakerSignInLink.objects.select_related("speaker__course").filter(token_hash=_hash(token or "")).first()
    if link is None:
        raise SpeakerRefused(gettext("This sign-in link is not valid. Ask the course team for a new one."))
    if link.used_at is not None:
        raise SpeakerRefused(gettext("This sign-in link was already used. Ask the course team for a new one."))
    if link.expires_at <= now:
        raise SpeakerRefused(gettext("This sign-in link has expired. Ask the course team for a new one."))
    if link.email.lower() != (link.speaker.email or "").lower():
        raise SpeakerRefused(gettext("This link was sent to an address the course team has since changed."))
    return link


def use_sign_in_link(token, *, current_user=None, now=None):
    """Spend the link: match or create the account of its address, attach it to the speaker; returns the user.

    Refused if the link is unknown, used, expired, or if ``current_user`` is signed in with another address."""
    now = now or timezone.now()
    with transaction.atomic():
        link = find_sign_in_link(token, now=now)
        link = SpeakerSignInLink.objects.select_for_update().select_related("speaker__course").get(pk=link.pk)
        if link.used_at is not None:  # spent by a concurrent request since the read above
            raise SpeakerRefused(gettext("This sign-in link was already used. Ask the course team for a new one."))
        signed_in = current_user is not None and current_user.is_authenticated
        if signed_in and (current_user.email or "").lower() != link.email.lower():
            raise SpeakerRefused(
                gettext("This link is for %(link)s. You are signed in as %(current)s: sign out first.")
                % {"link": link.email, "current": current_user.email}
            )
        user = _user_for(link.email)
        link.used_at = now
        link.save(update_fields=["used_at"])
        Speaker.objects.filter(pk=link.speaker_id).update(user=user)
    return user, link.speaker


def _user_for(email):
    """The account with this (verified, by the link) address, created without a usable password if none."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User.objects.create_user(username=email.lower()[:150], email=email.lower())
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=email.lower(), verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    return user


def answer_session(speaker, session, *, state, note=""):
    """Confirm a session, or ask for a change (with a note for the course team)."""
    if state not in ConfirmationState.values:
        raise SpeakerRefused(gettext("Unknown answer."))
    if not session.speakers.filter(pk=speaker.pk).exists():
        raise SpeakerRefused(gettext("You are not a speaker of this session."))
    if state == ConfirmationState.CHANGE_REQUESTED and not note.strip():
        raise SpeakerRefused(gettext("Please say what should change."))
    confirmation, _ = SpeakerConfirmation.objects.update_or_create(
        speaker=speaker, session=session, defaults={"state": state, "note": note.strip()}
    )
    return confirmation


def add_availability(speaker, *, starts_at, ends_at):
    if ends_at <= starts_at:
        raise SpeakerRefused(gettext("The end must be after the start."))
    return SpeakerAvailability.objects.create(speaker=speaker, starts_at=starts_at, ends_at=ends_at)


def remove_availability(speaker, availability_id):
    SpeakerAvailability.objects.filter(speaker=speaker, pk=availability_id).delete()


def update_profile(speaker, *, bio, timezone_name, photo=None):
    speaker.bio = bio
    speaker.timezone = timezone_name
    fields = ["bio", "timezone"]
    if photo is not None:
        extension = detect_photo_type(photo)
        old = speaker.photo.name if speaker.photo else ""
        speaker._photo_extension = extension
        speaker.photo.save("photo", photo, save=False)
        fields.append("photo")
        if old:
            storage = speaker.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
    speaker.save(update_fields=fields)
    return speaker


def detect_photo_type(photo):
    """“.jpg” or “.png” by content; anything else (SVG included) is refused."""
    if not photo.size or photo.size > MAX_PHOTO_BYTES:
        raise SpeakerRefused(gettext("The photo must be a JPEG or PNG of at most 2 MB."))
    photo.seek(0)
    head = photo.read(8)
    photo.seek(0)
    for magic, extension in PHOTO_TYPES.items():
        if head.startswith(magic):
            return extension
    raise SpeakerRefused(gettext("The photo must be a JPEG or PNG of at most 2 MB."))


def remind_speakers(course, *, now=None):
    """Send a fresh sign-in link to every speaker with an address who has not answered for all their sessions
    or not uploaded anything yet. Returns the speakers reminded."""
    reminded = []
    for status in speaker_statuses(course):
        if status.done or not status.speaker.email or not status.session_count:
            continue
        issue_sign_in_link(status.speaker, now=now)
        reminded.append(status.speaker)
    return reminded
