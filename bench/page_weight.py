"""Benchmark: what each role's main pages weigh on first load, and what an idle seat in the participant's room
costs on the wire per hour, in normal and in low-data mode, with and without the push stream (issue 21,
"Low-data room"; docs/performance.md).

Set-up (about a minute): a database of its own (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
bench_page_weight; dropped and re-created), a private redis-server on a free port, collectstatic, the demo data
(`manage.py seed_demo`, uploads in a temporary MEDIA_ROOT), one SESAME table with two seated participants and
one-hour rounds (so no round ends while measuring), and with production settings (config.production): uvicorn
serving config.asgi, i.e. Django and the room's stream on one origin as `make run` does (nginx gives the same one
origin in production), and gunicorn (the production web process) for the "nothing changed" answer's size.

Page weight first: each page of demo_pages() is loaded once, cold (a fresh browser context: empty cache), by the
demo account of its role (a session made directly, as a login leaves it; none for the public pages), at a
phone's width (375 px). Its weight is every response of the load as Chromium received it (status line, headers
and body, CDP ``Network.loadingFinished`` encodedDataLength): the document and every asset it pulled in, until
the load event and half a second after. "Compressed" means as production serves it: static files come
compressed by whitenoise (the .br file collectstatic writes, since `brotli` is installed with weasyprint's
fonttools[woff]; the .gz, about 3.2 KB more a page, to a browser without brotli), while HTML is sent
uncompressed on purpose (no GZipMiddleware, `gzip off` in docs/nginx.conf: BREACH; docs/deploy.md). The room's
poll and push stream are not part of the page (they are the idle cost below). The demo's Table A is started
for the room and the facilitator's run page; the participant's debrief is an alumna's finished 2024 table (the
demo's finished current table is played by scripted delegations only, nobody is seated there).

Then Debian's Chromium (through Playwright) opens a seated participant's room four times, once per mode, and
leaves it alone for --window seconds. Every request of the room is taken from Chromium's own network log
(Chrome DevTools Protocol): the request line and headers as sent (cookies included), the status line and
headers as received (``headersText``) and the body bytes as received. Modes: normal / low data (the browser
sends Save-Data: on), each with the stream (the room's push path) and without it (the stream's URL blocked in
the browser, as a proxy that refuses it would).

Per hour: polls × the bytes of one poll exchange measured (the number of polls an hour from the room's own pace,
``window.AccordPush.pollEveryMs()``, checked against the polls seen in the window) + with the stream: its
keep-alive bytes as received in the window, scaled to the hour, and a reconnection every STREAM_MAX_SECONDS
(the stream's request and response head, and the catch-up poll that follows it).

Also measured with a raw socket: the "nothing changed" answer from gunicorn and from uvicorn, status line and
headers included.

Run from the repository root:  .venv/bin/python bench/page_weight.py               (--window 130 s per mode)
                               .venv/bin/python bench/page_weight.py --quick       (--window 40)
                               .venv/bin/python bench/page_weight.py --pages-only  (no idle windows: about 2 min)
The last line printed is one JSON object; with --pages-only its room_idle_* fields are null.
"""

import argparse
import gzip
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._servers import Gunicorn, RedisServer, Uvicorn, recreate_database  # noqa: E402

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_page_weight")
CHROMIUM = "/usr/bin/chromium"
PAGE_BUDGET_KB = 60  # issue 21: every page on first load, compressed as served, assets included
DEMO_PARTICIPANT = "pair00.scientist@demo.accord.example"  # seated at the demo's Table A (seed_demo)
MODES = [
    ("normal", False, True),
    ("normal_no_stream", False, False),
    ("low_data", True, True),
    ("low_data_no_stream", True, False),
]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--window", type=float, default=130.0, help="seconds each mode is watched")
    p.add_argument("--quick", action="store_true", help="40 s per mode")
    p.add_argument("--pages-only", action="store_true", help="the page weights only, no idle-room windows")
    args = p.parse_args()
    if args.quick:
        args.window = 40.0
    return args


