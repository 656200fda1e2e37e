"""Proof with real Celery worker and beat processes against real Redis: rounds end exactly once."""

import signal
import time

import pytest
import redis
from django.utils import timezone

from simulations.domain.engine import open_post_settlement, start_run
from simulations.domain.outcome import outcome_of
from simulations.enums import AdvanceSource, RunState
from simulations.models import Run, RunEvent
from simulations.tasks import advance_run_round
from tests import support
from tests.factories.simulations import make_run
from tests.simulations.domain.test_post_settlement import BETTER, agreed_run, vote_all
from tests.simulations.worker_support import (
    advances,
    app_broker,
    private_redis_url,
    run_state,
    wait_for,
    wait_for_log,
)
from tests.workers import CeleryProcesses, point_app_at_queue, restore_app

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

SWEEP_ENV = {"SWEEP_INTERVAL_SECONDS": "1"}


def finished(run):
    return run_state(run)[0] == RunState.FINISHED


def test_real_worker_runs_three_rounds_to_the_end(celery_processes):
    celery_processes.start_worker()
    celery_processes.wait_until_ready()
    run = make_run(round_seconds=[2, 2, 2])

    run = start_run(run)

    wait_for(lambda: finished(run), timeout=20, message="the run to finish")
    assert advances(run) == [(1, 2, "task"), (2, 3, "task"), (3, 3, "task")]
    for event in RunEvent.objects.filter(run=run, kind="round_advanced"):
        assert event.lag.total_seconds() < 1.0


def test_same_task_delivered_twice_transitions_once(celery_processes):
    celery_processes.start_worker()
    celery_processes.wait_until_ready()
    run = start_run(make_run(round_seconds=[2, 60]))

    # Two more deliveries of exactly the task the engine scheduled, as a redelivery would make.
    for _ in range(2):
        advance_run_round.apply_async((run.pk, 1, run.version), eta=run.ends_at)

    wait_for(lambda: run_state(run)[1] == 2, timeout=15, message="round 2")
    wait_for(lambda: celery_processes.log_text().count("succeeded") >= 3, timeout=10, message="three deliveries")
    log = celery_processes.log_text()
    assert log.count(": True") == 1 and log.count(": False") == 2
    assert advances(run) == [(1, 2, "task")]
    assert run_state(run) == (RunState.RUNNING, 2, 2)


def test_real_worker_ends_the_post_settlement_round_once_although_its_timer_comes_twice(celery_processes):
    celery_processes.start_worker()
    celery_processes.wait_until_ready()
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run, minutes=2 / 60)  # two seconds
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "yes"})
    # one more delivery of exactly the timer the engine scheduled, as a redelivery would make
    advance_run_round.apply_async((run.pk, run.current_round, run.version), eta=run.ends_at)

    wait_for(lambda: finished(run), timeout=20, message="the post-settlement round to end")
    wait_for(lambda: celery_processes.log_text().count("succeeded") >= 2, timeout=10, message="both deliveries")
    assert [a for a in advances(run) if a[0] == 3] == [(3, 3, "task")]
    assert RunEvent.objects.filter(run=run, kind="post_settlement_opened").count() == 1
    outcome = outcome_of(Run.objects.get(pk=run.pk))
    assert outcome.package == BETTER and outcome.analysis["post_settlement"]["recovered"] == 8


def test_sweeper_advances_when_worker_killed_holding_eta_task(redis_server):
    procs = CeleryProcesses(extra_env=SWEEP_ENV)

    previous = point_app_at_queue(procs.queue)
    try:
        procs.start_worker()
        procs.wait_until_ready()
        run = start_run(make_run(round_seconds=[10, 60]))
        wait_for_log(procs, "worker", "advance_run_round")  # the worker holds the ETA task, unacked

        procs.kill("worker", signal.SIGKILL)
        # A fresh worker and beat: the killed worker's message stays invisible for the 6-hour visibility
        # timeout, so only the sweeper can end the round.
        procs.start_worker("worker2")
        procs.start_beat()
        procs.wait_until_ready("worker2")
        assert run_state(run)[1] == 1 and timezone.now() < run.ends_at, "setup too slow to prove anything"

        wait_for(lambda: run_state(run)[1] == 2, timeout=15, message="the sweeper to advance")
        event = RunEvent.objects.get(run=run, kind="round_advanced")
        assert event.source == AdvanceSource.SWEEPER
        assert event.lag.total_seconds() <= 1 + 1  # sweep interval + 1 s
    finally:
        procs.stop_all()
        restore_app(previous)


def test_run_finishes_although_redis_is_flushed_mid_run(redis_server):
    url = private_redis_url(redis_server)
    client = redis.Redis.from_url(url)
    client.flushdb()
    procs = CeleryProcesses(extra_env={**SWEEP_ENV, "REDIS_URL": url, "CELERY_BROKER_URL": url})

    previous = point_app_at_queue(procs.queue)
    try:
        with app_broker(url):
            procs.start_worker()
            procs.start_beat()
            procs.wait_until_ready()
            run = start_run(make_run(round_seconds=[2, 3, 3]))
            wait_for(lambda: run_state(run)[1] == 2, timeout=10, message="round 2")

            client.flushdb()  # everything in the broker is gone, including the held ETA task's message
            wait_for_log(procs, "worker", "advance_run_round")
            time.sleep(0.5)
            procs.kill("worker", signal.SIGKILL)  # and the copy in the worker's memory too
            client.flushdb()
            procs.start_worker("worker2")
            procs.wait_until_ready("worker2")

            wait_for(lambda: finished(run), timeout=25, message="the run to finish")
        rounds = [(a, b) for a, b, _ in advances(run)]
        assert rounds == [(1, 2), (2, 3), (3, 3)]
    finally:
        procs.stop_all()
        restore_app(previous)
        client.flushdb()
        client.close()


@pytest.fixture(autouse=True)
def _need_redis():
    support.require_redis()
