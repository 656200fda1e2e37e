"""Faults during a bot-played simulation: kill the Celery worker, restart Redis, restart the web server.

Set-up: a database of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_chaos;
dropped and re-created), a private redis-server on port 6391 (BENCH_REDIS_PORT; append-only, noeviction; never
the machine's Redis), gunicorn on a free loopback port, one Celery worker and one beat (sweep interval 1 s).
Three tables of the SESAME scenario in short rounds; two seated participants per table keep their rooms open
through gunicorn (a poll every 2 s each, the issue's load-test rate); ``manage.py run_bots`` plays every other delegation (when the bots are
not there, this script makes the statements, caucus notes and floor messages itself through the domain). The bots
play the negotiation strategies of simulations.strategies (hard-liner, concession-maker, integrative bargainer,
free rider), assigned in turn to the unseated delegations and shifted by one per table, so every table mixes them.

Faults, while the runs are under way: SIGKILL the worker (it holds the rounds' ETA tasks) and start a new one;
stop Redis for 1.5 s and start it again (same append-only file); stop gunicorn and start it again.

Checks, from the event log and the negotiation tables:
- every round of every run ended exactly once, in order (none skipped or repeated) and the run finished;
- no round ended later than the sweep interval + 1 s after it fell due (stalled);
- the counts of statements, caucus and floor messages, proposals, supports and votes never went down from one
  snapshot to the next (taken before and after each fault), and every action a bot reported is in the database.

Run from the repository root: .venv/bin/python bench/chaos.py      (about a minute)
The last line printed is one JSON object.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._bots import seat_strategies, strategy_counts  # noqa: E402
from bench._servers import Gunicorn, RedisServer, recreate_database, terminate  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_chaos")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))
SWEEP_INTERVAL = 1.0
TABLES = 3
ROUND_SECONDS = [8, 8, 10, 8]  # statements, caucus, negotiation, vote
QUEUE = f"bench-chaos-{uuid.uuid4().hex[:8]}"
STALL_TOLERANCE = SWEEP_INTERVAL + 1.0
BOT_LINE = re.compile(r"round \d+: (?P<key>[\w-]+) (?P<action>\w+)")


def environment(redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": QUEUE,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CACHE_BACKEND": "locmem",
        "SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL),
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }


class Pollers(threading.Thread):
    """Participants' open rooms: each polls its room's update endpoint about once a second through gunicorn."""

    def __init__(self, web, rooms, interval=1.0):
        super().__init__(daemon=True)
        self.web, self.rooms, self.interval, self.stop = web, rooms, interval, threading.Event()
        self.statuses = Counter()

    def run(self):
        while not self.stop.is_set():
            for run_id, cookie in self.rooms:
                request = urllib.request.Request(
                    f"{self.web.base_url}/simulations/runs/{run_id}/room/updates/?v=-",
                    headers={"Cookie": f"sessionid={cookie}", "HX-Request": "true"},
                )
                try:
                    with urllib.request.urlopen(request, timeout=5) as response:
                        self.statuses[str(response.status)] += 1
                except urllib.error.HTTPError as exc:
                    self.statuses[str(exc.code)] += 1
                except OSError:  # refused while the web server restarts
                    self.statuses["connection refused"] += 1
            self.stop.wait(self.interval)


def counts(runs):
    from django.db.models import Count

    from simulations.models import CaucusMessage, FloorMessage, Proposal, ProposalSupport, Statement, Vote

    ids = [r.pk for r in runs]
    return {
        "statements": Statement.objects.filter(run_id__in=ids).count(),
        "caucus": CaucusMessage.objects.filter(run_id__in=ids).count(),
        "floor": FloorMessage.objects.filter(run_id__in=ids).count(),
        "proposals": Proposal.objects.filter(run_id__in=ids).count(),
        "supports": ProposalSupport.objects.filter(proposal__run_id__in=ids).aggregate(n=Count("pk"))["n"],
        "votes": Vote.objects.filter(run_id__in=ids).count(),
    }


def reported_actions_missing(run, output):
    """Bot-reported actions (key, action) with no row for that delegation in the run."""
    from simulations.models import CaucusMessage, FloorMessage, Proposal, ProposalSupport, Statement, Vote

    delegations = {d.key: d for d in run.scenario.delegations.all()}
    exists = {
        "statement": lambda d: Statement.objects.filter(run=run, delegation=d).exists(),
        "caucus": lambda d: CaucusMessage.objects.filter(run=run, delegation=d).exists(),
        "floor": lambda d: FloorMessage.objects.filter(run=run, delegation=d).exists(),
        "propose": lambda d: (
            Proposal.objects.filter(run=run, delegation=d).exists()
            or ProposalSupport.objects.filter(proposal__run=run, delegation=d).exists()
        ),
        "vote": lambda d: Vote.objects.filter(run=run, delegation=d).exists(),
    }
    exists["support"] = exists["propose"]
    reported = {(m["key"], m["action"]) for m in BOT_LINE.finditer(output)}
    missing = [(k, a) for k, a in sorted(reported) if a in exists and not exists[a](delegations[k])]
    return len(reported), missing


def play_without_bots(runs, delegations_by_run, stop):
    """Fallback before issue 6's bots exist: speak for the unseated delegations through the domain."""
    from simulations.domain.negotiation import (
        NegotiationError,
        make_statement,
        post_caucus_message,
        post_floor_message,
    )
    from simulations.models import Run

    done = set()
    actions = {"statement": make_statement, "caucus": post_caucus_message, "floor": post_floor_message}
    output = []
    while not stop.is_set():
        for run in runs:
            fresh = Run.objects.get(pk=run.pk)
            current = fresh.get_current_round()
            if current is None or fresh.is_over:
                continue
            for delegation in delegations_by_run[run.pk]:
                for action in current.actions:
                    key = (run.pk, current.number, delegation.key, action)
                    if action in actions and key not in done:
                        try:
                            actions[action](
                                fresh, delegation, f"{delegation.name}: {action} in round {current.number}."
                            )
                        except NegotiationError:
                            continue
                        done.add(key)
                        output.append((run.pk, f"round {current.number}: {delegation.key} {action}"))
        stop.wait(0.5)
    return output


