"""Reminders for instruments: one mail, ``remind_hours_before_close`` before an instrument closes, to each
participant of the edition who has no receipt for it yet. Idempotent (a unique row per instrument and
participant); instruments asked once per run or session are not reminded (they are answered on the spot)."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from course.domain.languages import language_of
from evaluation.domain.mail import queue_reminder_mail
from evaluation.enums import InstrumentPurpose
from evaluation.models import Instrument, InstrumentReminder, ResponseReceipt
from participants.enums import OutboxMailKind
from participants.models import Participant

PER_SUBJECT = {InstrumentPurpose.RUN_SURVEY, InstrumentPurpose.SESSION_FEEDBACK}


def instruments_to_remind(now):
    candidates = Instrument.objects.filter(
        remind_hours_before_close__isnull=False, opens_at__lte=now, closes_at__gt=now
    ).exclude(purpose__in=PER_SUBJECT)
    return [
        i
        for i in candidates.select_related("course")
        if now >= i.closes_at - datetime.timedelta(hours=i.remind_hours_before_close)
    ]


def send_instrument_reminders(now=None):
    now = now or timezone.now()
    sent = 0
    for instrument in instruments_to_remind(now):
        waiting = (
            Participant.objects.filter(pair__course_id=instrument.course_id)
            .exclude(pk__in=ResponseReceipt.objects.filter(instrument=instrument, subject="").values("participant_id"))
            .exclude(pk__in=InstrumentReminder.objects.filter(instrument=instrument).values("participant_id"))
            .select_related("user__language_preference")
        )
        for participant in waiting:
            try:
                with transaction.atomic():
                    reminder = InstrumentReminder.objects.create(instrument=instrument, participant=participant)
                    context = {
                        "instrument": instrument,
                        "course": instrument.course,
                        "participant": participant,
                        "site_url": settings.SITE_URL,
                    }
                    with translation.override(language_of(participant.user)):
                        queue_reminder_mail(
                            reminder,
                            kind=OutboxMailKind.INSTRUMENT_REMINDER,
                            course=instrument.course,
                            recipient=participant.user.email,
                            subject=render_to_string("evaluation/email/instrument_reminder_subject.txt", context),
                            body=render_to_string("evaluation/email/instrument_reminder_body.txt", context),
                        )
                sent += 1
            except IntegrityError:
                continue
    return sent
