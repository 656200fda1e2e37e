"""Following pairs for a year: consent, waves, each participant's follow-up and its reminders.

Lifecycle of a follow-up request (one participant, one wave), written like the run engine: every change goes
through ``set_request_status``, one compare-and-set on ``version``; the allowed moves are ``TRANSITIONS``.

    pending ──answer──▶ answered ──answer again (until the wave closes)──▶ answered
       └────decline──▶ declined ──answer after all──▶ answered

Reminders (``send_follow_up_reminders``, run by Celery beat): ``remind_days_before`` the due date, on it, and
``remind_days_after`` it, until the wave closes. Only the latest reminder due is sent (a beat that was down
for a week sends one mail, not three); a unique (request, kind) row makes each send happen at most once.
Nothing is sent to a request that is answered or declined, nor to anyone without active consent.
"""

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from course.domain.languages import language_of
from evaluation.domain.errors import FollowUpRefused
from evaluation.domain.mail import queue_reminder_mail
from evaluation.enums import ReminderKind, RequestStatus
from evaluation.models import FollowUpConsent, FollowUpReminder, FollowUpRequest, FollowUpWave, JointOutput
from participants.enums import OutboxMailKind
from participants.models import Participant

DEFAULT_MONTHS = (3, 6, 12)
DUE_AFTER_OPEN = datetime.timedelta(days=21)
CLOSE_AFTER_OPEN = datetime.timedelta(days=60)

TRANSITIONS = {
    RequestStatus.PENDING: {RequestStatus.ANSWERED, RequestStatus.DECLINED},
    RequestStatus.DECLINED: {RequestStatus.ANSWERED},
    RequestStatus.ANSWERED: {RequestStatus.ANSWERED},
}
REMINDER_ORDER = (ReminderKind.BEFORE, ReminderKind.DUE, ReminderKind.AFTER)


# --- Consent ---------------------------------------------------------------------------------------------


def record_consent(participant, consented, now=None):
    """A participant's yes or no (a later answer replaces an earlier one; a no also withdraws)."""
    now = now or timezone.now()
    consent, _ = FollowUpConsent.objects.update_or_create(
        participant=participant, defaults={"consented": bool(consented), "decided_at": now, "withdrawn_at": None}
    )
    if consented:
        open_requests_for(participant, now.date())
    return consent


def withdraw_consent(participant, now=None):
    """Stop following a participant up: no more requests and no more mail. Their past answers stay until they
    ask for erasure (evaluation.domain.privacy)."""
    now = now or timezone.now()
    return FollowUpConsent.objects.filter(participant=participant, consented=True, withdrawn_at=None).update(
        withdrawn_at=now
    )


def has_active_consent(participant):
    return FollowUpConsent.objects.filter(participant=participant, consented=True, withdrawn_at=None).exists()


# --- Waves -----------------------------------------------------------------------------------------------


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def schedule_waves(course, months=DEFAULT_MONTHS, target_rate=50):
    """Create the edition's follow-up waves that are missing (idempotent): each opens ``months`` after the last
    day, is due three weeks later and closes after two months."""
    waves = []
    for m in months:
        opens = add_months(course.ends_on, m)
        wave, _ = FollowUpWave.objects.get_or_create(
            course=course,
            months_after=m,
            defaults={
                "opens_on": opens,
                "due_on": opens + DUE_AFTER_OPEN,
                "closes_on": opens + CLOSE_AFTER_OPEN,
                "target_rate": target_rate,
            },
        )
        waves.append(wave)
    return waves


def wave_is_open(wave, today):
    return wave.opens_on <= today <= wave.closes_on


def open_due_waves(today=None):
    """Create a request for every consenting participant of every open wave (idempotent). Returns how many."""
    today = today or timezone.localdate()
    created = 0
    for wave in FollowUpWave.objects.filter(opens_on__lte=today, closes_on__gte=today):
        consenting = Participant.objects.filter(
            pair__course_id=wave.course_id,
            follow_up_consent__consented=True,
            follow_up_consent__withdrawn_at=None,
        ).exclude(pk__in=FollowUpRequest.objects.filter(wave=wave).values("participant_id"))
        rows = [FollowUpRequest(wave=wave, participant=p) for p in consenting]
        FollowUpRequest.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    return created


def open_requests_for(participant, today):
    """A participant who consents while a wave is open gets that wave's request at once."""
    for wave in FollowUpWave.objects.filter(
        course_id=participant.pair.course_id, opens_on__lte=today, closes_on__gte=today
    ):
        FollowUpRequest.objects.get_or_create(wave=wave, participant=participant)


# --- Answering -------------------------------------------------------------------------------------------


