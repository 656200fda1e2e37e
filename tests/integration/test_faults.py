"""Faults during a bot-played simulation (the short form of bench/chaos.py): the worker is SIGKILLed and
replaced, a private redis-server (never the machine's) is restarted, and gunicorn is restarted. No round is
skipped, repeated or stalled beyond the sweep interval; no statement, proposal or vote is lost."""

import signal
import subprocess
import sys
import time

import pytest
from django.core.management import get_commands
from django.test import Client

from bench._servers import Gunicorn, terminate
from bench.chaos import Pollers, Supervisor, counts, reported_actions_missing
from simulations.domain.engine import start_run
from simulations.domain.runs import adjust_round_plan, assign_pair
from simulations.domain.scenarios import load_scenario_file
from simulations.enums import RunState
from simulations.models import Run, RunEvent
from tests import support
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
from tests.simulations.worker_support import app_broker, wait_for
from tests.workers import CeleryProcesses, point_app_at_queue, restore_app

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = support.__file__.rsplit("/tests/", 1)[0]
SCENARIO = f"{ROOT}/fixtures/scenarios/sesame-synchrotron.yaml"
ROUND_SECONDS = [4, 4, 5, 4]
SWEEP_INTERVAL = 1.0


def short_run():
    course = CourseFactory()
    run = make_run(scenario=load_scenario_file(SCENARIO), course=course, name="Table A")
    plan = [
        {"key": r.key, "title": r.title, "seconds": s, "actions": r.actions}
        for r, s in zip(run.rounds.order_by("number"), ROUND_SECONDS, strict=True)
    ]
    adjust_round_plan(run, plan)
    pair, scientist, _ = make_pair(course)
    assign_pair(run, pair, run.scenario.delegations.order_by("position").first())
    client = Client()
    client.force_login(scientist.user)
    return Run.objects.get(pk=run.pk), client.cookies["sessionid"].value


def test_worker_redis_and_web_restarts_lose_no_round_and_no_action(private_redis):
    if "run_bots" not in get_commands():
        pytest.skip("needs the bots (manage.py run_bots)")
    run, cookie = short_run()
    env = {"REDIS_URL": private_redis.url, "CELERY_BROKER_URL": private_redis.url}
    procs = CeleryProcesses(extra_env={**env, "SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL)})
    previous = point_app_at_queue(procs.queue)
    web = pollers = bots = supervisor = None
    try:
        with app_broker(private_redis.url):
            procs.start_worker("worker")
            procs.start_beat()
            procs.wait_until_ready("worker")
            # A worker holding unacknowledged ETA messages exits when Redis drops (kombu); in production the
            # process supervisor starts it again, as this one does.
            supervisor = Supervisor(procs, concurrency=1)
            supervisor.start()
            web = Gunicorn({**procs.env, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1"}, workers=1, threads=4).start()
            pollers = Pollers(web, [(run.pk, cookie)])
            pollers.start()
            bots = subprocess.Popen(
                [sys.executable, "manage.py", "run_bots", str(run.pk), "--interval", "1"],
                cwd=ROOT,
                env=procs.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            bots.stdout.readline()  # "Bots play …": they are up, waiting for the start
            start_run(run)
            snapshots = [counts([run])]
            time.sleep(2)
            procs.kill("worker", signal.SIGKILL)
            procs.start_worker("worker-2")
            procs.wait_until_ready("worker-2")
            snapshots.append(counts([run]))
            private_redis.restart(down_seconds=1.0)
            snapshots.append(counts([run]))
            web.restart()
            snapshots.append(counts([run]))

            wait_for(lambda: Run.objects.get(pk=run.pk).is_over, timeout=sum(ROUND_SECONDS) + 20, message="the end")
            output, _ = bots.communicate(timeout=15)
            snapshots.append(counts([run]))
            workers_alive = [n for n, (p, _) in procs.procs.items() if n.startswith("worker") and p.poll() is None]
            assert workers_alive, "no worker survived or was restarted"
            wait_for(
                lambda: "succeeded" in procs.log_text(workers_alive[0]), timeout=5, message="a task after the faults"
            )
    finally:
        if supervisor is not None:
            supervisor.stop.set()
            supervisor.join(timeout=30)
        if pollers is not None:
            pollers.stop.set()
        terminate(bots)
        if web is not None:
            web.stop()
        procs.stop_all()
        restore_app(previous)

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    events = list(RunEvent.objects.filter(run=run, kind="round_advanced").order_by("created_at", "pk"))
    assert [e.from_round for e in events] == [1, 2, 3, 4]  # none skipped, none repeated
    assert max(e.lag.total_seconds() for e in events) <= SWEEP_INTERVAL + 1.0  # none stalled
    for before, after in zip(snapshots, snapshots[1:], strict=False):
        assert all(after[kind] >= before[kind] for kind in before), snapshots
    reported, missing = reported_actions_missing(run, output.decode(errors="replace"))
    assert reported > 0 and missing == []
    assert snapshots[-1]["statements"] > 0 and snapshots[-1]["votes"] > 0, snapshots[-1]
    assert set(pollers.statuses) <= {"200", "286", "connection refused"}, pollers.statuses
