"""The production layout's room routing with real processes: nginx with docs/nginx.conf in front of the web
workers (gunicorn, config.wsgi) and the push process (uvicorn, config.asgi), a private Redis, the test database.

- a seat holder's room and its partial after "changed" are answered by the push process: they still come when
  the web workers are down;
- everyone else is handed back by the push process (X-Accel-Redirect) and answered by Django on the web
  workers with the original request: 404 for a person not seated, the login page (for this very room) without
  a session; with the web workers down, nginx answers 502 and nothing of the room;
- with the push process down, the web workers serve every room as before;
- the room's other requests (the poll, a POST) go to the web workers, and a client cannot make the push
  process hand anything on by sending the fallback header itself.
"""

import http.client
import re
import time
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from bench._servers import Gunicorn, Nginx, Uvicorn
from simulations.domain.engine import end_round_now
from simulations.domain.presence import last_seen
from simulations.models import Presence, Run
from simulations.room.state import room_state_key
from tests import support
from tests.factories.course import UserFactory
from tests.integration.sites import share_cache_with_site, start_seated_table

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def layout(private_redis, settings):
    """(nginx, web, push) on the test database and the private Redis; this process shares their cache."""
    support.require_nginx()
    env = share_cache_with_site(settings, private_redis)
    web = Gunicorn(env, workers=1, name="nginx-web").start()
    push = Uvicorn(env, workers=1, name="nginx-push").start()
    front = Nginx(web.port, push.port).start()
    yield front, web, push
    for server in (front, push, web):
        server.stop()


def cookie_of(user=None):
    parts = [f"csrftoken={get_random_string(32, CSRF_ALLOWED_CHARS)}"]
    if user is not None:
        client = Client()
        client.force_login(user)
        parts.append(f"{django_settings.SESSION_COOKIE_NAME}={client.cookies['sessionid'].value}")
    return "; ".join(parts)


def ask(server, path, cookie, method="GET", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.request(method, path, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        conn.close()


def current_round(html):
    return int(re.search(r'id="room"[^>]*data-round="(\d+)"', html).group(1))


@pytest.fixture
def table():
    run, scientist, d1, _ = start_seated_table()
    return run, scientist.user, d1


def test_seat_holders_rooms_come_from_the_push_process(layout, table):
    front, web, _ = layout
    run, user, delegation = table
    room = reverse("simulations:room", args=[run.pk])
    cookie = cookie_of(user)
    status, headers, html = ask(front, room, cookie)
    assert status == 200 and "Set-Cookie" not in headers and current_round(html) == 1
    assert delegation.brief[:40] in html
    # the load is noted for the console's "present": the heartbeat in the cache and the stored row
    deadline = time.monotonic() + 5
    while not Presence.objects.filter(run=run, user=user).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Presence.objects.filter(run=run, user=user).exists() and last_seen([(run.pk, user.pk)])

    web.stop()  # from here on, only the push process can answer
    stamp = Run.objects.get(pk=run.pk).room_stamp
    end_round_now(Run.objects.get(pk=run.pk))
    status, _, html = ask(
        front, f"{room}updates/?{urlencode({'v': stamp, 'p': '1'})}", cookie, headers={"HX-Request": "true"}
    )
    assert status == 200 and current_round(html) == 2
    status, _, html = ask(front, room, cookie)
    assert status == 200 and current_round(html) == 2
    # the published state expired: the push process reads it from the database (and stores it again)
    cache.delete(room_state_key(run.pk))
    status, _, html = ask(front, room, cookie)
    assert status == 200 and current_round(html) == 2 and cache.get(room_state_key(run.pk)) is not None
    # everyone else is handed to the web workers, which are down: nginx's 502, nothing of the room
    status, _, html = ask(front, room, cookie_of(UserFactory()))
    assert status == 502 and delegation.brief[:40] not in html
    # the poll ("nothing changed?") is the web workers' too
    status, _, _ = ask(front, f"{room}updates/?{urlencode({'v': Run.objects.get(pk=run.pk).room_stamp})}", cookie)
    assert status == 502


def test_with_the_push_process_down_the_web_workers_serve_the_rooms(layout, table):
    front, _, push = layout
    run, user, delegation = table
    room = reverse("simulations:room", args=[run.pk])
    push.stop()
    status, headers, html = ask(front, room, cookie_of(user))
    assert status == 200 and current_round(html) == 1 and delegation.brief[:40] in html
    assert ask(front, room, cookie_of(UserFactory()))[0] == 404


def test_everyone_else_is_answered_by_django_with_the_original_request(layout, table):
    front, _, _ = layout
    run, user, delegation = table
    room = reverse("simulations:room", args=[run.pk])
    status, _, html = ask(front, room, cookie_of(UserFactory()))
    assert status == 404 and delegation.brief[:40] not in html
    status, headers, _ = ask(front, room, cookie_of(None))
    assert status == 302 and headers["Location"].endswith(f"?next={room}")
    # a POST to the room's address is the web workers' (Django refuses it there: a GET-only view)
    status, _, _ = ask(front, room, cookie_of(user), method="POST")
    assert status in (403, 405)


def test_a_client_cannot_choose_the_fallback(layout, table):
    front, _, push = layout
    run, user, _ = table
    room = reverse("simulations:room", args=[run.pk])
    # nginx sets the header itself: a client's value is replaced, so the miss still lands on Django (404)
    status, headers, _ = ask(front, room, cookie_of(UserFactory()), headers={"X-Accord-Fallback": "@elsewhere"})
    assert status == 404 and "X-Accel-Redirect" not in headers
    # straight to the push process (never exposed): a value that is not a named location is ignored
    status, headers, _ = ask(push, room, cookie_of(UserFactory()), headers={"X-Accord-Fallback": "/etc/passwd"})
    assert "X-Accel-Redirect" not in headers and status == 404
