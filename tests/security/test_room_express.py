"""The room's express path (simulations.room.express) gives a person their own room and nothing else: everyone
and everything it cannot check from the cache goes through Django, which answers as before (404, the login
page, 286). Asked of ``express_room`` itself (None: Django answers), of its async twin on the push process
(simulations.room.express_async, on a real Redis: "async") and of the WSGI application gunicorn runs
(config.wsgi), against the same requests through Django's test client."""

import copy
import re
import uuid
from contextlib import contextmanager
from urllib.parse import unquote, urlencode

import pytest
import time_machine
from asgiref.sync import async_to_sync
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.crypto import get_random_string

from config.wsgi import application
from course.enums import RoleGroup
from simulations.domain import engine, presence
from simulations.models import Seat
from simulations.room import express_async
from simulations.room.express import express_room, mask_csrf_secret, remember_viewers
from simulations.room.state import poll_token, poll_token_user
from tests import support
from tests.factories.course import UserFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db
SCORES = {
    "a": {"x": {"x1": 20, "x2": 5}, "y": {"y1": 10, "y2": 0}},
    "b": {"x": {"x1": 1, "x2": 9}, "y": {"y1": 3, "y2": 7}},
}


@pytest.fixture(params=["sync", "async"])
def path_kind(request, settings, monkeypatch):
    """Which express path answers: the web workers' (config.wsgi) on the unit tests' cache, or the push
    process's async one (config.asgi), which reads a real Redis with its own client."""
    if request.param == "async":
        support.require_redis()
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache.SharedClientRedisCache",
                "LOCATION": support.redis_url(),
                "KEY_PREFIX": f"test-express-{uuid.uuid4().hex}",
            }
        }
        express_async._client.cache_clear()
        # No presence batch is written from a thread meanwhile (it would wait on this test's transaction).
        monkeypatch.setitem(presence._presence, "flushed_at", float("inf"))
    yield request.param
    express_async._client.cache_clear()


@pytest.fixture
def express(path_kind):
    """The express path under test: (cookies, path, htmx) → the answer as an HttpResponse, or None."""
    return express_sync if path_kind == "sync" else express_over_asgi


@pytest.fixture
def table(path_kind, django_capture_on_commit_callbacks):
    """A table that has just moved to its second round: state published, rooms prepared and the seat holders'
    viewer entries written by the commit's hook, as at any round start."""
    scenario = build_scenario(
        {"a": 10, "b": 20}, SCORES, rounds=(("opening", 60, ["floor"]), ("middle", 60, ["floor"]), ("last", 60, []))
    )
    run, pairs = seated_run(scenario)
    before = run.room_stamp
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)
    run.refresh_from_db()
    return run, pairs, before