def set_request_status(request, status, now=None, **fields):
    """The one writer of a request's status: check the move, compare-and-set on ``version``, write ``fields``.

    Raises FollowUpRefused when the move is not allowed or the request changed meanwhile (reload and retry)."""
    now = now or timezone.now()
    if status not in TRANSITIONS[request.status]:
        raise FollowUpRefused(
            _("A follow-up that is %(current)s cannot become %(new)s.")
            % {"current": request.get_status_display().lower(), "new": str(RequestStatus(status).label).lower()}
        )
    extra = {"answered_at": now} if status == RequestStatus.ANSWERED else {}
    changed = FollowUpRequest.objects.filter(pk=request.pk, version=request.version).update(
        status=status, version=F("version") + 1, **extra, **fields
    )
    if not changed:
        raise FollowUpRefused(_("This follow-up was changed in another window; reload it and try again."))
    request.refresh_from_db()
    return request


def refusal_for(request, today):
    wave = request.wave
    if today < wave.opens_on:
        return _("This follow-up is not open yet.")
    if today > wave.closes_on:
        return _("This follow-up closed on %(date)s; answers can no longer be sent or changed.") % {
            "date": date_format(wave.closes_on, "DATE_FORMAT")
        }
    if not has_active_consent(request.participant):
        return _("You have withdrawn your consent to follow-up; nothing more is asked of you.")
    return None


@transaction.atomic
def submit_follow_up(request, *, in_contact, used_from_course, helped, hindered, outputs, now=None):
    """Store a participant's follow-up answers (``outputs``: [(kind, title, evidence_url)]); replaces earlier
    answers to the same wave."""
    now = now or timezone.now()
    reason = refusal_for(request, timezone.localdate(now))
    if reason:
        raise FollowUpRefused(reason)
    request = set_request_status(
        request,
        RequestStatus.ANSWERED,
        now,
        in_contact=in_contact,
        used_from_course=list(used_from_course),
        helped=helped,
        hindered=hindered,
    )
    request.outputs.all().delete()
    JointOutput.objects.bulk_create(
        [JointOutput(request=request, kind=k, title=t, evidence_url=u) for k, t, u in outputs]
    )
    return request


def decline_follow_up(request, now=None):
    now = now or timezone.now()
    reason = refusal_for(request, timezone.localdate(now))
    if reason:
        raise FollowUpRefused(reason)
    return set_request_status(request, RequestStatus.DECLINED, now)


# --- Reminders -------------------------------------------------------------------------------------------


def reminder_due(wave, today):
    """The latest reminder kind due on ``today`` for a wave (None before the first and after the close)."""
    if today > wave.closes_on or today < wave.opens_on:
        return None
    thresholds = {
        ReminderKind.BEFORE: wave.due_on - datetime.timedelta(days=wave.remind_days_before),
        ReminderKind.DUE: wave.due_on,
        ReminderKind.AFTER: wave.due_on + datetime.timedelta(days=wave.remind_days_after),
    }
    due = [kind for kind in REMINDER_ORDER if thresholds[kind] <= today]
    return due[-1] if due else None


def send_follow_up_reminders(today=None):
    """Send the reminders due today (idempotent). Returns how many were queued."""
    today = today or timezone.localdate()
    sent = 0
    waves = FollowUpWave.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related("course")
    for wave in waves:
        kind = reminder_due(wave, today)
        if kind is None:
            continue
        later = REMINDER_ORDER[REMINDER_ORDER.index(kind) :]
        pending = (
            FollowUpRequest.objects.filter(
                wave=wave,
                status=RequestStatus.PENDING,
                participant__follow_up_consent__consented=True,
                participant__follow_up_consent__withdrawn_at=None,
            )
            .exclude(reminders__kind__in=later)
            .select_related("participant__user__language_preference")
        )
        for request in pending:
            try:
                with transaction.atomic():
                    reminder = FollowUpReminder.objects.create(request=request, kind=kind)
                    context = {
                        "wave": wave,
                        "course": wave.course,
                        "request": request,
                        "kind": kind,
                        "site_url": settings.SITE_URL,
                    }
                    with translation.override(language_of(request.participant.user)):
                        queue_reminder_mail(
                            reminder,
                            kind=OutboxMailKind.WAVE_REMINDER,
                            course=wave.course,
                            recipient=request.participant.user.email,
                            subject=render_to_string("evaluation/email/follow_up_reminder_subject.txt", context),
                            body=render_to_string("evaluation/email/follow_up_reminder_body.txt", context),
                        )
                sent += 1
            except IntegrityError:  # another beat got there first
                continue
    return sent
