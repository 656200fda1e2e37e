import datetime

import pytest
import time_machine
from django.conf import settings

from evaluation.domain.follow_up import record_consent, schedule_waves
from evaluation.models import FollowUpReminder, FollowUpRequest
from evaluation.tasks import send_evaluation_reminders
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def test_beat_runs_the_reminder_task_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-reminders"]

    assert entry["task"] == send_evaluation_reminders.name
    assert entry["schedule"].run_every == datetime.timedelta(minutes=15)


def test_task_opens_the_wave_and_reminds_on_the_due_date():
    course = CourseFactory(starts_on=datetime.date(2025, 3, 3), ends_on=datetime.date(2025, 3, 7))
    (wave,) = schedule_waves(course, months=(3,))
    _pair, scientist, _ = make_pair(course=course)
    record_consent(scientist, True)

    with time_machine.travel(datetime.datetime.combine(wave.due_on, datetime.time(8), tzinfo=datetime.UTC)):
        first = send_evaluation_reminders.run()
        again = send_evaluation_reminders.run()

    assert first == {"requests_opened": 1, "follow_up_reminders": 1, "instrument_reminders": 0}
    assert again == {"requests_opened": 0, "follow_up_reminders": 0, "instrument_reminders": 0}
    assert FollowUpRequest.objects.get().participant == scientist
    assert FollowUpReminder.objects.get().kind == "due"
