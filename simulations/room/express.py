"""The round-start path: a seat holder's room served from the cache, before Django's middleware (issue 20).

At a round start every seat loads its room at once (the page, or its partial after the push path said
"changed"), and every one of those rooms is already prepared (simulations.room.html). Through Django's request
cycle a room load still cost 2–3.5 ms of server CPU, most of it the middleware and loading the session and the
user with their roles from the database (docs/performance.md, "The round-start burst"). ``express_room``
answers those two requests from one Redis round trip instead, and checks exactly what the full path checks:

- the session (the cached_db session's cache entry, as SessionStore would read it) is signed in, with one of
  the configured backends, as a user whose *viewer entry* is in the cache: the session hash of the user's
  current password, written for active users only (``remember_viewers``) and deleted when the user is saved,
  deleted or changes groups (simulations.signals), so a changed password, a deactivated account or a new staff
  role is never served from here;
- that user holds a seat at the table at the stamp published after its last change (the table's prepared
  rooms: seat, delegation and role); the variant served is keyed by that seat's delegation and role and by the
  language Django would activate (the session's remembered choice, else the language cookie, else
  Accept-Language), so a room never carries another delegation's or another role's material;
- the round is not due (the lazy check belongs to the full path), the run is not over (the poll's 286), and
  the request is one Django would answer with the room: GET, a valid host, secure when SSL redirects are on,
  a well-formed CSRF cookie (the page's token is masked from it), no messages waiting, no staff role (their
  page has other navigation).

Anything else, and every miss (no viewer entry, a session not in the cache, a variant not prepared, the cache
down), returns None: the request goes through Django as before, which may answer differently (a redirect to
the login page, a 404, a 286) and fills the cache for the next time. So this path can only ever give a person
their own room, which the full path would have given them too; the security tests ask both
(tests/security/test_room_express.py).

The answer carries the headers Django's middleware would set (taken once per process from the middleware
itself: Content-Security-Policy, HSTS, X-Frame-Options and the rest) but no ``Set-Cookie``: Django renews the
year-long CSRF cookie on every page that uses it; the page the person logged in on already did.

Served by config.wsgi (gunicorn) in front of Django; the push process answers the same requests with the same
checks on its event loop (simulations.room.express_async, called by config.asgi), which is where nginx sends
them (docs/nginx.conf).
"""

import functools
import io
import logging
import re
import secrets
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.middleware.security import SecurityMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

from course.domain.languages import SESSION_KEY as LANGUAGE_SESSION_KEY
from course.domain.languages import is_shipped_language
from course.enums import RoleGroup
from course.permissions import is_facilitator, is_reviewer
from simulations.domain.low_data import is_low_data, session_low_data
from simulations.domain.presence import note_presence
from simulations.enums import OVER_STATES
from simulations.room.html import current_prepared_rooms, serve_prepared
from simulations.room.state import read_room_state, room_state_key, stored_room_state

log = logging.getLogger(__name__)

ROOM_PATH = re.compile(r"^/simulations/runs/(\d+)/room/(updates/)?$")
VIEWER_TTL_SECONDS = 15 * 60  # re-read after a quarter of an hour even when nothing deleted it
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
_CHAR_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_CHARS = frozenset(CSRF_ALLOWED_CHARS)
_MASK_BYTE_LIMIT = 256 - 256 % len(CSRF_ALLOWED_CHARS)  # rejection sampling: every mask character equally likely


def viewer_key(user_id):
    return f"simulations:room-viewer:{user_id}"


# --- The viewer entries -----------------------------------------------------------------------------------


def remember_viewers(users):
    """Write the viewer entry of each of ``users`` (User instances with their role flags, as
    course.auth_backends loads them, or ``is_staff_role`` set): active users without a staff role only; the
    others' entries are deleted. Never raises."""
    entries, gone = {}, []
    for user in users:
        if user.is_active and not _has_staff_role(user):
            entries[viewer_key(user.pk)] = user.get_session_auth_hash()
        else:
            gone.append(viewer_key(user.pk))
    try:
        if entries:
            cache.set_many(entries, VIEWER_TTL_SECONDS)
        if gone:
            cache.delete_many(gone)
    except Exception:  # noqa: BLE001 - the cache only ever saves work
        log.warning("Room viewer cache unavailable", exc_info=True)


def remember_seat_holders(run_id, user_ids):
    """Write the viewer entries of the seat holders ``user_ids`` of run ``run_id`` that are not in the cache:
    one cache round trip, and one query when some are missing (after a change's commit; simulations.room.warm).
    Never raises."""
    try:
        found = cache.get_many([viewer_key(u) for u in user_ids])
        missing = [u for u in user_ids if viewer_key(u) not in found]
        if not missing:
            return
        users = {}
        rows = (
            get_user_model()
            .objects.filter(pk__in=missing)
            .values_list("pk", "password", "is_active", "is_superuser", "groups__name")
        )
        for pk, password, is_active, is_superuser, group in rows:
            user = users.get(pk)
            if user is None:
                user = users[pk] = get_user_model()(pk=pk, password=password, is_active=is_active)
                user.is_staff_role = is_superuser
            user.is_staff_role = user.is_staff_role or group in RoleGroup.values
        remember_viewers(users.values())
    except Exception:  # noqa: BLE001 - only ever saves work
        log.warning("Could not remember the seat holders of run %s", run_id, exc_info=True)