def cookies_of(user=None):
    """A browser's cookies after logging in as ``user`` (none when None) on a page that set the CSRF cookie."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = get_random_string(32, CSRF_ALLOWED_CHARS)
    return client.cookies


def room_path(run, updates=False, **query):
    name = "simulations:room_updates" if updates else "simulations:room"
    path = reverse(name, args=[run.pk])
    return f"{path}?{urlencode(query)}" if query else path


def express_sync(cookies, path, htmx=False):
    factory = RequestFactory()
    factory.cookies = cookies
    return express_room(factory.get(path, secure=True, **({"HTTP_HX_REQUEST": "true"} if htmx else {})))


def express_over_asgi(cookies, path, htmx=False, extra_headers=()):
    """What express_room_async answers to the ASGI scope of this request (as uvicorn builds it)."""
    path, _, query = path.partition("?")
    headers = [(b"host", b"testserver"), (b"cookie", "; ".join(f"{k}={m.value}" for k, m in cookies.items()).encode())]
    headers += [(b"hx-request", b"true")] if htmx else []
    headers += list(extra_headers)
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "query_string": query.encode(),
        "headers": headers,
        "server": ("testserver", 443),
    }
    answer = async_to_sync(express_async.express_room_async)(scope)
    if answer is None:
        return None
    status, raw_headers, body = answer
    response = HttpResponse(body, status=status)
    for name, value in raw_headers:
        response.headers[name.decode("latin-1")] = value.decode("latin-1")
    return response


@contextmanager
def _as_the_test_client_does():
    # Django's test client keeps the request's signals from closing the test's connection (its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def over_wsgi(cookies, path, htmx=False):
    """(status, headers, body) from config.wsgi.application, as gunicorn would call it."""
    factory = RequestFactory()
    factory.cookies = cookies
    environ = factory.get(path, secure=True, **({"HTTP_HX_REQUEST": "true"} if htmx else {})).environ
    answer = []
    with _as_the_test_client_does():
        result = application(environ, lambda status, headers, exc_info=None: answer.append((status, headers)))
        body = b"".join(result)
        result.close()
    status, headers = answer[0]
    return int(status.split()[0]), headers, body.decode()


def through_django(cookies, path, htmx=False):
    client = Client()
    client.cookies = copy.deepcopy(cookies)  # the answer's cookies stay with this client
    return client.get(path, secure=True, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))


def _current_round(html):
    return re.search(r'aria-current="step" class="current"><bdi>([^<]+)</bdi>', html).group(1)


# --- A seat holder gets their own room, and only it --------------------------------------------------------


@pytest.mark.parametrize("kind", ["page", "partial", "after changed"])
def test_each_seat_holder_gets_only_their_own_variant(express, table, kind):
    run, pairs, before = table
    viewers = [
        (pairs["a"][1].user, "a", "SCIENTIST-MARKER-a", "POLICYMAKER-MARKER-a"),
        (pairs["a"][2].user, "a", "POLICYMAKER-MARKER-a", "SCIENTIST-MARKER-a"),
        (pairs["b"][1].user, "b", "SCIENTIST-MARKER-b", "POLICYMAKER-MARKER-b"),
    ]
    for user, key, own_notes, partner_notes in viewers:
        cookies = cookies_of(user)
        if kind == "after changed":
            response = express(cookies, room_path(run, updates=True, v=before, p="1"), htmx=True)
        else:
            response = express(cookies, room_path(run), htmx=kind == "partial")
        assert response is not None and response.status_code == 200
        html = response.content.decode()
        other = "b" if key == "a" else "a"
        assert f"BRIEF-MARKER-{key}" in html and own_notes in html
        assert partner_notes not in html and f"BRIEF-MARKER-{other}" not in html
        assert "<!--hole:" not in html and _current_round(html) == "Round middle"
        token = re.search(r"&amp;t=([^\"&]+)\"", html).group(1)
        assert poll_token_user(unquote(token), run.pk) == user.pk
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html).group(1)
        assert _unmask_cipher_token(csrf) == cookies["csrftoken"].value
        assert ("<html" in html) == (kind == "page")


def test_the_masked_csrf_token_is_what_django_would_accept():
    secret = get_random_string(32, CSRF_ALLOWED_CHARS)
    tokens = {mask_csrf_secret(secret) for _ in range(50)}
    assert len(tokens) == 50  # a fresh mask each time (BREACH)
    assert all(len(t) == 64 and _unmask_cipher_token(t) == secret for t in tokens)


def test_another_users_token_in_the_url_changes_nothing(express, table):
    """The express path reads who asks from the session, never from the URL's token."""
    run, pairs, before = table
    owner, other = pairs["a"][1].user, pairs["b"][1].user
    other_token = poll_token(run.pk, other.pk, Seat.objects.get(run=run, pair__participants__user=other).pk)
    response = express(cookies_of(owner), room_path(run, updates=True, v=before, t=other_token, p="1"), htmx=True)
    html = response.content.decode()
    assert "BRIEF-MARKER-a" in html and "BRIEF-MARKER-b" not in html
    other_run, other_pairs = seated_run(build_scenario({"a": 10, "b": 20}, SCORES, rounds=(("opening", 60, []),)))
    seat = Seat.objects.get(run=other_run, pair__participants__user=other_pairs["a"][1].user)
    other_run_token = poll_token(other_run.pk, owner.pk, seat.pk)  # issued for another run (forged or stale)
    response = express(cookies_of(owner), room_path(run, updates=True, v=before, t=other_run_token), htmx=True)
    html = response.content.decode()
    assert "BRIEF-MARKER-a" in html and "BRIEF-MARKER-b" not in html
    for token in (other_token, other_run_token):
        outsider = express(cookies_of(UserFactory()), room_path(run, updates=True, v=before, t=token), htmx=True)
        assert outsider is None


# --- Everyone else: nothing from the express path; Django answers as before ----------------------------------


