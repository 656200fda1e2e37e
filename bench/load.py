"""Benchmark: the simulation room under a course's load, against gunicorn + PostgreSQL + Redis on loopback.

Set-up: a database of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_load;
dropped and re-created), a private redis-server on a free port (append-only, like production), collectstatic,
a course with 1,000 participants seated in 50 running tables of 20 (bulk ORM inserts, sessions written with the
session store: no login form; each client carries the CSRF cookie the login page would have set), then
gunicorn with production settings (config.production, DEBUG off, CONN_MAX_AGE=60, BENCHMARK_ENDPOINTS=1 for
the bare view), requests carrying X-Forwarded-Proto: https as nginx would send.

(a) burst: 200 participants (4 per table) load their room at the same instant. Target p95 < 500 ms, all 200.
(b) steady: 1,000 participants poll their room's update endpoint every 2 s (about 500 requests/s) for 60 s;
    latency from the scheduled time. Target p99 < 100 ms, no errors; the "nothing changed" answer ≤ 1 KB
    including the status line and headers (measured on the wire with a raw socket).
(c) ceiling: closed-loop throughput of the update endpoint vs /bench/ok/ (a bare view returning "ok" through the
    same middleware), alternated twice, best of each. Target ratio ≥ 0.7. Also measured: /bench/ok-login/ (the
    bare view behind login_required) and the update endpoint without its token ("poll_checked": the session,
    the user and the seat check on every poll, as before the fast path).

Bots (issue 17): before anything is measured, every delegation of every table is played by a bot of
simulations.strategies (hard-liner, concession-maker, integrative bargainer, free rider, in turn per seat and
shifted by one per table, as bench/chaos.py does) through the opening, caucus and negotiation rounds: statements,
caucus notes, floor messages and a dance of proposals, amendments and supports. The burst then measures the move
into the vote round, with rooms that carry that record; nobody acts while the phases measure, so the steady
polls still find nothing changed. With --scale the bots stop after the caucus (the burst enters the negotiation
round), play the negotiation between the ceiling and the push phase, and the push moves the tables into the vote.
The seated participants only watch: the bots act for their delegations (as scripted delegations, user None).
--no-bots keeps the tables empty and measures the move into round 2, as every figure before issue 17 did.

The load generator (bench/_loadgen.py, aiohttp) runs in a process of its own; each phase reports its CPU
share next to the server side's (gunicorn + PostgreSQL), so it is visible whether the generator saturated.

(d) scale (--scale; issue 20): 2,000 seats (100 tables of 20) by default, an 800-room burst, short steady and
    ceiling phases (today's fields, at this size), then the push path: every seat holds the room's stream
    (simulations/room/push.py) from a uvicorn push process beside gunicorn; every table moves to its next
    round; each seat, on "changed", fetches its room through the poll URL (p=1) as room-push.js does. Adds
    `seats`, `update_p99_ms` (transition commit → the seat holds the new room), `seats_served_fraction` (share
    of seats holding it within 2 s), `burst_800_p95_ms` and `idle_bytes_per_hour` (an idle seat on the push
    path: keep-alive comments, one safety poll a minute, a reconnection every 15 minutes; the request size is
    the 908 bytes a Chromium poll measured in issue 20, the answers are measured here on the wire).

Run from the repository root:  .venv/bin/python bench/load.py            (the issue's numbers, ~3 minutes)
                               .venv/bin/python bench/load.py --scale    (issue 20's numbers)
                               .venv/bin/python bench/load.py --quick    (10 s steady, for development)
                               .venv/bin/python bench/load.py --no-bots  (empty tables: the figures before issue 17)
The last line printed is one JSON object.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._bots import play_round, seat_strategies, strategy_counts  # noqa: E402
from bench._servers import (  # noqa: E402
    Gunicorn,
    RedisServer,
    Uvicorn,
    cpu_seconds,
    cpu_used_between,
    postgres_pids,
    recreate_database,
)
from bench._stats import percentile  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_load")
LOAD_SAMPLES = []  # the machine's 1-minute load average after each phase: above the core count, others compete


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="short phases while developing (not the issue's numbers)")
    p.add_argument("--tables", type=int, default=50)
    p.add_argument("--per-table", type=int, default=20)
    p.add_argument("--burst", type=int, default=200)
    p.add_argument("--steady-seconds", type=float, default=60.0)
    p.add_argument("--interval", type=float, default=2.0)
    p.add_argument("--ceiling-seconds", type=float, default=8.0)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="as deployed: one per core")
    p.add_argument("--threads", type=int, default=1, help="1: sync workers, as deployed (docs/deploy.md); >1: gthread")
    p.add_argument("--connections", type=int, default=64, help="client connection pool (like nginx upstream)")
    p.add_argument("--scale", action="store_true", help="issue 20: 2,000 seats, an 800-room burst, the push path")
    p.add_argument(
        "--no-bots", action="store_true", help="empty tables, burst into round 2 (the figures before issue 17)"
    )
    p.add_argument(
        "--stock-sync", action="store_true", help="gunicorn's own sync worker, which lingers after each answer"
    )
    p.add_argument("--burst-only", action="store_true", help="stop after the bursts (development)")
    p.add_argument(
        "--rooms-on",
        choices=("push", "web"),
        default=None,
        help="who answers room loads: the push process (as nginx routes them; default with --scale) or gunicorn",
    )
    p.add_argument("--stream-client", metavar="SPEC", help=argparse.SUPPRESS)  # internal: the push phase's clients
    args = p.parse_args()
    if args.scale:
        if "--tables" not in sys.argv:
            args.tables = 100
        if "--burst" not in sys.argv:
            args.burst = 800
        args.steady_seconds, args.ceiling_seconds = 10.0, 4.0
    if args.quick:
        args.steady_seconds, args.ceiling_seconds = 10.0, 4.0
    return args


BROWSER_POLL_REQUEST_BYTES = 908  # a Chromium room poll, request line and headers (issue 20)
SAFETY_POLLS_PER_HOUR = 60  # static/js/room-push.js: SAFETY_POLL_MS
STREAM_RECONNECTS_PER_HOUR = 4  # simulations/room/push.py: STREAM_MAX_SECONDS


async def _stream_clients(spec):
    """Open every seat's stream; print "ready"; on the first "changed", fetch the room (p=1) and note when it
    arrived. Prints one JSON list: [run, seconds since epoch when the new room was held, status]."""
    import asyncio  # noqa: PLC0415 (leaf)

    import aiohttp  # noqa: PLC0415 (leaf)

    results = []
    opened = 0
    all_open = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=spec["seconds"])
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as s:

        async def one(c):
            nonlocal opened
            headers = {"Cookie": c["cookie"], "X-Forwarded-Proto": "https"}
            try:
                async with s.get(f"{spec['push']}{c['stream']}", headers=headers) as resp:
                    if resp.status != 200:
                        results.append([c["run"], None, f"stream {resp.status}"])
                        return
                    opened += 1
                    if opened == len(spec["clients"]):
                        all_open.set()
                    async for line in resp.content:
                        if line.startswith(b"data: changed"):
                            break
                    else:
                        results.append([c["run"], None, "stream ended"])
                        return
                async with s.get(f"{spec['web']}{c['poll']}&p=1", headers={**headers, "HX-Request": "true"}) as r:
                    await r.read()
                    results.append([c["run"], time.time(), r.status])
            except Exception as exc:  # noqa: BLE001 - counted
                results.append([c["run"], None, f"error: {type(exc).__name__}"])

        tasks = [asyncio.create_task(one(c)) for c in spec["clients"]]
        try:
            await asyncio.wait_for(all_open.wait(), timeout=120)
        except TimeoutError:
            pass
        print(f"ready {opened}", flush=True)
        # Until every seat holds its new room or gives up: on a busy machine the transitions themselves take long.
        await asyncio.wait(tasks, timeout=spec.get("wait_seconds", 180))
        for t in tasks:
            t.cancel()
    print(json.dumps(results), flush=True)


def stream_client_main(spec_path):
    import asyncio  # noqa: PLC0415 (leaf)

    with open(spec_path) as fh:
        spec = json.load(fh)
    asyncio.run(_stream_clients(spec))


def stream_idle_bytes(port, path, cookie, seconds):
    """Bytes on the wire of one stream's answer: (header bytes, body bytes received in ``seconds``)."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-Forwarded-Proto: https\r\n\r\n"
    ).encode()
    raw = b""
    with socket.create_connection(("127.0.0.1", port), timeout=seconds + 5) as sock:
        sock.sendall(request)
        deadline = time.monotonic() + seconds
        sock.settimeout(0.5)
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                continue
            if not chunk:
                break
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    return len(head) + 4, len(body)


