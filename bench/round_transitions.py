"""Benchmark: timed round transitions with a real Celery worker and beat, real Redis and PostgreSQL.

Phase 1: 20 parallel runs, 200 round ends in all, worker and beat up. Measures the lag from each round's
ends_at to its committed transition (RunEvent.created_at - RunEvent.due_at) and counts double transitions.
Phase 2: 20 more runs; the worker is SIGKILLed while it holds their ETA tasks, then a fresh worker starts.
The killed worker's tasks stay invisible for the broker's 6-hour visibility timeout, so the beat sweeper must
recover every round; recovery_s is the worst delay from max(ends_at, worker ready again) to the transition.
Targets: p99 < 1 s with the worker up, zero doubles, recovery within the sweep interval + 1 s.

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_rounds; the database
is dropped and re-created) and Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/12: a database number
of its own, flushed by the benchmark).

Run from the repository root: .venv/bin/python bench/round_transitions.py
The last line printed is one JSON object.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._stats import percentile  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_rounds")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
SWEEP_INTERVAL = float(os.environ.get("BENCH_SWEEP_INTERVAL", "1"))
RUNS = 20
ROUNDS_PER_RUN = 10
PHASE2_ROUNDS_PER_RUN = 5
QUEUE = f"bench-rounds-{uuid.uuid4().hex[:8]}"

# The benchmark process sends tasks too (start_run schedules the first timers): same queue, broker and DB.
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": QUEUE,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CACHE_BACKEND": "locmem",
        "SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL),
        "LOG_LEVEL": "ERROR",
    }
)


def recreate_database():
    import psycopg

    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=os.environ, check=True
    )


def flush_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()


def make_scenario():
    from simulations.domain.scenarios import save_scenario

    keys = ["a", "b", "c"]
    issues = {"i1": ["x", "y"], "i2": ["x", "y"], "i3": ["x", "y"]}
    return save_scenario(
        {
            "slug": "bench",
            "title": "Benchmark",
            "category": "science_for_diplomacy",
            "real_case": "none",
            "background": "none",
            "learning_objectives": [],
            "debrief_questions": [],
            "injects": [],
            "delegations": [
                {
                    "key": k,
                    "name": k,
                    "kind": "country",
                    "country": "",
                    "batna": 1,
                    "brief": k,
                    "scientist_notes": "",
                    "policymaker_notes": "",
                }
                for k in keys
            ],
            "issues": [
                {"key": i, "title": i, "description": "", "options": [{"key": o, "label": o} for o in opts]}
                for i, opts in issues.items()
            ],
            "scores": {(d, i, o): 1 for d in keys for i, opts in issues.items() for o in opts},
            "rule": {"type": "unanimity", "k": None, "required": [], "veto": []},
            "rounds": [{"key": "r", "title": "Round", "minutes": 1, "instructions": "", "actions": []}],
        }
    )


def make_runs(scenario, course, prefix, rounds_per_run, rng):
    from simulations.domain.runs import adjust_round_plan, create_run

    runs = []
    for n in range(RUNS):
        run = create_run(scenario, course, f"{prefix} {n + 1}")
        plan = [{"title": f"Round {i + 1}", "seconds": rng.choice([1, 2, 2, 3])} for i in range(rounds_per_run)]
        adjust_round_plan(run, plan)
        runs.append(run)
    return runs


def wait_until_over(runs, timeout):
    from simulations.models import Run

    ids = [r.pk for r in runs]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Run.objects.filter(pk__in=ids, state__in=["running", "paused"]).exists():
            return True
        time.sleep(0.2)
    return False


def advances(runs):
    from simulations.models import RunEvent

    return list(
        RunEvent.objects.filter(run__in=runs, kind="round_advanced").values(
            "run_id", "from_round", "due_at", "created_at", "source"
        )
    )


def count_doubles(events, runs, rounds_per_run):
    """A round ended more than once, or a run that did not end every round exactly once."""
    per_round = Counter((e["run_id"], e["from_round"]) for e in events)
    doubles = sum(n - 1 for n in per_round.values() if n > 1)
    missing = len(runs) * rounds_per_run - len(per_round)
    return doubles, missing


def main():
    recreate_database()
    flush_redis()
    import django

    django.setup()
    from django.utils import timezone

    from course.models import Course
    from simulations.domain.engine import start_run
    from tests.workers import CeleryProcesses

    rng = random.Random(5)
    now = timezone.now()
    course = Course.objects.create(
        title="Bench",
        slug="bench",
        edition_number=1,
        starts_on=now.date(),
        ends_on=now.date(),
        opens_at=now - timezone.timedelta(days=1),
        deadline=now + timezone.timedelta(days=1),
    )
    scenario = make_scenario()
    procs = CeleryProcesses(queue=QUEUE, extra_env={"LOG_LEVEL": "WARNING"})
    result = {}
    try:
        procs.start_worker(concurrency=2)
        procs.start_beat()
        procs.wait_until_ready()

        # Phase 1: worker up.
        runs = make_runs(scenario, course, "Up", ROUNDS_PER_RUN, rng)
        for run in runs:
            start_run(run)
            time.sleep(rng.uniform(0, 0.05))
        finished = wait_until_over(runs, timeout=120)
        events = advances(runs)
        lags = [(e["created_at"] - e["due_at"]).total_seconds() * 1000 for e in events]
        doubles, missing = count_doubles(events, runs, ROUNDS_PER_RUN)
        by_source = Counter(e["source"] for e in events)
        print(f"phase 1: {len(events)} round ends, finished={finished}, sources={dict(by_source)}")
        print(
            f"phase 1: lag p50 {percentile(lags, 50):.1f} ms, p99 {percentile(lags, 99):.1f} ms, "
            f"max {max(lags):.1f} ms, doubles {doubles}, missing {missing}"
        )

        # Phase 2: the worker dies holding the ETA tasks; a fresh worker comes up; the sweeper recovers.
        runs2 = make_runs(scenario, course, "Down", PHASE2_ROUNDS_PER_RUN, rng)
        for run in runs2:
            start_run(run)
        time.sleep(1.5)
        kill_at = time.time()
        procs.kill("worker", signal.SIGKILL)
        time.sleep(1.0)
        procs.start_worker("worker2", concurrency=2)
        procs.wait_until_ready("worker2")
        ready_at = timezone.now()
        down_s = ready_at.timestamp() - kill_at
        finished2 = wait_until_over(runs2, timeout=120)
        events2 = advances(runs2)
        doubles2, missing2 = count_doubles(events2, runs2, PHASE2_ROUNDS_PER_RUN)
        killed = [e for e in events2 if e["due_at"].timestamp() >= kill_at]
        recovery = [(e["created_at"] - max(e["due_at"], ready_at)).total_seconds() for e in killed]
        by_source2 = Counter(e["source"] for e in events2)
        print(
            f"phase 2: {len(events2)} round ends, finished={finished2}, worker down {down_s:.2f} s, "
            f"sources={dict(by_source2)}, doubles {doubles2}, missing {missing2}"
        )
        print(
            f"phase 2: recovery max {max(recovery):.2f} s over {len(recovery)} rounds due after the kill "
            f"(target ≤ {SWEEP_INTERVAL + 1:.1f} s)"
        )
        result = {
            "rounds": len(events),
            "runs": RUNS,
            "p50_ms": round(percentile(lags, 50), 1),
            "p99_ms": round(percentile(lags, 99), 1),
            "max_ms": round(max(lags), 1),
            "doubles": doubles + doubles2,
            "missing": missing + missing2,
            "recovery_s": round(max(recovery), 3),
            "recovery_rounds": len(recovery),
            "worker_down_s": round(down_s, 2),
            "sweep_interval_s": SWEEP_INTERVAL,
            "phase2_sources": dict(by_source2),
            "database": "postgresql",
        }
    finally:
        procs.stop_all()
        flush_redis()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