def _logged_out(user):
    client = Client()
    client.force_login(user)
    cookies = client.cookies
    client.logout()  # the session is deleted (from the cache too); the browser still sends its cookie
    cookies["csrftoken"] = get_random_string(32, CSRF_ALLOWED_CHARS)
    return cookies


CASES = [
    "not seated",
    "seated at another table",
    "logged out",
    "no session",
    "password changed since",
    "deactivated",
    "became a facilitator",
    "no CSRF cookie",
    "messages waiting",
]


@pytest.mark.parametrize("case", CASES)
def test_everyone_else_gets_nothing_from_the_express_path(express, table, case, django_capture_on_commit_callbacks):
    run, pairs, before = table
    user = pairs["a"][1].user
    cookies = cookies_of(user)
    if case == "not seated":
        cookies = cookies_of(UserFactory())
    elif case == "seated at another table":
        scenario = build_scenario({"a": 10, "b": 20}, SCORES, rounds=(("opening", 60, ["floor"]),))
        _, other_pairs = seated_run(scenario)
        cookies = cookies_of(other_pairs["a"][1].user)
    elif case == "logged out":
        cookies = _logged_out(user)
    elif case == "no session":
        cookies = cookies_of(None)
    elif case == "password changed since":
        user.set_password("a new one, elsewhere")
        user.save()
        remember_viewers([user])  # their entry, rewritten for the new password by a room they loaded elsewhere
    elif case == "deactivated":
        user.is_active = False
        user.save()
    elif case == "became a facilitator":
        user.groups.add(Group.objects.get_or_create(name=RoleGroup.FACILITATOR)[0])
    elif case == "no CSRF cookie":
        del cookies["csrftoken"]
    elif case == "messages waiting":
        cookies["messages"] = "anything"
    for path, htmx in ((room_path(run), False), (room_path(run), True), (room_path(run, True, v=before), True)):
        assert express(cookies, path, htmx) is None
        status, _, body = over_wsgi(cookies, path, htmx)
        assert status == through_django(cookies, path, htmx).status_code
        assert "BRIEF-MARKER" not in body or case in ("no CSRF cookie", "messages waiting", "became a facilitator")
        if case in ("not seated", "seated at another table"):
            assert status == 404
        elif case in ("logged out", "no session", "password changed since", "deactivated"):
            assert status == 302 and "BRIEF-MARKER" not in body


def test_a_due_round_and_an_over_run_are_left_to_the_full_path(express, table, django_capture_on_commit_callbacks):
    run, pairs, before = table
    cookies = cookies_of(pairs["a"][1].user)
    with time_machine.travel(run.ends_at, tick=False):
        assert express(cookies, room_path(run)) is None  # the lazy check ends the round: Django's path
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)
        run.refresh_from_db()
        engine.end_round_now(run)  # finished
    run.refresh_from_db()
    assert run.is_over
    assert express(cookies, room_path(run, True, v=before), htmx=True) is None  # 286 comes from Django
    status, _, _ = over_wsgi(cookies, room_path(run, True, v=before), htmx=True)
    assert status == 286


# --- Never an old round --------------------------------------------------------------------------------------


@pytest.mark.parametrize("state_cached", [True, False])
def test_a_room_fetched_right_after_a_transition_shows_the_new_round(
    express, path_kind, table, django_capture_on_commit_callbacks, state_cached
):
    run, pairs, _ = table
    cookies = cookies_of(pairs["a"][1].user)
    assert _current_round(express(cookies, room_path(run)).content.decode()) == "Round middle"  # memoised here
    stamp = run.room_stamp
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)
    if not state_cached:  # the published state expired: read again from the database
        from django.core.cache import cache  # noqa: PLC0415 (leaf)

        from simulations.room.state import room_state_key  # noqa: PLC0415 (leaf)

        cache.delete(room_state_key(run.pk))
    for response in (
        express(cookies, room_path(run)),
        express(cookies, room_path(run, True, v=stamp, p="1"), htmx=True),
    ):
        if path_kind == "async" and not state_cached and response is None:
            continue  # its worker thread cannot see this test's transaction: a miss, which Django answers
        assert _current_round(response.content.decode()) == "Round last"