def forget_viewers(user_ids):
    """Delete the viewer entries of ``user_ids`` (a user saved, deleted, or their groups changed). A cache
    outage here is logged loudly: the entry then lives until VIEWER_TTL_SECONDS."""
    try:
        cache.delete_many([viewer_key(u) for u in user_ids])
    except Exception:  # noqa: BLE001
        log.error("Room viewer cache unavailable: entries of %s not deleted", list(user_ids), exc_info=True)


def _has_staff_role(user):
    flag = getattr(user, "is_staff_role", None)
    if flag is not None:
        return flag
    # course.rules' predicates (their flags come with the user from course.auth_backends)
    return is_facilitator(user) or is_reviewer(user)


# --- Serving ----------------------------------------------------------------------------------------------


class _ExpressViewer:
    """The viewer as simulations.room.html asks it (see RequestViewer), from what this module checked."""

    def __init__(self, user_id, csrf_secret, low_data):
        self.user_id = user_id
        self._csrf_secret = csrf_secret
        self._low_data = low_data
        self._csrf_token = None

    def csrf_token(self):
        if self._csrf_token is None:
            self._csrf_token = mask_csrf_secret(self._csrf_secret)
        return self._csrf_token

    def messages_waiting(self):
        return False  # checked before: no messages cookie, none in the session

    def roles(self):
        return (False, False)  # viewers with a staff role have no entry

    def low_data(self):
        return self._low_data


def mask_csrf_secret(secret):
    """The CSRF token of ``secret`` as django.middleware.csrf.get_token makes it (a fresh random mask, then the
    secret shifted by it), with the mask drawn from one read of the OS's random source instead of one per
    character."""
    size = len(CSRF_ALLOWED_CHARS)
    mask = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [b % size for b in secrets.token_bytes(48) if b < _MASK_BYTE_LIMIT]
    mask = mask[:CSRF_SECRET_LENGTH]
    chars = CSRF_ALLOWED_CHARS
    return "".join(
        [chars[m] for m in mask] + [chars[(_CHAR_INDEX[s] + m) % size] for s, m in zip(secret, mask, strict=True)]
    )


@functools.cache
def _session_cache_prefix():
    """The cache key prefix of the session engine's cached copy; None when the engine keeps none."""
    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not issubclass(engine, CachedDbSessionStore) or settings.SESSION_CACHE_ALIAS != "default":
        return None
    return engine.cache_key_prefix


class RoomAsk:
    """What the express path reads of a request, from Django's WSGI request (``of_request``) or an ASGI scope
    (simulations.room.express_async): the same checks then apply to both."""

    __slots__ = ("run_id", "updates", "cookies", "secure", "host_allowed", "version", "meta")

    def __init__(self, run_id, updates, cookies, secure, host_allowed, version, meta):
        self.run_id = run_id
        self.updates = updates
        self.cookies = cookies
        self.secure = secure
        self.host_allowed = host_allowed
        self.version = version  # the poll's "v" (the stamp the room holds), only asked for updates
        self.meta = meta  # HTTP_ACCEPT_LANGUAGE, HTTP_SAVE_DATA, HTTP_HX_REQUEST as in request.META

    @classmethod
    def of_request(cls, request, run_id, updates):
        try:
            request.get_host()
            host_allowed = True
        except DisallowedHost:
            host_allowed = False
        version = request.GET.get("v") if updates else None
        return cls(run_id, updates, request.COOKIES, request.is_secure(), host_allowed, version, request.META)


def express_room(request):
    """The room of the signed-in seat holder (see the module's docstring), or None: then Django answers."""
    match = ROOM_PATH.match(request.path_info)
    if match is None or request.method != "GET":
        return None
    try:
        return _express_room(RoomAsk.of_request(request, int(match.group(1)), bool(match.group(2))))
    except Exception:  # noqa: BLE001 - a cache outage or anything unforeseen: the full path answers
        log.warning("Room express path failed; served by Django", exc_info=True)
        return None


def _express_room(ask):
    keys = first_keys(ask)
    if keys is None:
        return None
    found = cache.get_many(keys)  # one round trip for both
    session = found.get(keys[1])
    user_id = session_user(session)
    if user_id is None or not viewer_matches(session, cache.get(viewer_key(user_id))):
        return None
    # The state as published after the table's last change; expired (STATE_TTL_SECONDS), one query reads it.
    state = stored_room_state(found.get(keys[0])) or read_room_state(ask.run_id)
    rooms = current_prepared_rooms(ask.run_id, state) if state is not None else None
    answer = room_answer(ask, session, user_id, rooms) if rooms is not None else None
    if answer is None:
        return None
    html, language, page = answer
    response = HttpResponse(html)
    for name, value in response_headers(ask.secure, language):
        response.headers[name] = value
    note_presence(ask.run_id, user_id, time.time(), room_load=page)
    return response


