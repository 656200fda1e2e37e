"""The room's push path with real processes: a private redis-server, uvicorn serving config.asgi (the stream
and Django), this process making the transitions as the worker would (same Redis cache, so it publishes the
stamp and announces the change after each commit), and Chromium.

- the stream opens only for the seat's owner and carries nothing but "changed";
- a room on the push path shows a transition within 2 s and skips its 1-second poll;
- with the stream blocked, the room still shows each transition within 2 s by polling;
- the push server killed mid-run: the room catches up once it is back; Redis restarted: transitions still show.
"""

import http.client
import signal
import time
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from bench._servers import Uvicorn
from simulations.domain.engine import end_round_now, start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run, Seat
from simulations.room.state import poll_token
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
from tests.integration.sites import share_cache_with_site

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FOLLOW_SECONDS = 2.0


@pytest.fixture
def push_site(private_redis, settings):
    """uvicorn on config.asgi against the test database and the private Redis; this process shares its cache."""
    env = share_cache_with_site(settings, private_redis)
    server = Uvicorn(env, workers=1, name="push").start()
    yield server, private_redis
    server.stop()


def seated_table(rounds=(60, 60, 60)):
    run = make_run(round_seconds=list(rounds), name="Table A")
    pair, scientist, _ = make_pair(run.course)
    other_pair, other, _ = make_pair(run.course)
    d1, d2 = run.scenario.delegations.all()[:2]
    assign_pair(run, pair, d1)
    assign_pair(run, other_pair, d2)
    return Run.objects.get(pk=run.pk), scientist.user, other.user


def session_of(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def token_of(run, user):
    return poll_token(run.pk, user.pk, Seat.objects.get(run=run, pair__participants__user=user).pk)


def open_stream(server, run_id, token, session):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    conn.request("GET", f"/simulations/runs/{run_id}/room/stream/?t={quote(token or '')}", headers=headers)
    return conn, conn.getresponse()


# --- The stream itself ----------------------------------------------------------------------------------


def test_stream_carries_only_changed_after_a_transition(push_site):
    server, _ = push_site
    run, user, _ = seated_table()
    conn, response = open_stream(server, run.pk, token_of(run, user), session_of(user))
    try:
        assert response.status == 200 and response.getheader("Content-Type") == "text/event-stream"
        assert response.readline() == b"retry: 2000\n" and response.readline() == b"\n"
        start_run(run)  # the commit's hook publishes the stamp and announces the change
        lines = [response.readline(), response.readline()]
    finally:
        conn.close()
    assert lines == [b"data: changed\n", b"\n"]  # no stamp, no state, nothing of the table


@pytest.mark.parametrize("case", ["no token", "no session", "another users session", "another run", "tampered"])
def test_stream_opens_only_for_the_seats_owner(push_site, case):
    server, _ = push_site
    run, user, other = seated_table()
    second, *_ = seated_table()
    token, session, run_id = token_of(run, user), session_of(user), run.pk
    if case == "no token":
        token = ""
    elif case == "no session":
        session = None
    elif case == "another users session":
        session = session_of(other)
    elif case == "another run":
        run_id = second.pk
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    conn, response = open_stream(server, run_id, token, session)
    try:
        assert response.status == 404
        assert response.read() == b""
    finally:
        conn.close()


# --- Chromium -------------------------------------------------------------------------------------------


def open_room(browser, server, run, user, *, block_push=False):
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": session_of(user), "url": server.base_url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    polls = []
    page.on("request", lambda r: polls.append(time.time()) if "/room/updates/" in r.url else None)
    if block_push:
        page.route("**/room/stream/**", lambda route: route.abort())
    page.goto(server.base_url + reverse("simulations:room", args=[run.pk]))
    return context, page, polls


def shown_within(page, number, seconds):
    started = time.time()
    page.wait_for_selector(f'#room[data-round="{number}"]', timeout=seconds * 1000)
    return time.time() - started


def wait_live(page, live=True, timeout=10):
    page.wait_for_function(
        f"() => window.AccordPush && window.AccordPush.isLive() === {str(live).lower()}", timeout=timeout * 1000
    )


@pytest.mark.browser
def test_room_on_the_push_path_shows_each_transition_within_2_s_without_polling(browser, push_site):
    server, _ = push_site
    run, user, _ = seated_table()
    run = start_run(run)
    context, page, polls = open_room(browser, server, run, user)
    try:
        wait_live(page)
        time.sleep(4)
        polls_while_live = [t for t in polls if t > time.time() - 3.5]
        assert polls_while_live == []  # the 1-second poll is skipped while the stream is open
        for number in (2, 3):
            end_round_now(Run.objects.get(pk=run.pk))
            assert shown_within(page, number, FOLLOW_SECONDS) < FOLLOW_SECONDS
    finally:
        context.close()


@pytest.mark.browser
def test_room_with_the_push_path_blocked_still_follows_by_polling(browser, push_site):
    server, _ = push_site
    run, user, _ = seated_table()
    run = start_run(run)
    context, page, polls = open_room(browser, server, run, user, block_push=True)
    try:
        page.wait_for_selector('#room[data-round="1"]')
        time.sleep(2)
        assert page.evaluate("window.AccordPush.isLive()") is False
        for number in (2, 3):
            end_round_now(Run.objects.get(pk=run.pk))
            assert shown_within(page, number, FOLLOW_SECONDS) < FOLLOW_SECONDS
        assert len(polls) >= 3
    finally:
        context.close()


@pytest.mark.browser
def test_push_server_killed_and_redis_restarted_mid_run_the_room_catches_up(browser, push_site):
    server, redis = push_site
    run, user, _ = seated_table(rounds=(60, 60, 60, 60))
    run = start_run(run)
    context, page, _ = open_room(browser, server, run, user)
    try:
        wait_live(page)
        server.stop(signal.SIGKILL)  # the push server (here also the web) dies mid-run
        end_round_now(Run.objects.get(pk=run.pk))  # a transition while it is down
        wait_live(page, live=False)
        server.start()  # same port
        assert shown_within(page, 2, 5.0) < 5.0  # caught up: by the 1-second poll or the stream's reconnection
        wait_live(page)
        end_round_now(Run.objects.get(pk=run.pk))
        assert shown_within(page, 3, FOLLOW_SECONDS) < FOLLOW_SECONDS

        redis.restart(down_seconds=1.0)
        end_round_now(Run.objects.get(pk=run.pk))
        assert shown_within(page, 4, FOLLOW_SECONDS + 1.0) < FOLLOW_SECONDS + 1.0
    finally:
        context.close()