def server_env(redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://accord.example.org",  # production settings refuse to start without it (mail links)
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "CONN_MAX_AGE": "60",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": f"bench-load-{uuid.uuid4().hex[:8]}",
        "BENCHMARK_ENDPOINTS": "true",
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }


def run_generator(spec, server_pids):
    """Run one phase in the generator process; return its output plus the server side's CPU share."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
    cpu0, wall0 = cpu_seconds(server_pids()), time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "_loadgen.py"), fh.name], capture_output=True, text=True
    )
    wall = time.perf_counter() - wall0
    os.unlink(fh.name)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed:\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["server_cpu_s"] = cpu_used_between(cpu0, cpu_seconds(server_pids()))
    LOAD_SAMPLES.append(os.getloadavg()[0])
    out["server_cpu_share"] = out["server_cpu_s"] / wall
    return out


def wire_size(port, path, cookie):
    """Bytes on the wire of one answer: status line, headers and body (HTTP/1.1, Connection: close)."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nX-Forwarded-Proto: https\r\n"
        "HX-Request: true\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    return len(raw), raw.split(b"\r\n", 1)[0].decode()


def main():
    args = parse_args()
    if args.stream_client:
        stream_client_main(args.stream_client)
        return
    started = time.time()
    load_before = os.getloadavg()[0]  # other work on the machine skews every figure: say how busy it was
    redis = RedisServer().start()
    env = server_env(redis.url)
    # This process seeds and, like the Celery worker in production, makes the round transitions; with the
    # servers' own settings, so that what it renders for the rooms (simulations/room/html.py) is what they would.
    os.environ.update(env)
    web = push = None
    try:
        recreate_database(DATABASE_URL)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        import django

        django.setup()
        from bench._seed import load_scenario, login_sessions, make_course, seat_course
        from simulations.domain.engine import end_round_now, start_run
        from simulations.models import Run, Seat
        from simulations.room.state import poll_token

        t = time.perf_counter()
        course = make_course()
        scenario = load_scenario()
        runs, seated = seat_course(course, scenario, args.tables, args.per_table)
        for run in runs:
            start_run(run)
        keys = login_sessions([user for user, _ in seated])
        seat_ids = {(r, u): pk for r, u, pk in Seat.objects.values_list("run_id", "pair__participants__user", "pk")}
        print(f"seeded {len(seated)} participants in {len(runs)} running tables in {time.perf_counter() - t:.1f} s")
        bots = bot_lead_in(args, runs)
        stamps = {pk: f"{v}.{a}" for pk, v, a in Run.objects.values_list("pk", "version", "activity_version")}

        web = Gunicorn(env, workers=args.workers, threads=args.threads, name="load", stock_sync=args.stock_sync).start()
        # As deployed (docs/nginx.conf): the push process answers the streams and, since 7 December 2026, the
        # room loads (GET of the room, and of its partial after "changed"); gunicorn everything else.
        push = (
            Uvicorn(
                {**env, "LOG_LEVEL": "WARNING"},
                workers=int(os.environ.get("PUSH_WORKERS", os.cpu_count() or 2)),
                name="push",
            ).start()
            if args.scale
            else None
        )

        db_name = DATABASE_URL.rsplit("/", 1)[1]

        def server_pids():
            return [*web.pids(), *(push.pids() if push else ()), *postgres_pids(db_name)]

        from django.conf import settings
        from django.middleware.csrf import CSRF_ALLOWED_CHARS
        from django.utils.crypto import get_random_string

        def cookie(session_key):
            # What a browser that logged in through the form carries: its session and the CSRF cookie set by
            # the login page (without it, every room load would also make and set a new CSRF secret).
            csrf = get_random_string(32, CSRF_ALLOWED_CHARS)
            return f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"

        clients = [
            {
                "run": run.pk,
                "user": user.pk,
                "cookie": cookie(key),
                # What the room's poll URL carries (simulations.room.state): the signed token.
                "token": poll_token(run.pk, user.pk, seat_ids[(run.pk, user.pk)]),
            }
            for (user, run), key in zip(seated, keys, strict=True)
        ]

        def headers(c, htmx=False):
            h = {"Cookie": c["cookie"], "X-Forwarded-Proto": "https"}
            if htmx:
                h["HX-Request"] = "true"
            return h

        def poll(c, token=True):
            """The room's own poll URL (simulations_tags.room_poll_url); without the token: the checked path."""
            query = urlencode({"v": stamps[c["run"]], **({"t": c["token"]} if token else {})})
            return {"path": f"/simulations/runs/{c['run']}/room/updates/?{query}", "headers": headers(c, True)}

        def room(c):
            return {"path": f"/simulations/runs/{c['run']}/room/", "headers": headers(c)}

        base = web.base_url
        rooms_on = args.rooms_on or ("push" if args.scale else "web")
        room_base = push.base_url if rooms_on == "push" else base
        if rooms_on == "push":  # its first room of each table reads the prepared rooms from Redis, as gunicorn's do
            run_generator(
                {
                    "phase": "ceiling",
                    "base": room_base,
                    "requests": [room(c) for c in clients[:50]],
                    "concurrency": 4,
                    "seconds": 2,
                },
                server_pids,
            )
        # Warm every worker (imports, template loading, persistent DB connections) before measuring.
        run_generator(
            {
                "phase": "ceiling",
                "base": base,
                "requests": [room(c) for c in clients[:50]] + [poll(c) for c in clients[:50]],
                "concurrency": args.workers * 2,
                "seconds": 2,
            },
            server_pids,
        )

        # (a) Round-start burst. Every table moves to its next round, as the engine's timer does in the worker:
        # each transition's commit publishes the new stamp and reads the table and renders its rooms once
        # (simulations/room/warm.py). Timed here, in the process that makes the transitions (the worker
        # in production), not in the servers'. Then participants spread over every table load their room, all
        # at the same instant.
        t = time.perf_counter()
        for run in runs:
            end_round_now(run)
        round_start_s = time.perf_counter() - t
        burst_round = Run.objects.get(pk=runs[0].pk).current_round
        stamps.update({pk: f"{v}.{a}" for pk, v, a in Run.objects.values_list("pk", "version", "activity_version")})
        print(
            f"round start: {len(runs)} tables moved to round {burst_round} in "
            f"{round_start_s:.2f} s (transition, table read, rooms rendered)"
        )
        step = max(1, len(clients) // args.burst)
        burst_clients = clients[::step][: args.burst]
        burst_base = room_base
        burst = run_generator(
            {"phase": "burst", "base": burst_base, "requests": [room(c) for c in burst_clients]}, server_pids
        )
        burst_ms = [r["ms"] for r in burst["results"]]
        burst_ok = sum(1 for r in burst["results"] if r["status"] == 200)
        room_bytes = max(r["bytes"] for r in burst["results"])
        print(
            f"burst: {burst_ok}/{len(burst_clients)} rooms served, p50 {percentile(burst_ms, 50):.0f} ms, "
            f"p95 {percentile(burst_ms, 95):.0f} ms, max {max(burst_ms):.0f} ms, room HTML {room_bytes} B; "
            f"CPU share generator {burst['generator_cpu_share']:.2f} / server {burst['server_cpu_share']:.2f}, "
            f"server CPU {burst['server_cpu_s'] * 1000 / len(burst_clients):.2f} ms a room"
        )
        # The same burst against the cheapest logged-in answer (/bench/ok-login/: session and user, nothing
        # else): the floor any logged-in page has on this machine, for comparison.
        floor = run_generator(
            {
                "phase": "burst",
                "base": base,
                "requests": [{"path": "/bench/ok-login/", "headers": headers(c)} for c in burst_clients],
            },
            server_pids,
        )
        floor_ms = [r["ms"] for r in floor["results"]]
        print(
            f"burst floor (the bare logged-in view): p50 {percentile(floor_ms, 50):.0f} ms, "
            f"p95 {percentile(floor_ms, 95):.0f} ms"
        )

        # The same rooms again, with the aiohttp client every burst figure before 7 December 2026 was measured
        # with (bench/_loadgen.py): how much of the burst the generator's own CPU took, on the same two cores.
        aio = run_generator(
            {"phase": "burst", "client": "aiohttp", "base": burst_base, "requests": [room(c) for c in burst_clients]},
            server_pids,
        )
        aio_ms = [r["ms"] for r in aio["results"]]
        print(
            f"burst again, aiohttp client: p50 {percentile(aio_ms, 50):.0f} ms, p95 {percentile(aio_ms, 95):.0f} ms; "
            f"CPU share generator {aio['generator_cpu_share']:.2f}"
        )
        burst_figures = {
            "burst_rooms_on": "push process (uvicorn)" if rooms_on == "push" else "gunicorn",
            "burst_client": burst["client"] + (" on uvloop" if burst["uvloop"] else ""),
            "burst_p95_ms_aiohttp_client": round(percentile(aio_ms, 95), 1),
        }
        if args.burst_only:  # and once more with the raw client, every worker now warm (development)
            again = run_generator(
                {"phase": "burst", "base": burst_base, "requests": [room(c) for c in burst_clients]}, server_pids
            )
            burst_figures["burst_p95_ms_warm"] = round(percentile([r["ms"] for r in again["results"]], 95), 1)
            burst_figures.update(
                burst_p95_ms=round(percentile(burst_ms, 95), 1),
                burst_p50_ms=round(percentile(burst_ms, 50), 1),
                burst_bare_login_p95_ms=round(percentile(floor_ms, 95), 1),
                burst_server_cpu_ms_per_room=round(burst["server_cpu_s"] * 1000 / len(burst_clients), 2),
                burst_generator_cpu_share=round(burst["generator_cpu_share"], 2),
                burst_served=burst_ok,
                burst_requests=len(burst_clients),
                load_average_before=round(load_before, 2),
                load_average_max_during=round(max(LOAD_SAMPLES), 2),
            )
            print(json.dumps(burst_figures))
            return

        # The "nothing changed" answer on the wire.
        c = clients[0]
        unchanged_bytes, unchanged_status = wire_size(web.port, poll(c)["path"], c["cookie"])
        print(f"unchanged answer: {unchanged_status!r}, {unchanged_bytes} B on the wire including headers")

        # (b) Steady polling.
        steady = run_generator(
            {
                "phase": "steady",
                "base": base,
                "requests": [poll(c) for c in clients],
                "interval": args.interval,
                "seconds": args.steady_seconds,
                "connections": args.connections,
            },
            server_pids,
        )
        steady_ms = [r["ms"] for r in steady["results"]]
        statuses = {}
        for r in steady["results"]:
            statuses[str(r["status"])] = statuses.get(str(r["status"]), 0) + 1
        errors = sum(n for s, n in statuses.items() if s not in ("204", "200", "286"))
        errors += burst_ok != len(burst_clients)
        rate = len(steady_ms) / args.steady_seconds
        print(
            f"steady: {len(steady_ms)} polls ({rate:.0f}/s), statuses {statuses}, p50 {percentile(steady_ms, 50):.1f} ms, "
            f"p99 {percentile(steady_ms, 99):.1f} ms, max {max(steady_ms):.1f} ms; CPU share generator "
            f"{steady['generator_cpu_share']:.2f} / server {steady['server_cpu_share']:.2f}"
        )

        # (c) Ceiling: closed-loop throughput of the update endpoint vs the bare views, same cookies, alternated,
        # best of two each. "bare" skips loading the session and user (lazy in Django); "bare_login" is the
        # cheapest logged-in answer (login_required), i.e. the framework cost every authenticated view pays.
        endpoints = {
            "bare": [{"path": "/bench/ok/", "headers": headers(c, True)} for c in clients],
            "bare_login": [{"path": "/bench/ok-login/", "headers": headers(c, True)} for c in clients],
            "poll": [poll(c) for c in clients],
            "poll_checked": [poll(c, token=False) for c in clients],
        }
        ceilings = {name: [] for name in endpoints}
        for _ in range(2):
            for name, reqs in endpoints.items():
                out = run_generator(
                    {
                        "phase": "ceiling",
                        "base": base,
                        "requests": reqs,
                        "concurrency": args.connections,
                        "seconds": args.ceiling_seconds,
                    },
                    server_pids,
                )
                out["server_cpu_ms_per_request"] = out["server_cpu_s"] * 1000 / out["requests"]
                ceilings[name].append(out)
                print(
                    f"ceiling {name}: {out['rps']:.0f} req/s, statuses {out['statuses']}, server CPU "
                    f"{out['server_cpu_ms_per_request']:.2f} ms/request; CPU share generator "
                    f"{out['generator_cpu_share']:.2f} / server {out['server_cpu_share']:.2f}"
                )
        best = {name: max(outs, key=lambda o: o["rps"]) for name, outs in ceilings.items()}
        ratio = best["poll"]["rps"] / best["bare"]["rps"]
        ratio_login = best["poll"]["rps"] / best["bare_login"]["rps"]
        ratio_checked = best["poll_checked"]["rps"] / best["bare"]["rps"]
        cpu_ratio = best["bare"]["server_cpu_ms_per_request"] / best["poll"]["server_cpu_ms_per_request"]
        ceiling_errors = sum(
            n for outs in ceilings.values() for o in outs for s, n in o["statuses"].items() if s not in ("200", "204")
        )
        errors += ceiling_errors
        print(
            f"ratio poll/bare: throughput {ratio:.2f} (vs logged-in bare {ratio_login:.2f}), "
            f"server CPU per request {cpu_ratio:.2f}; checked poll (no token)/bare {ratio_checked:.2f}"
        )

        if args.scale and bots is not None:  # the negotiation round, before the push moves the tables to the vote
            bots.play(runs)
            stamps.update({pk: f"{v}.{a}" for pk, v, a in Run.objects.values_list("pk", "version", "activity_version")})
        scale = push_phase(push, runs, clients, stamps, room_base, web.port) if args.scale else {}
        errors += scale.get("push_errors", 0)

        result = {
            "burst_p95_ms": round(percentile(burst_ms, 95), 1),
            "burst_p50_ms": round(percentile(burst_ms, 50), 1),
            "burst_bare_login_p95_ms": round(percentile(floor_ms, 95), 1),
            "round_start_ms_per_table": round(round_start_s * 1000 / len(runs), 1),
            "burst_round": burst_round,
            "burst_server_cpu_ms_per_room": round(burst["server_cpu_s"] * 1000 / len(burst_clients), 2),
            "burst_served": burst_ok,
            "burst_requests": len(burst_clients),
            **burst_figures,
            "steady_p99_ms": round(percentile(steady_ms, 99), 1),
            "steady_p50_ms": round(percentile(steady_ms, 50), 1),
            "steady_requests": len(steady_ms),
            "steady_rps": round(rate, 1),
            "steady_seconds": args.steady_seconds,
            "errors": errors,
            "unchanged_bytes": unchanged_bytes,
            "room_html_bytes": room_bytes,
            "ratio_vs_bare": round(ratio, 3),
            "ratio_vs_bare_login": round(ratio_login, 3),
            "poll_checked_ratio_vs_bare": round(ratio_checked, 3),
            "poll_checked_rps": round(best["poll_checked"]["rps"], 1),
            "cpu_ratio_vs_bare": round(cpu_ratio, 3),
            "bare_login_rps": round(best["bare_login"]["rps"], 1),
            "bare_rps": round(best["bare"]["rps"], 1),
            "poll_rps": round(best["poll"]["rps"], 1),
            "generator_cpu_share": {
                "burst": round(burst["generator_cpu_share"], 2),
                "steady": round(steady["generator_cpu_share"], 2),
                "ceiling": round(max(o["generator_cpu_share"] for outs in ceilings.values() for o in outs), 2),
            },
            "participants": len(clients),
            "tables": len(runs),
            "gunicorn": f"{args.workers} workers"
            + (
                f" x {args.threads} threads (gthread)"
                if args.threads > 1
                else " (gunicorn's sync)"
                if args.stock_sync
                else " (sync, prompt close)"
            ),
            "cores": os.cpu_count(),
            "quick": args.quick,
            "load_average_before": round(load_before, 2),
            "load_average_max_during": round(max(LOAD_SAMPLES), 2),
            "server_cpu_ms_per_request": {n: round(best[n]["server_cpu_ms_per_request"], 2) for n in best},
            # What the cores could serve if nothing else ran: cores / (gunicorn + PostgreSQL CPU per poll).
            "poll_capacity_rps_idle_machine": round(
                (os.cpu_count() or 1) * 1000 / best["poll"]["server_cpu_ms_per_request"]
            ),
            "poll_checked_capacity_rps_idle_machine": round(
                (os.cpu_count() or 1) * 1000 / best["poll_checked"]["server_cpu_ms_per_request"]
            ),
            "total_s": round(time.time() - started, 1),
            "bots": bots.summary() if bots is not None else None,
            **scale,
        }
        if args.scale:
            result["burst_800_p95_ms"] = round(percentile(burst_ms, 95), 1) if len(burst_clients) >= 800 else None
            result["burst_size"] = len(burst_clients)
            result["push"] = f"{push.workers} workers (uvicorn)"
            result["load_average_max_during"] = round(max(LOAD_SAMPLES), 2)
    finally:
        for server in (push, web):
            if server is not None:
                server.stop()
        redis.cleanup()
    print(json.dumps(result))


class BotPlay:
    """The bots of every table (see the module's docstring): which strategy each seat plays, what they did."""

    def __init__(self, runs):
        self.strategy_by_run = {
            run.pk: seat_strategies(
                list(run.scenario.delegations.order_by("position", "pk").values_list("key", flat=True)), shift=index
            )
            for index, run in enumerate(runs)
        }
        self.actions = Counter()
        self.rounds_played = []
        self.seconds = 0.0

    def play(self, runs):
        """Every table's current round, untimed; the rooms are prepared once per table at the end."""
        from simulations.domain.activity import stamp_hooks_batched  # noqa: PLC0415 (after setup)
        from simulations.models import Run  # noqa: PLC0415 (after setup)

        t = time.perf_counter()
        with stamp_hooks_batched():
            self.actions.update(play_round(runs, self.strategy_by_run))
        self.seconds += time.perf_counter() - t
        self.rounds_played.append(Run.objects.get(pk=runs[0].pk).current_round)

    def summary(self):
        from simulations.models import Proposal  # noqa: PLC0415 (after setup)

        moves = Proposal.objects.filter(run_id__in=self.strategy_by_run)
        return {
            "strategies": strategy_counts(self.strategy_by_run),
            "rounds_played": self.rounds_played,
            "actions": dict(sorted(self.actions.items())),
            "proposals_and_amendments": moves.count(),
            "amendments": moves.filter(version__gt=1).count(),
            "seconds": round(self.seconds, 1),
        }


def bot_lead_in(args, runs):
    """Bots play every round before the measured transition(s) (one; two with --scale), moving the tables on
    between them; returns the BotPlay (None with --no-bots)."""
    if args.no_bots:
        return None
    from simulations.domain.engine import end_round_now  # noqa: PLC0415 (after setup)

    bots = BotPlay(runs)
    lead_in = runs[0].rounds.count() - (2 if args.scale else 1)
    for number in range(1, lead_in + 1):
        if number > 1:
            for run in runs:
                end_round_now(run)
        bots.play(runs)
    print(
        f"bots: {strategy_counts(bots.strategy_by_run)} played rounds {bots.rounds_played} "
        f"in {bots.seconds:.1f} s: {dict(bots.actions)}"
    )
    return bots


def push_phase(push, runs, clients, stamps, room_base, web_port):
    """(d) every seat on the push path; every table moves to its next round; see the module's docstring."""
    from simulations.domain.engine import end_round_now  # noqa: PLC0415 (leaf)
    from simulations.models import Run  # noqa: PLC0415 (leaf)

    spec = {
        "push": push.base_url,
        "web": room_base,  # where the room's partial is fetched after "changed"
        "seconds": 30,  # a stream silent this long is dead (it sends a comment every 10 s)
        "wait_seconds": 180,
        "clients": [
            {
                "run": c["run"],
                "cookie": c["cookie"],
                "stream": f"/simulations/runs/{c['run']}/room/stream/?{urlencode({'t': c['token']})}",
                "poll": f"/simulations/runs/{c['run']}/room/updates/?{urlencode({'v': stamps[c['run']], 't': c['token']})}",
            }
            for c in clients
        ],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
    gen = subprocess.Popen(
        [sys.executable, __file__, "--stream-client", fh.name], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    ready = gen.stdout.readline().strip()
    print(f"push: {ready} of {len(clients)} streams open")
    time.sleep(1.0)
    committed = {}
    t = time.perf_counter()
    for run in Run.objects.filter(pk__in=[r.pk for r in runs]):
        committed[run.pk] = time.time()  # from the start of the call: the transition, its rooms, the announce
        end_round_now(run)  # the commit's hook publishes, prepares the rooms, announces
    transitions_s = time.perf_counter() - t
    out, _ = gen.communicate(timeout=120)
    os.unlink(fh.name)
    LOAD_SAMPLES.append(os.getloadavg()[0])
    results = json.loads(out.strip().splitlines()[-1])
    lags = [(held - committed[run]) * 1000 for run, held, status in results if held and status == 200]
    failed = [status for _run, held, status in results if not (held and status == 200)]
    within = sum(1 for ms in lags if ms <= 2000)
    print(
        f"push: {len(runs)} tables moved in {transitions_s:.2f} s; {len(lags)}/{len(clients)} seats hold the new "
        f"room, p50 {percentile(lags, 50):.0f} ms, p99 {percentile(lags, 99):.0f} ms, max {max(lags):.0f} ms; "
        f"within 2 s: {within}; failures {failed[:5]}"
    )
    c = clients[0]
    stream_path = spec["clients"][0]["stream"]
    stamp = "{}.{}".format(*Run.objects.values_list("version", "activity_version").get(pk=c["run"]))
    idle_poll = f"/simulations/runs/{c['run']}/room/updates/?{urlencode({'v': stamp, 't': c['token']})}"
    head_bytes, body_bytes = stream_idle_bytes(push.port, stream_path, c["cookie"], 21)
    unchanged_bytes, _ = wire_size(web_port, idle_poll, c["cookie"])
    keepalive_per_hour = body_bytes * 3600 / 21  # includes the opening "retry:" line: a slight overcount
    idle = (
        SAFETY_POLLS_PER_HOUR * (BROWSER_POLL_REQUEST_BYTES + unchanged_bytes)
        + STREAM_RECONNECTS_PER_HOUR * (BROWSER_POLL_REQUEST_BYTES + head_bytes)
        + keepalive_per_hour
    )
    print(
        f"idle seat: stream headers {head_bytes} B, {body_bytes} B of stream in 21 s, 204 {unchanged_bytes} B "
        f"-> {idle:.0f} B an hour"
    )
    return {
        "seats": len(clients),
        "update_p99_ms": round(percentile(lags, 99), 1) if lags else None,
        "update_p50_ms": round(percentile(lags, 50), 1) if lags else None,
        "seats_served_fraction": round(within / len(clients), 4),
        "push_errors": len(failed),
        "transitions_s": round(transitions_s, 2),
        "idle_bytes_per_hour": round(idle),
        "stream_header_bytes": head_bytes,
    }


if __name__ == "__main__":
    main()