def first_keys(ask):
    """The cache keys of the run's published state and of the session, when the request itself may be served
    here (see the module's docstring); else None."""
    if settings.SECURE_SSL_REDIRECT and not ask.secure:
        return None
    if settings.CSRF_USE_SESSIONS or MESSAGES_COOKIE in ask.cookies or not ask.host_allowed:
        return None
    prefix = _session_cache_prefix()
    session_key = ask.cookies.get(settings.SESSION_COOKIE_NAME)
    csrf_secret = ask.cookies.get(settings.CSRF_COOKIE_NAME, "")
    if prefix is None or not session_key or len(session_key) < 8:
        return None
    if len(csrf_secret) != CSRF_SECRET_LENGTH or not _CSRF_CHARS.issuperset(csrf_secret):
        return None  # Django would set a new CSRF cookie
    return room_state_key(ask.run_id), prefix + session_key


def session_user(session):
    """The id of the user ``session`` (a session's data, or None) is signed in as with a configured backend,
    when no messages wait in it; else None."""
    if (
        not session
        or "_messages" in session
        or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
    ):
        return None
    try:
        return int(session.get(SESSION_KEY))
    except (TypeError, ValueError):
        return None


def viewer_matches(session, viewer_hash):
    """Whether the session was signed in with the user's current password, as their viewer entry says."""
    return bool(viewer_hash) and constant_time_compare(session.get(HASH_SESSION_KEY) or "", viewer_hash)


def room_answer(ask, session, user_id, rooms):
    """(the room's HTML, its language, whether it is the whole page) for the checked viewer ``user_id`` from the
    table's prepared ``rooms``; None when Django must answer (the poll's 204 or 286, a variant not prepared)."""
    run = rooms.run
    if ask.updates and (run.state in OVER_STATES or ask.version == rooms.stamp):
        return None  # the full path answers 286, or the poll's 204
    language = session.get(LANGUAGE_SESSION_KEY)
    if not (language and is_shipped_language(language)):
        language = _browser_language(ask.cookies.get(settings.LANGUAGE_COOKIE_NAME), ask.meta)
    meta = ask.meta
    low_data = "on" if is_low_data(session_low_data(session), meta.get("HTTP_SAVE_DATA")) else "off"
    viewer = _ExpressViewer(user_id, ask.cookies[settings.CSRF_COOKIE_NAME], low_data)
    page = not ask.updates and meta.get("HTTP_HX_REQUEST") != "true"
    language = translation.to_language(language)  # the code get_language() gives once it is active
    html = serve_prepared(viewer, run, rooms, page, language)
    return (html, language, page) if html is not None else None


def _browser_language(cookie, meta):
    """The language Django would activate for a request without a remembered choice (the language cookie, else
    Accept-Language), worked out once per process for each such pair: a course's browsers send a handful."""
    return _language_of(cookie, meta.get("HTTP_ACCEPT_LANGUAGE", ""))


@functools.lru_cache(maxsize=256)
def _language_of(cookie, accept_language):
    request = HttpRequest()
    if cookie is not None:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    if accept_language:
        request.META["HTTP_ACCEPT_LANGUAGE"] = accept_language
    return translation.get_language_from_request(request)


def warm_up():
    """What every first express answer of a process would otherwise work out (config.wsgi, at a worker's start)."""
    _session_cache_prefix()
    for secure in (True, False):
        _middleware_headers(secure)


@functools.cache
def response_headers(secure, language):
    """What Django's middleware would add to the room (see _middleware_headers), the language's and Vary."""
    response = HttpResponse()
    for name, value in _middleware_headers(secure):
        response.headers[name] = value
    patch_vary_headers(response, ("Cookie", "Accept-Language"))  # the session's, then LocaleMiddleware's
    response.headers["Content-Language"] = language
    return tuple((name, value) for name, value in response.headers.items() if name != "Content-Type")


@functools.cache
def _middleware_headers(secure):
    """The headers SecurityMiddleware, XFrameOptionsMiddleware and django-csp's middleware add to a page
    answered over a ``secure`` connection, taken once per process from the middleware itself so that they
    follow the settings."""
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "SERVER_NAME": "localhost", "SERVER_PORT": "443"}
    request = WSGIRequest({**environ, "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "https" if secure else "http"})
    response = HttpResponse()
    before = set(response.headers)
    for middleware in (CSPMiddleware, XFrameOptionsMiddleware, SecurityMiddleware):  # MIDDLEWARE's reverse order
        response = middleware(HttpResponse).process_response(request, response)
    return tuple((name, value) for name, value in response.headers.items() if name not in before)
