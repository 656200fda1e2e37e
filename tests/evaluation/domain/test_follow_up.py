import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from evaluation.domain.errors import FollowUpRefused
from evaluation.domain.follow_up import (
    add_months,
    decline_follow_up,
    open_due_waves,
    record_consent,
    reminder_due,
    schedule_waves,
    send_follow_up_reminders,
    set_request_status,
    submit_follow_up,
    withdraw_consent,
)
from evaluation.enums import ContactAnswer, OutputKind, ReminderKind, RequestStatus
from evaluation.models import FollowUpReminder, FollowUpRequest, JointOutput
from tests.factories.course import CourseFactory
from tests.factories.evaluation import FollowUpWaveFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db

ANSWER = dict(in_contact=ContactAnswer.YES, used_from_course=["batna"], helped="", hindered="", outputs=[])


def _cohort(course, consent=(True, True)):
    _pair, scientist, policymaker = make_pair(course=course)
    for participant, yes in zip((scientist, policymaker), consent, strict=True):
        if yes is not None:
            record_consent(participant, yes)
    return scientist, policymaker


def test_waves_are_scheduled_3_6_12_months_after_the_last_day_idempotently():
    course = CourseFactory(starts_on=datetime.date(2024, 6, 3), ends_on=datetime.date(2024, 6, 7))

    waves = schedule_waves(course)
    schedule_waves(course)

    assert [(w.months_after, w.opens_on) for w in waves] == [
        (3, datetime.date(2024, 9, 7)),
        (6, datetime.date(2024, 12, 7)),
        (12, datetime.date(2025, 6, 7)),
    ]
    assert course.follow_up_waves.count() == 3
    assert add_months(datetime.date(2024, 11, 30), 3) == datetime.date(2025, 2, 28)


def test_only_consenting_participants_are_asked():
    wave = FollowUpWaveFactory()
    scientist, policymaker = _cohort(wave.course, consent=(True, False))
    _other, _ = _cohort(wave.course, consent=(None, None))

    open_due_waves()
    open_due_waves()  # idempotent

    assert list(FollowUpRequest.objects.values_list("participant_id", flat=True)) == [scientist.pk]


def test_consent_given_while_a_wave_is_open_gets_its_request_at_once():
    wave = FollowUpWaveFactory()
    scientist, _ = _cohort(wave.course, consent=(None, None))

    record_consent(scientist, True)

    assert FollowUpRequest.objects.filter(wave=wave, participant=scientist).exists()


def test_answer_replaces_earlier_answers_and_counts_outputs():
    wave = FollowUpWaveFactory()
    scientist, _ = _cohort(wave.course)
    open_due_waves()
    request = FollowUpRequest.objects.get(participant=scientist)

    submit_follow_up(request, **{**ANSWER, "outputs": [(OutputKind.PAPER, "A paper", "https://doi.org/10/x")]})
    request.refresh_from_db()
    submit_follow_up(request, **{**ANSWER, "outputs": [(OutputKind.MEETING, "A meeting", "")]})

    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.version == 2
    assert list(JointOutput.objects.values_list("kind", flat=True)) == [OutputKind.MEETING]


def test_stale_version_is_refused():
    wave = FollowUpWaveFactory()
    scientist, _ = _cohort(wave.course)
    open_due_waves()
    request = FollowUpRequest.objects.get(participant=scientist)
    stale = FollowUpRequest.objects.get(pk=request.pk)
    decline_follow_up(request)

    with pytest.raises(FollowUpRefused, match="changed in another window"):
        set_request_status(stale, RequestStatus.DECLINED)


def test_answered_follow_up_cannot_be_declined_but_declined_one_can_be_answered():
    wave = FollowUpWaveFactory()
    scientist, _ = _cohort(wave.course)
    open_due_waves()
    request = FollowUpRequest.objects.get(participant=scientist)

    request = decline_follow_up(request)
    request = submit_follow_up(request, **ANSWER)
    with pytest.raises(FollowUpRefused, match="cannot become declined"):
        decline_follow_up(request)