# --- Same answer as Django's, but for the renewed CSRF cookie -----------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_the_headers_are_djangos(table, htmx):
    run, pairs, _ = table
    cookies = cookies_of(pairs["a"][1].user)
    status, headers, _ = over_wsgi(cookies, room_path(run), htmx)
    django = through_django(cookies, room_path(run), htmx)
    assert status == django.status_code == 200
    ours = {k: v for k, v in headers if k not in ("Content-Length",)}
    theirs = {k: v for k, v in django.headers.items() if k not in ("Content-Length",)}
    assert "Set-Cookie" not in ours  # served by the express path (Django renews the CSRF cookie)
    theirs.pop("Set-Cookie", None)
    assert ours == theirs


@pytest.mark.parametrize(
    "cookie, accept_language",
    [(None, "fr-FR,fr;q=0.9,en;q=0.5"), ("es", "fr-FR,fr;q=0.9"), (None, "de-DE,de;q=0.9"), ("xx", "ar"), (None, "")],
)
def test_without_a_remembered_choice_the_language_is_djangos(table, cookie, accept_language):
    run, pairs, _ = table
    cookies = cookies_of(pairs["a"][1].user)
    if cookie is not None:
        cookies["django_language"] = cookie
    factory = RequestFactory()
    factory.cookies = cookies
    client = Client()
    client.cookies = copy.deepcopy(cookies)
    # Django answers first, and prepares the room's variant in the language it answers in.
    django = client.get(room_path(run), secure=True, HTTP_ACCEPT_LANGUAGE=accept_language)
    for _ in range(2):  # the second time from the process's memo of (cookie, Accept-Language)
        request = factory.get(room_path(run), secure=True, HTTP_ACCEPT_LANGUAGE=accept_language)
        ours = express_room(request)
        assert ours is not None and ours.status_code == 200
        assert ours.headers["Content-Language"] == django.headers["Content-Language"]


@pytest.mark.parametrize("path_kind", ["async"], indirect=True)
@pytest.mark.parametrize("htmx", [False, True])
def test_the_async_paths_headers_are_djangos(path_kind, table, htmx):
    run, pairs, _ = table
    cookies = cookies_of(pairs["a"][1].user)
    ours = express_over_asgi(cookies, room_path(run), htmx)
    django = through_django(cookies, room_path(run), htmx)
    assert ours is not None and ours.status_code == django.status_code == 200
    assert _comparable(ours.headers) == _comparable(django.headers)
    assert _current_round(ours.content.decode()) == _current_round(django.content.decode())


@pytest.mark.parametrize("path_kind", ["async"], indirect=True)
@pytest.mark.parametrize(
    "headers",
    [
        [(b"host", b"evil.example")],  # not an allowed host: Django answers 400
        [(b"x-forwarded-proto", b"http")],  # not secure while SSL redirects are on
    ],
)
def test_the_async_path_leaves_what_django_refuses(path_kind, table, headers, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    express_async._is_secure.cache_clear()
    express_async._proxy_ssl_header.cache_clear()
    run, pairs, _ = table
    cookies = cookies_of(pairs["a"][1].user)
    assert express_over_asgi(cookies, room_path(run), extra_headers=[(b"x-forwarded-proto", b"https")]) is not None
    if headers[0][0] == b"host":  # the scope's own Host is replaced
        answer = _express_with_host(cookies, room_path(run), headers[0][1])
    else:
        answer = express_over_asgi(cookies, room_path(run), extra_headers=headers)
    assert answer is None
    express_async._is_secure.cache_clear()
    express_async._proxy_ssl_header.cache_clear()


def _comparable(headers):
    """Names lower case, without the length and the renewed cookie; the policy's directives in any order (the
    policy is built from sets)."""
    found = {k.lower(): v for k, v in headers.items() if k.lower() not in ("content-length", "set-cookie")}
    found["content-security-policy"] = sorted(found["content-security-policy"].split("; "))
    return found


def _express_with_host(cookies, path, host):
    scope = {
        "type": "http",
        "method": "GET",
        "scheme": "https",
        "path": path,
        "query_string": b"",
        "headers": [
            (b"host", host),
            (b"x-forwarded-proto", b"https"),
            (b"cookie", "; ".join(f"{k}={m.value}" for k, m in cookies.items()).encode()),
        ],
        "server": ("testserver", 443),
    }
    return async_to_sync(express_async.express_room_async)(scope)
