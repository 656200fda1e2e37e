"""The deployment layout on loopback: two gunicorn web processes, two Celery workers and one beat, against one
PostgreSQL (the test database) and one Redis, play a bot-played simulation to the end.

The bots (``manage.py run_bots``) play the empty delegations in a process of their own; two seated
participants keep their rooms open through both web processes alternately. Every round must end exactly once,
both web processes must follow every transition (no process-local state), and what the bots did must all be
in the database at the end.
"""

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.test import Client

from bench._servers import Gunicorn, terminate
from simulations.domain.engine import start_run
from simulations.domain.negotiation import make_statement
from simulations.domain.runs import adjust_round_plan, assign_pair
from simulations.domain.scenarios import load_scenario_file
from simulations.enums import RunState
from simulations.models import RunEvent, Statement, Vote
from tests import support, workers
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "fixtures" / "scenarios" / "sesame-synchrotron.yaml"
ROUND_SECONDS = [3, 3, 4, 3]  # statements, caucus, negotiation, vote
SWEEP_INTERVAL = 1.0
ROOM_TAG = re.compile(r'<div id="room"[^>]*>')


def get(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}", "HX-Request": "true"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def room_attributes(html):
    tag = ROOM_TAG.search(html)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0))) if tag else None


@pytest.fixture
def web_processes(celery_processes):
    env = {**celery_processes.env, "DEBUG": "true", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    webs = [Gunicorn(env, workers=1, threads=4, name=f"deploy-{n}") for n in "ab"]
    try:
        for web in webs:
            web.start()
        yield webs
    finally:
        for web in webs:
            web.stop()


def test_two_web_two_workers_one_beat_play_a_simulation_to_the_end(celery_processes, web_processes):
    assert workers.test_database_url().startswith("postgres://")
    course = CourseFactory()
    run = make_run(scenario=load_scenario_file(SCENARIO), course=course, name="Table A")
    plan = [
        {"key": r.key, "title": r.title, "seconds": seconds, "actions": r.actions}
        for r, seconds in zip(run.rounds.order_by("number"), ROUND_SECONDS, strict=True)
    ]
    adjust_round_plan(run, plan)  # the scenario's actions, in short rounds
    delegations = list(run.scenario.delegations.order_by("position"))
    participants = []
    for delegation in delegations[:2]:
        pair, scientist, _ = make_pair(course)
        assign_pair(run, pair, delegation)
        client = Client()
        client.force_login(scientist.user)
        participants.append(client.cookies["sessionid"].value)
    celery_processes.env["SWEEP_INTERVAL_SECONDS"] = str(SWEEP_INTERVAL)
    celery_processes.start_worker("worker-1", concurrency=1)
    celery_processes.start_worker("worker-2", concurrency=1)
    celery_processes.start_beat()
    celery_processes.wait_until_ready("worker-1")
    celery_processes.wait_until_ready("worker-2")

    bots = None
    if "run_bots" in get_commands():
        bots = subprocess.Popen(
            [sys.executable, "manage.py", "run_bots", str(run.pk), "--interval", "0.3"],
            cwd=ROOT,
            env=celery_processes.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        bots.stdout.readline()  # "Bots play …": they are up, waiting for the start
    run = start_run(run)
    if bots is None:  # before the bots exist: the empty delegations still speak, through the domain
        for delegation in delegations[2:]:
            make_statement(run, delegation, f"{delegation.name} opens.")

    shown = {web.name: set() for web in web_processes}  # (round, state) each web process rendered
    statuses = []
    deadline = time.monotonic() + sum(ROUND_SECONDS) + 20
    n = 0
    try:
        while time.monotonic() < deadline and not all((4, "finished") in s for s in shown.values()):
            for web in web_processes:  # both processes, alternately, for alternating participants
                status, body = get(f"{web.base_url}/simulations/runs/{run.pk}/room/updates/?v=-", participants[n % 2])
                n += 1
                statuses.append(status)
                room = room_attributes(body.decode(errors="replace"))
                if room:
                    shown[web.name].add((int(room["data-round"]), room["data-run-state"]))
            time.sleep(0.25)
        if bots is not None:
            bots.wait(timeout=15)
    finally:
        terminate(bots)

    run.refresh_from_db()
    assert run.state == RunState.FINISHED, celery_processes.log_text("worker-1")[-2000:]
    advanced = list(
        RunEvent.objects.filter(run=run, kind="round_advanced")
        .order_by("created_at")
        .values_list("from_round", "source")
    )
    assert [r for r, _ in advanced] == [1, 2, 3, 4], advanced  # each round ended once, none skipped
    assert {s for _, s in advanced} <= {"task", "sweeper", "lazy"}
    assert set(statuses) <= {200, 204, 286}, statuses
    for name, states in shown.items():  # each process rendered every round, then the end: no stale state
        assert {r for r, state in states if state == "running"} == {1, 2, 3, 4}, (name, states)
        assert (4, "finished") in states, (name, states)
    bot_count = len(delegations) - 2
    assert Statement.objects.filter(run=run).count() == bot_count
    if bots is not None:
        output = bots.stdout.read().decode(errors="replace")
        assert bots.returncode == 0, output
        assert Vote.objects.filter(proposal__run=run).exists(), output
    assert support.redis_answers()
