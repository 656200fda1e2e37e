"""The beat triggers of the course team's own call: each is scheduled, and each runs its idempotent domain task."""

import pytest
from django.conf import settings

from participants import tasks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("task", ["send_referee_reminders", "send_followup_reminders", "purge_followup_data"])
def test_call_task_is_scheduled_by_beat_and_runs_idempotently(task):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert f"participants.tasks.{task}" in scheduled
    assert getattr(tasks, task).delay().get() == 0
    assert getattr(tasks, task).delay().get() == 0