class Supervisor(threading.Thread):
    """Starts again any worker or beat whose process exited, as systemd's Restart=always or compose's restart
    policy would (checks every 0.3 s). Processes stopped on purpose through CeleryProcesses.kill are not seen.

    Needed because a worker holding unacknowledged ETA messages exits with kombu's "Unrecoverable error" when
    its Redis connection drops (measured; docs/performance.md)."""

    def __init__(self, procs, concurrency=2):
        super().__init__(daemon=True)
        self.procs, self.concurrency, self.stop = procs, concurrency, threading.Event()
        self.restarts = []
        self.t0 = time.monotonic()

    def run(self):
        while not self.stop.wait(0.3):
            for name, (proc, log) in list(self.procs.procs.items()):
                if proc.poll() is None or self.stop.is_set():
                    continue
                if self.procs.procs.pop(name, None) is None:  # stopped on purpose meanwhile
                    continue
                log.close()
                new = f"{name.split('~')[0]}~{len(self.restarts) + 1}"
                if name.startswith("worker"):
                    self.procs.start_worker(new, concurrency=self.concurrency)
                else:
                    self.procs.start_beat(new)
                self.restarts.append((name, proc.returncode, new, round(time.monotonic() - self.t0, 1)))

    def alive_workers(self):
        return [n for n, (p, _) in list(self.procs.procs.items()) if n.startswith("worker") and p.poll() is None]


