"""Reference letters: an applicant names a referee by email; the referee's link is the credential.

The token is random, stored only as a hash, expires with the call (a week after the deadline at most), and is
single use: once the letter is in, the link answers "already submitted". Applicants see the status only
(requested, opened, submitted), never the letter; facilitators read it on the application's selection page.
A reminder goes out once, two days before the deadline (``send_referee_reminders``, from beat; idempotent by a
compare-and-set on ``reminder_sent_at``)."""

import datetime
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from participants.domain.applications import _require_editable, get_member
from participants.domain.deadlines import hash_secret
from participants.domain.emails import absolute_url, language_for_address, queue_templated_mail
from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.domain.uploads import display_name, validate_pdf_upload
from participants.enums import ApplicationStatus, OutboxMailKind, RefereeStatus
from participants.models import RefereeRequest

MAX_REFEREES = 3
LETTER_GRACE = datetime.timedelta(days=7)  # referees may still write a week after the deadline
REMINDER_BEFORE = datetime.timedelta(days=2)
STATEMENT_WORD_LIMIT = 800


def _link(token):
    return absolute_url(reverse("participants:referee", args=[token]))


def request_reference(application, by_user, name, email, now=None):
    now = now or timezone.now()
    if get_member(application, by_user) is None:
        raise ApplicationRefused(gettext("You are not a member of this application."))
    _require_editable(application, now)
    email = (email or "").strip().lower()
    with transaction.atomic():
        live = [r for r in application.referees.select_for_update() if r.status != RefereeStatus.CANCELLED]
        if any(r.email.lower() == email for r in live):
            raise ApplicationRefused(gettext("%(email)s is already one of your referees.") % {"email": email})
        if len(live) >= MAX_REFEREES:
            raise ApplicationRefused(gettext("You can name at most %(count)d referees.") % {"count": MAX_REFEREES})
        if any(m.user and m.user.email.lower() == email for m in application.members.select_related("user")):
            raise ApplicationRefused(gettext("A referee must be someone other than the two of you."))
        token = secrets.token_urlsafe(32)
        referee = RefereeRequest.objects.create(
            application=application,
            requested_by=by_user,
            name=name.strip(),
            email=email,
            token_hash=hash_secret(token),
            expires_at=application.course.deadline + LETTER_GRACE,
        )
        _mail(referee, "referee_request", token)
    return referee, token


def cancel_reference(referee, by_user, now=None):
    now = now or timezone.now()
    if get_member(referee.application, by_user) is None:
        raise ApplicationRefused(gettext("You are not a member of this application."))
    _require_editable(referee.application, now)
    changed = RefereeRequest.objects.filter(
        pk=referee.pk, status__in=[RefereeStatus.REQUESTED, RefereeStatus.OPENED]
    ).update(status=RefereeStatus.CANCELLED)
    if not changed:
        raise ApplicationRefused(gettext("A submitted letter cannot be cancelled."))


def _mail(referee, template, token):
    application = referee.application
    language = language_for_address(referee.email, fallback_user=application.lead)
    with translation.override(language):
        applicants = " & ".join(m.full_name for m in application.members.all() if m.full_name) or gettext(
            "an applicant pair"
        )
    queue_templated_mail(
        template,
        [referee.email],
        {
            "referee": referee,
            "course": application.course,
            "applicants": applicants,
            "link": _link(token) if token else "",
        },
        language=language,
        key=f"{template}:{referee.pk}",  # a request is mailed once, its one reminder once (reminder_sent_at)
        course=application.course,
        kind=OutboxMailKind.REFEREE_REQUEST if token else OutboxMailKind.REFEREE_REMINDER,
        application=application,
        secret=bool(token),  # the link lets whoever holds it write the letter
    )


def open_reference(token, now=None):
    """The referee opens the link: the request, marked opened the first time; refused when unknown, cancelled,
    expired or already submitted."""
    now = now or timezone.now()
    referee = (
        RefereeRequest.objects.select_related("application__course").filter(token_hash=hash_secret(token or "")).first()
    )
    if referee is None or referee.status == RefereeStatus.CANCELLED:
        raise InvitationRefused(gettext("This reference link is not valid (it may be mistyped or cancelled)."))
    if referee.status == RefereeStatus.SUBMITTED:
        raise InvitationRefused(
            gettext("Thank you: this reference has already been submitted. The link cannot be used again.")
        )
    if referee.expires_at < now or referee.application.status == ApplicationStatus.WITHDRAWN:
        raise InvitationRefused(gettext("This reference link has expired."))
    if referee.status == RefereeStatus.REQUESTED:
        RefereeRequest.objects.filter(pk=referee.pk, status=RefereeStatus.REQUESTED).update(
            status=RefereeStatus.OPENED, opened_at=now
        )
        referee.status, referee.opened_at = RefereeStatus.OPENED, now
    return referee


def submit_reference(token, *, statement="", relationship="", letter=None, now=None):
    """Store the letter (a PDF, or the text typed in the form) once; the link is spent afterwards."""
    now = now or timezone.now()
    statement = (statement or "").strip()
    if "\x00" in statement or "\x00" in (relationship or ""):
        raise ApplicationRefused(
            gettext("The text contains a character that cannot be stored (NUL). Please remove it.")
        )
    if len(statement.split()) > STATEMENT_WORD_LIMIT:
        raise ApplicationRefused(
            gettext("Please keep the letter to %(count)d words, or upload a PDF.") % {"count": STATEMENT_WORD_LIMIT}
        )
    if letter is None and not statement:
        raise ApplicationRefused(gettext("Please upload your letter as a PDF or write it in the box."))
    if letter is not None:
        validate_pdf_upload(letter, what="letter")
    with transaction.atomic():
        referee = open_reference(token, now)
        referee = RefereeRequest.objects.select_for_update().get(pk=referee.pk)
        if referee.status == RefereeStatus.SUBMITTED:
            raise InvitationRefused(gettext("This reference has already been submitted."))
        if letter is not None:
            referee.letter_name = display_name(getattr(letter, "name", ""), default="letter.pdf")
            referee.letter.save("letter.pdf", letter, save=False)
        referee.statement = statement
        referee.relationship = (relationship or "").strip()[:200]
        referee.status = RefereeStatus.SUBMITTED
        referee.submitted_at = now
        referee.save()
    return referee


def send_referee_reminders(now=None):
    """One reminder per referee who has not submitted, within two days of the deadline. Idempotent."""
    now = now or timezone.now()
    due = RefereeRequest.objects.filter(
        status__in=[RefereeStatus.REQUESTED, RefereeStatus.OPENED],
        reminder_sent_at__isnull=True,
        application__status__in=[ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED],
        application__course__deadline__gt=now,
        application__course__deadline__lte=now + REMINDER_BEFORE,
    ).select_related("application__course")
    sent = 0
    for referee in due:
        with transaction.atomic():
            claimed = RefereeRequest.objects.filter(pk=referee.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                # The link itself is not stored (only its hash): the reminder asks them to use the first mail.
                _mail(referee, "referee_reminder", None)
                sent += 1
    return sent