def server_env(redis_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://accord.example.org",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }


def raw_answer_bytes(port, path, cookie):
    """Bytes on the wire of one answer (status line, headers, body) to a GET sent on a raw socket."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    raw = b"".join(chunks)
    return len(raw), raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")


class NetworkLog:
    """Chromium's own account of every request of a page (Chrome DevTools Protocol), in bytes on the wire."""

    def __init__(self, context, page):
        self.requests = {}
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestWillBeSentExtraInfo", self._sent_headers)
        cdp.on("Network.responseReceivedExtraInfo", self._head)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.send("Network.enable")
        self.cdp = cdp

    def _entry(self, request_id):
        return self.requests.setdefault(
            request_id, {"url": "", "method": "GET", "at": time.time(), "sent": 0, "head": 0, "body": 0, "total": 0}
        )

    def _sent(self, event):
        entry = self._entry(event["requestId"])
        entry.update(url=event["request"]["url"], method=event["request"]["method"], at=time.time())

    def _sent_headers(self, event):
        # Chromium's HTTP/1.1 request: "GET /path?query HTTP/1.1", then each header line, then an empty line. The
        # headers are the ones it really sent (cookies included); the request line is rebuilt from the URL.
        entry = self._entry(event["requestId"])
        entry["headers"] = event["headers"]

    def _head(self, event):
        self._entry(event["requestId"])["head"] = len(event.get("headersText", "").encode("latin-1"))

    def _data(self, event):
        self._entry(event["requestId"])["body"] += event.get("encodedDataLength", 0)

    def _finished(self, event):
        self._entry(event["requestId"])["total"] = event.get("encodedDataLength", 0)

    @staticmethod
    def request_bytes(entry):
        url = urlparse(entry["url"])
        target = url.path + (f"?{url.query}" if url.query else "")
        line = f"{entry['method']} {target} HTTP/1.1\r\n"
        headers = "".join(f"{k}: {v}\r\n" for k, v in entry.get("headers", {}).items())
        return len((line + headers + "\r\n").encode("latin-1"))

    @staticmethod
    def response_bytes(entry):
        return max(entry["total"], entry["head"] + entry["body"])

    def on_wire(self, fragment, since):
        """Requests whose URL contains ``fragment``, sent after ``since``, that reached the server."""
        return [e for e in self.requests.values() if fragment in e["url"] and e["at"] >= since and e["head"]]


def demo_pages(table):
    """(role, page, demo account's email or None, path) of each role's main pages, on the demo data (seed_demo);
    ``table`` is the participant's current table (the demo's Table A)."""
    from participants.models import Application  # noqa: PLC0415 (after setup)
    from simulations.models import Run  # noqa: PLC0415 (after setup)

    facilitator, applicant = "facilitator@accord.example", "applicant@accord.example"
    participant, alumna = DEMO_PARTICIPANT, "pair00.scientist@alumni.accord.example"
    current = Run.objects.filter(course__slug="current")
    rehearsal = current.get(state="finished")
    played = Run.objects.filter(state="finished", seats__pair__participants__user__email=alumna).order_by("pk").first()
    application = Application.objects.filter(members__user__email=applicant).order_by("pk").first()
    return [
        ("anonymous", "landing", None, "/"),
        ("anonymous", "call", None, "/courses/current/"),
        ("applicant", "application", applicant, f"/apply/applications/{application.pk}/"),
        ("participant", "room", participant, f"/simulations/runs/{table.pk}/room/"),
        ("participant", "agenda", participant, "/courses/current/agenda/"),
        ("participant", "debrief", alumna, f"/simulations/runs/{played.pk}/debrief/"),
        ("reviewer", "review queue", "reviewer@accord.example", "/apply/reviews/"),
        ("facilitator", "selection board", facilitator, "/apply/selection/current/"),
        ("facilitator", "run", facilitator, f"/simulations/runs/{table.pk}/"),
        ("facilitator", "debrief", facilitator, f"/simulations/runs/{rehearsal.pk}/debrief/"),
    ]


def weigh_page(browser, base, cookies, path):
    """One cold load of ``path`` (a fresh context: empty cache): every response as received, in bytes on the
    wire, but the room's poll and stream (the idle cost, measured by watch_mode)."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        if cookies:
            context.add_cookies([{"name": k, "value": v, "url": base} for k, v in cookies.items()])
        page = context.new_page()
        log = NetworkLog(context, page)
        response = page.goto(base + path, wait_until="load")
        page.wait_for_timeout(500)  # late subresources (deferred scripts, icons) are in the log too
        assert response.status == 200 and response.request.redirected_from is None, (
            f"{path}: {response.status} {response.url}"
        )
        html = response.body()
        entries = [
            e
            for e in log.requests.values()
            if e["head"] and "/room/updates/" not in e["url"] and "/room/stream/" not in e["url"]
        ]
    finally:
        context.close()
    document = next(e for e in entries if e["url"] == base + path)
    sizes = sorted(((NetworkLog.response_bytes(e), urlparse(e["url"]).path) for e in entries), reverse=True)
    return {
        "bytes": sum(size for size, _ in sizes),
        "html_bytes": NetworkLog.response_bytes(document),
        # Not sent: the HTML body gzipped as GZipMiddleware would (level 6), for comparison.
        "html_body_gzip_bytes": len(gzip.compress(html, compresslevel=6, mtime=0)),
        "requests": len(entries),
        "heaviest": sizes[:4],
    }


def watch_mode(browser, base, cookies, room_path, low_data, stream, window, stream_max_seconds):
    headers = {"Save-Data": "on"} if low_data else {}
    context = browser.new_context(viewport={"width": 375, "height": 740}, extra_http_headers=headers)
    try:
        context.add_cookies([{"name": k, "value": v, "url": base} for k, v in cookies.items()])
        page = context.new_page()
        log = NetworkLog(context, page)
        if not stream:
            page.route("**/room/stream/**", lambda route: route.abort())
        page.goto(base + room_path)
        mode = page.locator("#room-data").get_attribute("data-low-data")
        assert mode == ("on" if low_data else "off"), f"the room's mode is {mode!r}"
        page.wait_for_timeout(3000)  # the stream opens and the room catches up once
        start = time.time()
        page.wait_for_timeout(window * 1000)
        live = page.evaluate("window.AccordPush.isLive()")
        every_ms = page.evaluate("window.AccordPush.pollEveryMs()")
        polls = log.on_wire("/room/updates/", start)
        streams = log.on_wire("/room/stream/", 0)
        all_polls = log.on_wire("/room/updates/", 0)
    finally:
        context.close()
    assert live == stream, f"stream {'expected' if stream else 'not expected'}, live={live}"
    sample = polls or all_polls
    poll_bytes = (
        sum(NetworkLog.request_bytes(e) + NetworkLog.response_bytes(e) for e in sample) / len(sample) if sample else 0
    )
    polls_per_hour = 3600 * 1000 / max(every_ms, 1000)
    result = {
        "polls_per_hour": round(polls_per_hour),
        "polls_seen": len(polls),
        "polls_expected_in_window": round(window * polls_per_hour / 3600, 1),
        "poll_request_bytes": round(sum(NetworkLog.request_bytes(e) for e in sample) / len(sample)) if sample else None,
        "poll_answer_bytes": round(sum(NetworkLog.response_bytes(e) for e in sample) / len(sample)) if sample else None,
        "bytes_per_hour": polls_per_hour * poll_bytes,
    }
    if stream:
        (opened,) = streams[:1] or [None]
        assert opened is not None, "the stream never opened"
        keepalive = opened["body"]  # everything the stream carried since it opened (about window + 3 s)
        seconds_open = window + 3
        reconnects = 3600 / stream_max_seconds
        stream_per_hour = keepalive * 3600 / seconds_open + reconnects * (
            NetworkLog.request_bytes(opened) + opened["head"] + poll_bytes
        )
        result.update(
            stream_request_bytes=NetworkLog.request_bytes(opened),
            stream_head_bytes=opened["head"],
            stream_body_bytes_in_window=keepalive,
            stream_bytes_per_hour=round(stream_per_hour),
        )
        result["bytes_per_hour"] += stream_per_hour
    result["bytes_per_hour"] = round(result["bytes_per_hour"])
    return result


def main():
    args = parse_args()
    started = time.time()
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    redis = RedisServer().start()
    media = tempfile.mkdtemp(prefix="accord-page-weight-media-")
    env = {**server_env(redis.url), "MEDIA_ROOT": media}
    os.environ.update(env)
    servers = []
    try:
        recreate_database(DATABASE_URL)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        import django  # noqa: PLC0415 (after setup)

        django.setup()
        from django.conf import settings  # noqa: PLC0415 (after setup)
        from django.contrib.auth import get_user_model  # noqa: PLC0415 (after setup)
        from django.middleware.csrf import CSRF_ALLOWED_CHARS  # noqa: PLC0415 (after setup)
        from django.utils.crypto import get_random_string  # noqa: PLC0415 (after setup)
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 (slow import)

        from bench._seed import load_scenario, login_sessions, make_course, seat_course  # noqa: PLC0415 (after setup)
        from simulations.domain.engine import start_run  # noqa: PLC0415 (after setup)
        from simulations.models import Run, Seat  # noqa: PLC0415 (after setup)
        from simulations.room.push import STREAM_MAX_SECONDS  # noqa: PLC0415 (after setup)
        from simulations.room.state import poll_token  # noqa: PLC0415 (after setup)

        User = get_user_model()
        table = Run.objects.get(course__slug="current", seats__pair__participants__user__email=DEMO_PARTICIPANT)
        start_run(table)  # the demo's Table A, a draft: running for the room and the facilitator's run page
        pages = demo_pages(table)
        emails = sorted({email for _, _, email, _ in pages if email})
        page_users = {u.email: u for u in User.objects.filter(email__in=emails)}
        page_sessions = dict(zip(emails, login_sessions([page_users[e] for e in emails]), strict=True))

        course = make_course(slug="page-weight")
        runs, seated = seat_course(course, load_scenario(), 1, 2, round_seconds=[3600] * 12)
        run = runs[0]
        start_run(run)
        user = seated[0][0]
        (session_key,) = login_sessions([user])
        cookies = {
            settings.SESSION_COOKIE_NAME: session_key,
            settings.CSRF_COOKIE_NAME: get_random_string(32, CSRF_ALLOWED_CHARS),  # as the login page leaves it
        }
        cookie_header = "; ".join(f"{k}={v}" for k, v in cookies.items())

        site = Uvicorn(env, name="page-weight").start()
        servers.append(site)
        web = Gunicorn(env, workers=1, name="page-weight").start()
        servers.append(web)

        run.refresh_from_db()
        seat = Seat.objects.get(run=run, pair__participants__user=user)
        stamp = "{}.{}".format(*Run.objects.values_list("version", "activity_version").get(pk=run.pk))
        idle_poll = f"/simulations/runs/{run.pk}/room/updates/?{urlencode({'v': stamp, 't': poll_token(run.pk, user.pk, seat.pk)})}"
        raw_answer_bytes(web.port, idle_poll, cookie_header)  # warm the worker and the run's cached state
        unchanged = {}
        for name, server in (("gunicorn", web), ("uvicorn", site)):
            size, head = raw_answer_bytes(server.port, idle_poll, cookie_header)
            unchanged[name] = size
            print(f"'nothing changed' from {name}: {size} B on the wire: {head!r}", flush=True)

        room_path = f"/simulations/runs/{run.pk}/room/"
        weights, modes = [], {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
            try:
                for role, name, email, path in pages:
                    page_cookies = (
                        {
                            settings.SESSION_COOKIE_NAME: page_sessions[email],
                            settings.CSRF_COOKIE_NAME: get_random_string(32, CSRF_ALLOWED_CHARS),
                        }
                        if email
                        else {}
                    )
                    weight = weigh_page(browser, site.base_url, page_cookies, path)
                    weights.append({"role": role, "name": name, "path": path, **weight})
                    print(f"{role} {name}: {json.dumps(weight)}", flush=True)
                for name, low_data, stream in [] if args.pages_only else MODES:
                    modes[name] = watch_mode(
                        browser, site.base_url, cookies, room_path, low_data, stream, args.window, STREAM_MAX_SECONDS
                    )
                    print(f"{name}: {json.dumps(modes[name])}", flush=True)
            finally:
                browser.close()
        load_after = Path("/proc/loadavg").read_text().split()[:3]
    finally:
        for server in servers:
            server.stop()
        redis.cleanup()
        shutil.rmtree(media, ignore_errors=True)

    def per_hour(mode):
        return modes[mode]["bytes_per_hour"] if mode in modes else None

    kb = [
        {
            "role": w["role"],
            "name": w["name"],
            "path": w["path"],
            "kb": round(w["bytes"] / 1024, 1),
            "requests": w["requests"],
        }
        for w in weights
    ]
    result = {
        "pages": kb,
        "max_kb": max(w["kb"] for w in kb),
        "page_budget_kb": PAGE_BUDGET_KB,
        "pages_over_budget": [f"{w['role']} {w['name']}" for w in kb if w["kb"] > PAGE_BUDGET_KB],
        "page_details": {
            f"{w['role']} {w['name']}": {
                "bytes": w["bytes"],
                "html_bytes": w["html_bytes"],
                "html_body_gzip_bytes": w["html_body_gzip_bytes"],
                "heaviest": w["heaviest"],
            }
            for w in weights
        },
        # The room's default: the stream where it is served, else polling.
        "room_idle_bytes_per_hour": per_hour("normal"),
        "room_idle_bytes_per_hour_low_data": per_hour("low_data"),
        "room_idle_bytes_per_hour_no_stream": per_hour("normal_no_stream"),
        "room_idle_bytes_per_hour_low_data_no_stream": per_hour("low_data_no_stream"),
        "best_normal_bytes_per_hour": min(per_hour("normal"), per_hour("normal_no_stream")) if modes else None,
        "unchanged_bytes": unchanged,
        "modes": modes,
        "window_s": args.window,
        "loadavg_before": load_before,
        "loadavg_after": load_after,
        "total_s": round(time.time() - started, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
