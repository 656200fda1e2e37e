"""Real servers for benchmarks and integration tests: a PostgreSQL database of their own, a private
redis-server, gunicorn. Each is started as its own process group and stopped by its PID only.

Nothing here touches the machine's own Redis (6379) or any database other than the one named.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
LOG_DIR = ROOT / "var" / "bench-logs"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30.0, proc=None, log_path=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            tail = Path(log_path).read_text(errors="replace")[-3000:] if log_path else ""
            raise RuntimeError(f"process exited early ({proc.returncode}):\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def recreate_database(database_url, env=None):
    """Drop and create the named PostgreSQL database, then migrate it."""
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    if not name.startswith(("bench", "test")):
        raise ValueError(f"refusing to drop a database not named bench*/test*: {name}")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **(env or {}), "DATABASE_URL": database_url},
        check=True,
    )


def terminate(proc, sig=signal.SIGTERM, timeout=15.0):
    """Signal a process group we started, and wait for it; SIGKILL if it does not stop in time."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


class RedisServer:
    """A private, throw-away redis-server on its own port (never the machine's Redis)."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="accord-redis-"))
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        log_path = LOG_DIR / f"redis-{self.port}.log"
        # Like production: append-only file, no eviction. The AOF lives in our temp dir and survives restarts.
        args = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            "--maxmemory-policy",
            "noeviction",
            "--save",
            "",
            "--logfile",
            str(log_path),
        ]
        self.proc = subprocess.Popen(args, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for_port(self.port, proc=self.proc, log_path=log_path)
        return self

    def stop(self, sig=signal.SIGTERM):
        terminate(self.proc, sig)
        self.proc = None

    def restart(self, down_seconds=0.0):
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Gunicorn:
    """gunicorn serving config.wsgi on one loopback port with the given environment, with the deployed settings
    (config/gunicorn.conf.py: sync workers that close without lingering); ``threads`` > 1: gthread workers;
    ``stock_sync``: gunicorn's own sync worker (its lingering close; every figure before 7 December 2026)."""

    def __init__(self, env, port=None, workers=2, threads=1, name="web", stock_sync=False):
        self.port = port or free_port()
        self.env = env
        self.workers = workers
        self.threads = threads
        self.stock_sync = stock_sync
        self.name = name
        self.proc = None
        self.log_path = LOG_DIR / f"gunicorn-{name}-{self.port}.log"

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        worker_class = ["--worker-class", "gthread", "--threads", str(self.threads)] if self.threads > 1 else []
        if self.stock_sync and self.threads == 1:
            worker_class = ["--worker-class", "sync"]
        args = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "config" / "gunicorn.conf.py"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            *worker_class,
            "--backlog",
            "2048",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--no-control-socket",  # gunicorn 27's default socket path is shared by every instance on the host
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        wait_for_port(self.port, proc=self.proc, log_path=self.log_path)
        return self

    def pids(self):
        """The master and its workers (for CPU accounting)."""
        if self.proc is None:
            return []
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.proc.pid, *kids]

    def stop(self, sig=signal.SIGTERM):
        terminate(self.proc, sig)
        self.proc = None

    def restart(self):
        self.stop()
        self.start()


def cpu_seconds(pids):
    """{pid: user + system CPU seconds used so far} for the processes still alive (from /proc, Linux only)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def cpu_used_between(before, after):
    """CPU seconds used between two cpu_seconds() samples, by processes alive at both (new ones count fully)."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def postgres_pids(database):
    """PIDs of the PostgreSQL backends serving ``database`` (their CPU counts against the web tier's budget;
    other databases' backends, e.g. other test runs on the machine, do not)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: ") and f" {database} " in title:
                found.append(int(entry.name))
    return found


class Uvicorn(Gunicorn):
    """uvicorn serving config.asgi (the room's push stream, and Django for every other path) on one port."""

    def start(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--no-access-log",
            "--backlog",
            "4096",
        ]
        if self.workers > 1:
            args += ["--workers", str(self.workers)]
        log = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        wait_for_port(self.port, proc=self.proc, log_path=self.log_path)
        return self


class Nginx(Gunicorn):
    """nginx with the production site (docs/nginx.conf) in front of ``web`` and ``push`` on loopback: the same
    locations, maps and fallback, over plain HTTP on one port (TLS and the port-80 redirect left out), one
    process (no master), files in a private directory."""

    def __init__(self, web_port, push_port, port=None, name="front"):
        super().__init__(env=dict(os.environ), port=port, workers=1, name=name)
        self.web_port, self.push_port = web_port, push_port
        self.log_path = LOG_DIR / f"nginx-{name}-{self.port}.log"
        self.dir = None

    @staticmethod
    def site(web_port, push_port, port):
        """docs/nginx.conf's TLS server, rewritten for loopback."""
        text = (ROOT / "docs" / "nginx.conf").read_text()
        text = text.replace("server web:8000;", f"server 127.0.0.1:{web_port};")
        text = text.replace("server push:8001;", f"server 127.0.0.1:{push_port};")
        redirect_start = text.index("server {\n    listen 80;")
        text = text[:redirect_start] + text[text.index("}\n", redirect_start) + 2 :]
        lines = []
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith(("ssl_certificate", "server_name")):
                continue
            if stripped.startswith("listen 443"):
                line = f"    listen 127.0.0.1:{port};"
            lines.append(line)
        return "\n".join(lines)

    def start(self):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix="accord-nginx-"))
        for sub in ("client", "proxy"):
            (self.dir / sub).mkdir()
        conf = self.dir / "nginx.conf"
        conf.write_text(
            f"daemon off;\nmaster_process off;\npid {self.dir}/nginx.pid;\nerror_log {self.log_path} warn;\n"
            "events { worker_connections 4096; }\n"
            "http {\n"
            f"access_log off;\nclient_body_temp_path {self.dir}/client;\nproxy_temp_path {self.dir}/proxy;\n"
            f"{self.site(self.web_port, self.push_port, self.port)}\n}}\n"
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        log = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self.dir), "-e", str(self.log_path)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        wait_for_port(self.port, proc=self.proc, log_path=self.log_path)
        return self

    def stop(self, sig=signal.SIGTERM):
        super().stop(sig)
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
