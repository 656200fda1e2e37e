"""`make run`: the web server, a Celery worker and Celery beat together in the foreground.

With Redis (the machine's or a private one), the web server is uvicorn on config.asgi: Django and the room's
push stream (simulations.room.push) on one port, as nginx joins them in production (docs/deploy.md). Without
Redis there is no push path: Django's runserver serves and rooms poll.

Broker: Redis at REDIS_URL when one answers; otherwise a private redis-server when one is installed;
otherwise kombu's filesystem transport under var/, so that timed work still runs with no server at all.
Ctrl-C stops everything this script started.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PRIVATE_REDIS_PORT = 6390


def redis_answers(url):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def choose_broker(children):
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    if redis_answers(url):
        return {"REDIS_URL": url}, f"Redis at {url}"
    server = shutil.which("redis-server")
    if server:
        private = f"redis://127.0.0.1:{PRIVATE_REDIS_PORT}/0"
        if not redis_answers(private):
            children.append(
                subprocess.Popen(
                    [
                        server,
                        "--port",
                        str(PRIVATE_REDIS_PORT),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                    stdout=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            for _ in range(50):
                if redis_answers(private):
                    break
                time.sleep(0.1)
        return {"REDIS_URL": private}, f"a private redis-server on port {PRIVATE_REDIS_PORT} (none answered at {url})"
    return (
        {"CELERY_BROKER_URL": "filesystem://", "CACHE_BACKEND": "locmem"},
        "kombu's filesystem transport under var/broker (no Redis installed)",
    )


def served_address(port):
    """The address the web server below listens on: the base of every absolute link in mails and feeds."""
    return f"http://127.0.0.1:{port}"


def main():
    sys.stdout.reconfigure(line_buffering=True)  # our lines interleave with the children's output
    port = os.environ.get("PORT", "8000")
    children = []
    env_extra, description = choose_broker(children)
    # Links in mails (confirm your place, invitations, the agenda) must reach this server, whatever the port.
    env = {**os.environ, **env_extra, "PYTHONUNBUFFERED": "1", "SITE_URL": served_address(port)}
    VAR.mkdir(exist_ok=True)
    py = sys.executable
    if env.get("REDIS_URL"):  # the push path needs Redis pub/sub; uvicorn serves Django and the stream
        web = [py, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", port]
    else:
        web = [py, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    commands = {
        "web": web,
        "worker": [py, "-m", "celery", "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
        "beat": [py, "-m", "celery", "-A", "config", "beat", "-l", "info", "-s", str(VAR / "celerybeat-schedule")],
    }
    print(f"Broker: {description}")
    print(f"Links in mails and feeds: {env['SITE_URL']} (SITE_URL)")
    for name, cmd in commands.items():
        children.append(subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True))
        print(f"Started {name} (pid {children[-1].pid})")
    print(f"\nAccord is running at {served_address(port)}/  (Ctrl-C stops the web server, worker and beat)")
    print("Demo accounts are listed above (password for all: accord-demo-2024).\n")

    def stop(*_):
        for child in children:
            try:
                os.killpg(child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while True:
        for child in children:
            if child.poll() is not None:
                print(f"A process (pid {child.pid}) exited with {child.returncode}; stopping the rest.")
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