def test_answer_after_the_wave_closed_or_after_withdrawal_is_refused():
    wave = FollowUpWaveFactory()
    scientist, policymaker = _cohort(wave.course)
    open_due_waves()
    late = FollowUpRequest.objects.get(participant=scientist)
    withdrawn = FollowUpRequest.objects.get(participant=policymaker)
    withdraw_consent(policymaker)

    closed = timezone.make_aware(
        datetime.datetime.combine(wave.closes_on + datetime.timedelta(days=1), datetime.time(12))
    )
    with pytest.raises(FollowUpRefused, match="closed on"):
        submit_follow_up(late, **ANSWER, now=closed)
    with pytest.raises(FollowUpRefused, match="withdrawn your consent"):
        submit_follow_up(withdrawn, **ANSWER)


# --- Reminders: before, at and after the due date, by the beat task ---------------------------------------


def test_reminder_kind_due_follows_the_calendar():
    wave = FollowUpWaveFactory.build(
        opens_on=datetime.date(2025, 1, 1), due_on=datetime.date(2025, 1, 22), closes_on=datetime.date(2025, 3, 1)
    )

    assert reminder_due(wave, datetime.date(2025, 1, 14)) is None
    assert reminder_due(wave, datetime.date(2025, 1, 15)) == ReminderKind.BEFORE
    assert reminder_due(wave, datetime.date(2025, 1, 22)) == ReminderKind.DUE
    assert reminder_due(wave, datetime.date(2025, 1, 29)) == ReminderKind.AFTER
    assert reminder_due(wave, datetime.date(2025, 3, 2)) is None


def _day(date, hour=9):
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=datetime.UTC)


def test_reminder_schedule_sends_each_reminder_once_and_stops_when_answered(django_capture_on_commit_callbacks):
    course = CourseFactory(starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 7))
    (wave,) = schedule_waves(course, months=(3,))
    scientist, policymaker = _cohort(course)
    sent = []

    def beat(day):
        with time_machine.travel(_day(day), tick=False), django_capture_on_commit_callbacks(execute=True):
            open_due_waves()
            sent.append(send_follow_up_reminders())

    beat(wave.opens_on)  # opened: no reminder yet
    beat(wave.due_on - datetime.timedelta(days=7))  # a week before: both are reminded
    beat(wave.due_on - datetime.timedelta(days=6))  # the next day: nothing new
    with time_machine.travel(_day(wave.due_on - datetime.timedelta(days=3)), tick=False):
        submit_follow_up(FollowUpRequest.objects.get(participant=scientist), **ANSWER)
    beat(wave.due_on)  # only the one who has not answered
    beat(wave.due_on + datetime.timedelta(days=7))
    beat(wave.due_on + datetime.timedelta(days=8))

    assert sent == [0, 2, 0, 1, 1, 0]
    assert sorted(FollowUpReminder.objects.values_list("request__participant_id", "kind")) == sorted(
        [(scientist.pk, "before"), (policymaker.pk, "before"), (policymaker.pk, "due"), (policymaker.pk, "after")]
    )
    assert FollowUpReminder.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == 4
    assert mail.outbox[-1].to == [policymaker.user.email] and "Still time" in mail.outbox[-1].subject


def test_a_beat_that_was_down_sends_only_the_latest_reminder():
    course = CourseFactory(starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 7))
    (wave,) = schedule_waves(course, months=(3,))
    scientist, _ = _cohort(course, consent=(True, None))

    with time_machine.travel(_day(wave.due_on + datetime.timedelta(days=10)), tick=False):
        open_due_waves()
        assert send_follow_up_reminders() == 1
        assert send_follow_up_reminders() == 0

    assert list(FollowUpReminder.objects.values_list("kind", flat=True)) == [ReminderKind.AFTER]


def test_no_reminder_after_decline_or_withdrawal():
    course = CourseFactory(starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 7))
    (wave,) = schedule_waves(course, months=(3,))
    scientist, policymaker = _cohort(course)

    with time_machine.travel(_day(wave.due_on), tick=False):
        open_due_waves()
        decline_follow_up(FollowUpRequest.objects.get(participant=scientist))
        withdraw_consent(policymaker)
        assert send_follow_up_reminders() == 0
