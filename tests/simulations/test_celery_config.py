"""Celery is configured for reliability as its documentation advises for timer tasks that must not be lost:
late acks, reject on worker lost, prefetch 1, JSON only, a visibility timeout far above the longest round, and a
beat sweeper every few seconds."""

from django.conf import settings

from config.celery import app
from simulations.domain.engine import MAX_TIME_LEFT_SECONDS
from simulations.domain.runs import MAX_ROUND_SECONDS


def test_celery_acks_late_rejects_on_worker_lost_and_prefetches_one():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert app.conf.task_acks_late is True and app.conf.worker_prefetch_multiplier == 1


def test_celery_speaks_json_only():
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_SERIALIZER == "json"


def test_visibility_timeout_is_far_above_the_longest_wait_of_a_timer_task():
    longest_wait = max(MAX_ROUND_SECONDS, MAX_TIME_LEFT_SECONDS)  # a round's length, or its time left once extended
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 2 * longest_wait


def test_beat_sweeps_overdue_runs_every_few_seconds():
    entry = settings.CELERY_BEAT_SCHEDULE["simulations-sweep-overdue-runs"]
    assert entry["task"] == "simulations.tasks.sweep_overdue_runs"
    assert entry["schedule"].run_every.total_seconds() <= 5
