"""Real Celery worker and beat processes for integration tests, on a private queue per test."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parent.parent


def test_database_url():
    """The URL of the database the test process is using right now, for subprocesses to share."""
    s = connection.settings_dict
    if s["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{s['NAME']}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{s['NAME']}"


class CeleryProcesses:
    """Starts, kills and restarts worker (and optionally beat) processes bound to one private queue."""

    def __init__(self, queue=None, extra_env=None):
        self.queue = queue or f"test-{uuid.uuid4().hex[:10]}"
        self.procs = {}
        self.log_dir = ROOT / "var" / "test-logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": test_database_url(),
            "CELERY_QUEUE": self.queue,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CACHE_BACKEND": "locmem",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }

    def _spawn(self, name, args):
        log = open(self.log_dir / f"{self.queue}-{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs[name] = (proc, log)
        return proc

    def start_worker(self, name="worker", concurrency=2):
        return self._spawn(
            name,
            [
                "worker",
                "-Q",
                self.queue,
                "-n",
                f"{name}-{self.queue}@%h",
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
        )

    def start_beat(self, name="beat"):
        schedule_file = self.log_dir / f"{self.queue}-beat-schedule"
        return self._spawn(name, ["beat", "-s", str(schedule_file), "-l", "info"])

    def kill(self, name="worker", sig=signal.SIGKILL):
        proc, log = self.procs.pop(name)
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        log.close()

    def stop_all(self):
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM)

    def wait_until_ready(self, name="worker", timeout=30):
        """Block until the worker's log says it is ready to consume."""
        path = self.log_dir / f"{self.queue}-{name}.log"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if path.exists() and b"ready." in path.read_bytes():
                return
            proc, _ = self.procs[name]
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited early:\n{path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{name} not ready after {timeout}s:\n{path.read_text(errors='replace')[-3000:]}")

    def log_text(self, name="worker"):
        path = self.log_dir / f"{self.queue}-{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def point_app_at_queue(queue):
    """Make tasks sent from the test process go, for real, to the private queue."""

    previous = (app.conf.task_default_queue, app.conf.task_always_eager)
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    return previous


def restore_app(previous):

    app.conf.task_default_queue, app.conf.task_always_eager = previous
    settings.CELERY_TASK_ALWAYS_EAGER = previous[1]