def main():
    started = time.time()
    redis = RedisServer(port=REDIS_PORT)
    if not redis.available():
        raise SystemExit("redis-server is not installed")
    redis.start()
    env = environment(redis.url)
    os.environ.update(env)
    web = pollers = supervisor = None
    bots = []
    procs = None
    try:
        recreate_database(DATABASE_URL)
        import django

        django.setup()
        from django.core.management import get_commands

        from bench._seed import load_scenario, login_sessions, make_course, seat_course
        from simulations.domain.engine import start_run
        from simulations.models import Run, RunEvent, Seat
        from tests.workers import CeleryProcesses

        course = make_course("chaos")
        runs, seated = seat_course(course, load_scenario(), TABLES, 4, round_seconds=ROUND_SECONDS)
        keys = login_sessions([user for user, _ in seated])
        rooms = [(run.pk, key) for (_, run), key in zip(seated, keys, strict=True)]
        seated_delegations = {
            run.pk: set(Seat.objects.filter(run=run).values_list("delegation_id", flat=True)) for run in runs
        }
        unseated = {
            run.pk: [d for d in run.scenario.delegations.order_by("position") if d.pk not in seated_delegations[run.pk]]
            for run in runs
        }

        procs = CeleryProcesses(queue=QUEUE, extra_env={k: env[k] for k in ("REDIS_URL", "CELERY_BROKER_URL")})
        procs.env.update({"SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL), "LOG_LEVEL": "WARNING"})
        procs.start_worker("worker", concurrency=2)
        procs.start_beat()
        procs.wait_until_ready("worker")
        supervisor = Supervisor(procs)
        supervisor.start()
        web = Gunicorn({**env, "DEBUG": "true"}, workers=2, threads=4, name="chaos").start()
        pollers = Pollers(web, rooms, interval=2.0)
        pollers.start()

        have_bots = "run_bots" in get_commands()
        fallback_stop = threading.Event()
        fallback_output = []
        strategy_by_run = {
            run.pk: seat_strategies([d.key for d in unseated[run.pk]], shift=index) for index, run in enumerate(runs)
        }
        if have_bots:
            for run in runs:
                bots.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "run_bots", str(run.pk), "--interval", "2"]
                        + ["--strategy", ",".join(f"{key}={name}" for key, name in strategy_by_run[run.pk].items())],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for proc in bots:
            proc.stdout.readline()  # "Bots play …": they are up, waiting for the start
        for run in runs:
            start_run(run)
        t0 = time.monotonic()
        if not have_bots:
            fallback = threading.Thread(
                target=lambda: fallback_output.extend(play_without_bots(runs, unseated, fallback_stop)), daemon=True
            )
            fallback.start()

        snapshots = [("start", counts(runs))]
        faults = []

        def at(seconds):
            time.sleep(max(0.0, t0 + seconds - time.monotonic()))

        def fault(name, action):
            snapshots.append((f"before {name}", counts(runs)))
            begun = time.monotonic()
            action()
            faults.append({"fault": name, "at_s": round(begun - t0, 1), "took_s": round(time.monotonic() - begun, 2)})
            snapshots.append((f"after {name}", counts(runs)))
            print(f"{faults[-1]['at_s']:>5} s  {name} ({faults[-1]['took_s']} s)")

        def kill_worker():
            procs.kill("worker", signal.SIGKILL)
            time.sleep(1.0)
            procs.start_worker("worker-2", concurrency=2)
            procs.wait_until_ready("worker-2")

        def restart_redis():
            redis.restart(down_seconds=1.5)

        at(5)
        fault("worker killed (SIGKILL) and replaced", kill_worker)
        at(14)
        fault("redis restarted (1.5 s down)", restart_redis)
        at(23)
        fault("web server restarted", web.restart)

        deadline = time.monotonic() + sum(ROUND_SECONDS) + 60
        while time.monotonic() < deadline:
            if not Run.objects.filter(pk__in=[r.pk for r in runs], state__in=["draft", "running", "paused"]).exists():
                break
            time.sleep(0.3)
        fallback_stop.set()
        bot_output = {}
        for run, proc in zip(runs, bots, strict=False):
            try:
                out, _ = proc.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                terminate(proc)
                out, _ = proc.communicate()
            bot_output[run.pk] = out.decode(errors="replace")
        for run_pk, line in fallback_output:
            bot_output[run_pk] = bot_output.get(run_pk, "") + line + "\n"
        snapshots.append(("end", counts(runs)))

        # Rounds: each ended once, in order; none stalled beyond the sweep interval (+1 s of process wake-up).
        skipped_or_repeated = 0
        lags, sources = [], Counter()
        for run in runs:
            run.refresh_from_db()
            events = list(
                RunEvent.objects.filter(run=run, kind="round_advanced")
                .order_by("created_at", "pk")
                .values("from_round", "due_at", "created_at", "source")
            )
            rounds = [e["from_round"] for e in events]
            expected = list(range(1, len(ROUND_SECONDS) + 1))
            if rounds != expected or run.state != "finished":
                skipped_or_repeated += 1
                print(f"run {run.pk}: rounds ended {rounds}, state {run.state}")
            for e in events:
                lags.append((e["created_at"] - e["due_at"]).total_seconds())
                sources[e["source"]] += 1
        stalled = sum(1 for lag in lags if lag > STALL_TOLERANCE)

        # Actions: never fewer after a fault than before it; every reported bot action is stored.
        decreases = [
            (a_name, b_name, kind)
            for (a_name, a), (b_name, b) in zip(snapshots, snapshots[1:], strict=False)
            for kind in a
            if b[kind] < a[kind]
        ]
        reported, missing = 0, []
        for run in runs:
            n, lost = reported_actions_missing(run, bot_output.get(run.pk, ""))
            reported += n
            missing += [(run.pk, *m) for m in lost]
        final = snapshots[-1][1]
        print(f"rounds: {len(lags)} ended, sources {dict(sources)}, max lag {max(lags):.2f} s, stalled {stalled}")
        print(f"actions: {final}; bot-reported {reported}, missing {missing}, decreases {decreases}")
        print(f"rooms polled through gunicorn: {dict(pollers.statuses)}")
        time.sleep(2)  # a restarted worker is up and sweeping (beat sends a sweep every second)
        alive = {name: proc.poll() is None for name, (proc, _) in procs.procs.items()}
        last_fault_at = faults[-1]["at_s"]
        celery_after_faults = sum(
            1
            for run in runs
            for e in RunEvent.objects.filter(run=run, kind="round_advanced", source__in=["task", "sweeper"])
            if (e.created_at - run.started_at).total_seconds() > last_fault_at
        )
        print(f"processes alive at the end: {alive}; supervisor restarts: {supervisor.restarts}")
        print(f"rounds ended by the worker (task or sweeper) after the last fault: {celery_after_faults}")
        result = {
            "runs": len(runs),
            "rounds_ended": len(lags),
            "rounds_expected": len(runs) * len(ROUND_SECONDS),
            "runs_skipped_or_repeated": skipped_or_repeated,
            "stalled_rounds": stalled,
            "max_lag_s": round(max(lags), 3),
            "sweep_interval_s": SWEEP_INTERVAL,
            "round_sources": dict(sources),
            "actions": final,
            "bot_reported_actions": reported,
            "lost_actions": len(missing) + len(decreases),
            "bots": "run_bots" if have_bots else "domain fallback",
            "bot_strategies": strategy_counts(strategy_by_run),
            "faults": faults,
            "poll_statuses": dict(pollers.statuses),
            "supervisor_restarts": supervisor.restarts,
            "celery_rounds_after_faults": celery_after_faults,
            "ok": celery_after_faults > 0
            and all(alive.values())
            and skipped_or_repeated == 0
            and stalled == 0
            and not missing
            and not decreases
            and (final["votes"] > 0 or not have_bots),
            "total_s": round(time.time() - started, 1),
        }
    finally:
        if supervisor is not None:
            supervisor.stop.set()
            supervisor.join(timeout=30)
        if pollers is not None:
            pollers.stop.set()
        for proc in bots:
            terminate(proc)
        if procs is not None:
            procs.stop_all()
        if web is not None:
            web.stop()
        redis.cleanup()
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
