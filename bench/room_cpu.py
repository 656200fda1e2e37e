"""Benchmark: server CPU of one room load and of one fetch after "changed", in process (issue 20).

Set-up as bench/load.py, smaller: a database of its own (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/bench_room_cpu; dropped and re-created), a private redis-server, production
settings, a course with --tables running tables of --per-table seats, every session written with the session
store. Every table then moves to its next round, as at a round start (the commit prepares the rooms).

Measured: the WSGI application (config.wsgi, what gunicorn calls) is called in this process, without a socket,
for each kind of request, spread over every seat, after a warm-up; CPU is this process's plus that of the
database's backends, per request. What gunicorn itself adds (parsing the request, writing the answer: about
0.1–0.2 ms) is not in these figures; bench/load.py measures it with everything else.

- room: the room page (the round-start burst: GET /simulations/runs/<id>/room/)
- changed: the room partial fetched after "changed" (the poll URL with the previous stamp and p=1; what
  static/js/room-push.js asks on a push)
- room_async, changed_async: the same requests through the ASGI application the push process runs
  (config.asgi: simulations.room.express_async), one after another on one uvloop event loop
- room_django, changed_django: the same requests through Django alone (config.wsgi's django_application: the
  path every room took before simulations.room.express, and the one it leaves to Django), in the same run
- bare, bare_login: /bench/ok/ and /bench/ok-login/, the cheapest answer and the cheapest logged-in answer
  through Django's middleware (for comparison; bench/load.py measures the same two through gunicorn, so the
  difference is what gunicorn and the sockets add to every request)

    .venv/bin/python bench/room_cpu.py [--requests 2000] [--profile room|changed] [--kinds room,changed]

The last line printed is one JSON object.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import uvloop  # noqa: E402

from bench._servers import RedisServer, cpu_seconds, cpu_used_between, postgres_pids, recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_room_cpu")
KINDS = ("room", "changed", "room_async", "changed_async", "room_django", "changed_django", "bare", "bare_login")
LAST_HEADERS = []  # the headers of the last answer (printed per kind)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tables", type=int, default=5)
    p.add_argument("--per-table", type=int, default=20)
    p.add_argument("--requests", type=int, default=2000, help="per kind")
    p.add_argument("--profile", choices=KINDS, help="print a cProfile of this kind (its figures then include it)")
    p.add_argument("--kinds", type=lambda v: v.split(","), default=list(KINDS), help="comma-separated, default all")
    return p.parse_args()


def environ(path, query, cookie, htmx=False):
    env = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie,
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if htmx:
        env["HTTP_HX_REQUEST"] = "true"
    return env


def call(app, env):
    """One request through the WSGI application, as gunicorn makes it; returns (status code, body bytes)."""
    env["wsgi.input"] = io.BytesIO()
    answer = []
    body = b"".join(app(env, lambda status, headers, exc_info=None: answer.append((status, headers))))
    LAST_HEADERS[:] = answer[0][1]
    return int(answer[0][0].split()[0]), len(body)


def scope_of(env):
    """The ASGI scope uvicorn would build for the WSGI ``env``."""
    headers = [
        (name[5:].lower().replace("_", "-").encode("latin-1"), value.encode("latin-1"))
        for name, value in env.items()
        if name.startswith("HTTP_")
    ]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": env["REQUEST_METHOD"],
        "scheme": env["wsgi.url_scheme"],
        "path": env["PATH_INFO"],
        "raw_path": env["PATH_INFO"].encode(),
        "query_string": env["QUERY_STRING"].encode(),
        "root_path": "",
        "headers": headers,
        "server": (env["SERVER_NAME"], int(env["SERVER_PORT"])),
        "client": (env["REMOTE_ADDR"], 50000),
    }


async def call_asgi_many(app, scopes, count):
    """``count`` requests through the ASGI application, one after another; (statuses, last body size)."""
    statuses, size = {}, 0

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    for n in range(count):
        sent = []

        async def send(message, sent=sent):
            sent.append(message)

        await app(scopes[n % len(scopes)], receive, send)
        status = sent[0]["status"]
        LAST_HEADERS[:] = [(k.decode(), v.decode()) for k, v in sent[0]["headers"]]
        size = sum(len(m.get("body", b"")) for m in sent[1:])
        statuses[status] = statuses.get(status, 0) + 1
    return statuses, size


def main():
    args = parse_args()
    load_before = os.getloadavg()[0]
    redis = RedisServer().start()
    from bench.load import server_env  # noqa: PLC0415 (leaf: the same server settings as bench/load.py)

    os.environ.update(server_env(redis.url))
    os.environ["DATABASE_URL"] = DATABASE_URL
    try:
        recreate_database(DATABASE_URL)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True)
        import django  # noqa: PLC0415 (leaf)

        django.setup()
        from django.conf import settings  # noqa: PLC0415 (leaf)
        from django.middleware.csrf import CSRF_ALLOWED_CHARS  # noqa: PLC0415 (leaf)
        from django.utils.crypto import get_random_string  # noqa: PLC0415 (leaf)

        from bench._seed import load_scenario, login_sessions, make_course, seat_course  # noqa: PLC0415 (leaf)
        from config.wsgi import application, django_application  # noqa: PLC0415 (leaf)
        from simulations.domain.engine import end_round_now, start_run  # noqa: PLC0415 (leaf)
        from simulations.models import Run, Seat  # noqa: PLC0415 (leaf)
        from simulations.room.state import poll_token  # noqa: PLC0415 (leaf)

        runs, seated = seat_course(make_course(), load_scenario(), args.tables, args.per_table)
        for run in runs:
            start_run(run)
        keys = login_sessions([user for user, _ in seated])
        seat_ids = {(r, u): pk for r, u, pk in Seat.objects.values_list("run_id", "pair__participants__user", "pk")}
        before = {pk: f"{v}.{a}" for pk, v, a in Run.objects.values_list("pk", "version", "activity_version")}
        for run in runs:
            end_round_now(run)  # the round start: its commit prepares every seat's room (simulations/room/warm.py)
        requests = {kind: [] for kind in KINDS}
        for (user, run), key in zip(seated, keys, strict=True):
            csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
            cookie = f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}"
            token = poll_token(run.pk, user.pk, seat_ids[(run.pk, user.pk)])
            room = f"/simulations/runs/{run.pk}/room/"
            query = urlencode({"v": before[run.pk], "t": token, "p": "1"})
            requests["room"].append(environ(room, "", cookie))
            requests["changed"].append(environ(f"{room}updates/", query, cookie, htmx=True))
            requests["room_async"].append(scope_of(environ(room, "", cookie)))
            requests["changed_async"].append(scope_of(environ(f"{room}updates/", query, cookie, htmx=True)))
            requests["room_django"].append(environ(room, "", cookie))
            requests["changed_django"].append(environ(f"{room}updates/", query, cookie, htmx=True))
            requests["bare"].append(environ("/bench/ok/", "", cookie))
            requests["bare_login"].append(environ("/bench/ok-login/", "", cookie))

        db_name = DATABASE_URL.rsplit("/", 1)[1]
        figures = {}
        loop = uvloop.new_event_loop()
        for kind in args.kinds:
            reqs = requests[kind]
            if kind.endswith("_async"):
                from config.asgi import application as asgi_application  # noqa: PLC0415 (leaf)

                warm = loop.run_until_complete(call_asgi_many(asgi_application, reqs, min(len(reqs), 200)))[0]
                status = next(iter(warm)) if len(warm) == 1 else warm
            else:
                app = django_application if kind.endswith("_django") else application
                for env in reqs[: min(len(reqs), 200)]:  # warm-up: every seat's variant, templates, connections
                    status, size = call(app, env)
            expected = 200
            if status != expected:
                raise RuntimeError(f"{kind}: status {status}, expected {expected}")
            profiler = cProfile.Profile(time.process_time) if args.profile == kind else None
            pg0, cpu0, wall0 = cpu_seconds(postgres_pids(db_name)), time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            if kind.endswith("_async"):
                statuses, size = loop.run_until_complete(call_asgi_many(asgi_application, reqs, args.requests))
            else:
                statuses = {}
                for n in range(args.requests):
                    status, size = call(app, reqs[n % len(reqs)])
                    statuses[status] = statuses.get(status, 0) + 1
            if profiler:
                profiler.disable()
            cpu = time.process_time() - cpu0
            pg = cpu_used_between(pg0, cpu_seconds(postgres_pids(db_name)))
            wall = time.perf_counter() - wall0
            figures[kind] = {
                "cpu_ms": round((cpu + pg) * 1000 / args.requests, 3),
                "python_cpu_ms": round(cpu * 1000 / args.requests, 3),
                "postgres_cpu_ms": round(pg * 1000 / args.requests, 3),
                "wall_ms": round(wall * 1000 / args.requests, 3),
                "bytes": size,
                "statuses": statuses,
            }
            figures[kind]["header_bytes"] = sum(len(k) + len(v) + 4 for k, v in LAST_HEADERS)
            print(f"{kind}: {figures[kind]}")
            print(f"  headers: {LAST_HEADERS}")
            if profiler:
                out = io.StringIO()
                profiler.dump_stats(ROOT / "var" / f"room_cpu-{kind}.prof")
                pstats.Stats(profiler, stream=out).sort_stats(
                    os.environ.get("BENCH_PROFILE_SORT", "tottime")
                ).print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "30")))
                print(out.getvalue())
    finally:
        redis.cleanup()
    print(
        json.dumps(
            {
                "server_cpu_ms_per_request": {k: v["cpu_ms"] for k, v in figures.items()},
                "detail": figures,
                "seats": len(seated),
                "tables": len(runs),
                "requests_per_kind": args.requests,
                "load_average_before": round(load_before, 2),
                "load_average_after": round(os.getloadavg()[0], 2),
                "profiled": args.profile,
            }
        )
    )


if __name__ == "__main__":
    main()
