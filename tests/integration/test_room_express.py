"""The room's express path (simulations.room.express) with real processes: a private redis-server, the web
server of the production layout (gunicorn on config.wsgi) and of ``make run`` (uvicorn on config.asgi), and this
process making the transitions as the worker would (same Redis cache: after each commit it publishes the stamp,
prepares the rooms and writes the seat holders' viewer entries).

- a seat holder's room and the fetch after "changed" come by the express path (no renewed CSRF cookie: the
  mark of an answer that did not go through Django's middleware), right after a transition, with the new round;
- everyone else gets what Django gives them: 404 for a person not seated, the login page without a session.
"""

import http.client
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from bench._servers import Gunicorn, Uvicorn
from simulations.domain.engine import end_round_now, start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run
from tests.factories.course import UserFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
from tests.integration.sites import share_cache_with_site, start_seated_table

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["gunicorn", "uvicorn"])
def site(request, private_redis, settings):
    """The web server on the test database and the private Redis; this process shares its cache."""
    env = share_cache_with_site(settings, private_redis)
    server = (Gunicorn if request.param == "gunicorn" else Uvicorn)(env, workers=1, name="express").start()
    yield server
    server.stop()


def cookie_of(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    parts = [f"csrftoken={get_random_string(32, CSRF_ALLOWED_CHARS)}"]
    if user is not None:
        parts.append(f"{django_settings.SESSION_COOKIE_NAME}={client.cookies['sessionid'].value}")
    return "; ".join(parts)


def get(server, path, cookie, htmx=False):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        headers = {"Cookie": cookie, **({"HX-Request": "true"} if htmx else {})}
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Set-Cookie"), response.read().decode()
    finally:
        conn.close()


def current_round(html):
    return int(re.search(r'id="room"[^>]*data-round="(\d+)"', html).group(1))


def test_round_start_rooms_come_by_the_express_path_with_the_new_round(site):
    run, scientist, d1, d2 = start_seated_table()  # the commit's hook: state, rooms and viewer entries in Redis
    cookie = cookie_of(scientist.user)
    room = reverse("simulations:room", args=[run.pk])

    status, set_cookie, html = get(site, room, cookie)
    assert status == 200 and set_cookie is None and current_round(html) == 1
    assert d1.brief[:40] in html and (not d2.brief or d2.brief[:40] not in html)

    for number in (2, 3):
        stamp = Run.objects.get(pk=run.pk).room_stamp
        end_round_now(Run.objects.get(pk=run.pk))
        # what room-push.js asks on "changed", at once: the new round, never the old one
        status, set_cookie, html = get(site, f"{room}updates/?{urlencode({'v': stamp, 'p': '1'})}", cookie, htmx=True)
        assert status == 200 and set_cookie is None and current_round(html) == number
        status, set_cookie, html = get(site, room, cookie)
        assert status == 200 and set_cookie is None and current_round(html) == number


def test_everyone_else_gets_what_django_gives(site):
    run = make_run(round_seconds=[60, 60], name="Table A")
    pair, *_ = make_pair(run.course)
    assign_pair(run, pair, run.scenario.delegations.first())
    run = start_run(Run.objects.get(pk=run.pk))
    room = reverse("simulations:room", args=[run.pk])
    assert get(site, room, cookie_of(UserFactory()))[0] == 404
    status, _, html = get(site, room, cookie_of(None))
    assert status == 302 and "brief" not in html.lower()
