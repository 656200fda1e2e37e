"""The round-start path on the push process's event loop: the same checks and the same room as
simulations.room.express, with its cache reads made asynchronously on one multiplexed Redis connection.

At a round start every seat asks for its room at once. In the web workers (gunicorn, sync) each room held a
worker for its two cache round trips and paid gunicorn's parsing in Python; on the push process (uvicorn on
uvloop with httptools) hundreds are in flight at once and cost a third as much CPU (docs/performance.md, "The
round-start loads on the push process"). nginx sends a room's GET here (docs/nginx.conf); whatever this path
cannot answer goes on:

- behind nginx, which marks the request with ``X-Accord-Fallback: <named location>``, as an empty answer with
  ``X-Accel-Redirect`` to that location: nginx then asks the web workers, with the original request;
- elsewhere (``make run``'s single uvicorn, direct requests) to Django in this process (config.asgi).

``express_room_async(scope)`` returns the answer to send, (status, headers, body), or None for "not here".
Rooms the cache does not hold are misses too. The only database read is the run's state once the published one
has expired (one query per run and process at a time, in a worker thread), as the sync path reads it.
"""

import asyncio
import functools
import logging
import re
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.core.exceptions import DisallowedHost
from django.db import close_old_connections
from django.http import HttpRequest, QueryDict
from django.http.cookie import parse_cookie

from simulations.domain.presence import PRESENCE_ENTRY_SECONDS, presence_entries, store_presence_rows, take_presence
from simulations.room.express import (
    ROOM_PATH,
    RoomAsk,
    first_keys,
    response_headers,
    room_answer,
    session_user,
    viewer_key,
    viewer_matches,
)
from simulations.room.html import serving_stamp
from simulations.room.redis_multiplex import MultiplexedRedis
from simulations.room.snapshot import memo_prepared_rooms, remember_prepared_rooms, rooms_cache_key
from simulations.room.state import STATE_TTL_SECONDS, read_room_state_values, room_state_key, stored_room_state

log = logging.getLogger(__name__)

FALLBACK_HEADER = b"x-accord-fallback"
_NAMED_LOCATION = re.compile(rb"^@[A-Za-z0-9_]+$")
_serializer = RedisSerializer()
STATE_BATCH_SECONDS = 0.01  # how long runs whose state expired are gathered into one read
_background = set()  # presence writes in flight (a task must be referenced until it ends)
_fetching = {}  # ("rooms", run id, stamp) → its read in flight
_state_reads = {}  # run id → the future of its state, read with the others asked for in the same turn
_states_in_flight = {}  # the same, for the batch being read


class _CacheReader:
    """The default cache's Redis through one multiplexed connection, with the cache's own key function."""

    def __init__(self, backend, url):
        self.make_key = backend.make_key  # the backend as configured (prefix, version), taken once
        self.redis = MultiplexedRedis(url)

    async def call(self, command, *keys):
        return await self.redis.call(command, *(self.make_key(key) for key in keys))

    async def call_set(self, key, data, seconds, only_new=False):
        """SET with an expiry (``only_new``: NX, as the cache's ``add``), ``data`` as the cache serialises it."""
        data = str(data).encode() if isinstance(data, int) else data
        await self.redis.call("SET", self.make_key(key), data, "EX", str(seconds), *(("NX",) if only_new else ()))


@functools.cache
def _client():
    """The reader of the default cache; None when the cache is not Redis at a redis:// URL (then every room
    goes on to Django)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    location = settings.CACHES["default"]["LOCATION"]
    url = location[0] if isinstance(location, list | tuple) else re.split("[;,]", location)[0]
    reader = _CacheReader(backend, url)
    return reader if reader.redis.settings is not None else None


@functools.cache
def _proxy_ssl_header():
    """(Django's META name, the ASGI header name) of SECURE_PROXY_SSL_HEADER; None when not set."""
    if not settings.SECURE_PROXY_SSL_HEADER:
        return None
    name = settings.SECURE_PROXY_SSL_HEADER[0]
    return name, name.removeprefix("HTTP_").lower().replace("_", "-").encode("latin-1")


def _loads(raw):
    return _serializer.loads(raw) if raw is not None else None


async def express_room_async(scope):
    """(status, headers, body) of the seat holder's room for an ASGI ``scope``, or None (see the docstring)."""
    match = ROOM_PATH.match(scope["path"])
    if match is None or scope["method"] != "GET":
        return None
    client = _client()
    if client is None:
        return None
    try:
        return await _express(client, _ask_of_scope(scope, int(match.group(1)), bool(match.group(2))))
    except Exception:  # noqa: BLE001 - a cache outage or anything unforeseen: the full path answers
        log.warning("Room express path (async) failed; handed on", exc_info=True)
        return None


async def _express(client, ask):
    keys = first_keys(ask)
    if keys is None:
        return None
    raw_state, raw_session = await client.call("MGET", *keys)
    session = _loads(raw_session)
    user_id = session_user(session)
    if user_id is None:
        return None
    if not viewer_matches(session, _loads(await client.call("GET", viewer_key(user_id)))):
        return None
    state = stored_room_state(_loads(raw_state)) or await _read_state(client, ask.run_id)
    stamp = serving_stamp(state)
    if stamp is None:
        return None  # no such run, or the round is due (its lazy end belongs to Django's path)
    rooms = memo_prepared_rooms(ask.run_id, stamp) or await _fetch_rooms(client, ask.run_id, stamp)
    if rooms is None:
        return None
    answer = room_answer(ask, session, user_id, rooms)
    if answer is None:
        return None
    html, language, page = answer
    body = html.encode()
    headers = [*_raw_headers(ask.secure, language), (b"content-length", str(len(body)).encode())]
    _note_presence(client, ask.run_id, user_id, page)
    return 200, headers, body


async def _read_state(client, run_id):
    """The run's state when the published one expired (STATE_TTL_SECONDS after the last change, unless polls
    kept it fresh): read from the database and remembered in the cache unless a published one is there
    meanwhile (SET NX, as read_room_state's ``add``). At a round start many tables ask at once: the runs asked
    for in the same turn of the event loop are read in one query, in a worker thread."""
    waiting = _state_reads.get(run_id) or _states_in_flight.get(run_id)
    if waiting is None:
        waiting = _state_reads[run_id] = asyncio.get_running_loop().create_future()
        if len(_state_reads) == 1:
            asyncio.get_running_loop().call_later(STATE_BATCH_SECONDS, lambda: _background_task(_read_states(client)))
    return await asyncio.shield(waiting)


async def _read_states(client):
    batch = dict(_state_reads)
    _state_reads.clear()  # runs asked for from now on make the next batch
    _states_in_flight.update(batch)
    try:
        values = await _in_thread(read_room_state_values, list(batch))
    except Exception as exc:  # noqa: BLE001 - each waiting room misses (Django answers it)
        values = {}
        log.warning("Room express path (async): states not read", exc_info=exc)
    finally:
        for run_id in batch:
            _states_in_flight.pop(run_id, None)
    for run_id, waiting in batch.items():
        if not waiting.done():
            waiting.set_result(stored_room_state(values.get(run_id)))
    remember = [
        client.call_set(room_state_key(run_id), _serializer.dumps(value), STATE_TTL_SECONDS, only_new=True)
        for run_id, value in values.items()
    ]
    await asyncio.gather(*remember, return_exceptions=True)


async def _fetch_rooms(client, run_id, stamp):
    """The table's prepared rooms from the cache, kept in this process's memo. At a round start a whole table
    asks at once: one read per table and stamp, the others wait for it (each read is every variant's HTML)."""
    return await _single_flight(("rooms", run_id, stamp), lambda: _read_rooms(client, run_id, stamp))


async def _single_flight(key, read):
    """``await read()``, shared by every caller asking for ``key`` while it is in flight."""
    pending = _fetching.get(key)
    if pending is None:
        pending = _fetching[key] = asyncio.ensure_future(read())
        pending.add_done_callback(lambda _: _fetching.pop(key, None))
    return await asyncio.shield(pending)


def _in_thread(function, *args):
    """``function(*args)`` in a worker thread, its database connection handled as a request would."""

    def call():
        close_old_connections()
        try:
            return function(*args)
        finally:
            close_old_connections()

    return sync_to_async(call, thread_sensitive=False)()


async def _read_rooms(client, run_id, stamp):
    rooms = _loads(await client.call("GET", rooms_cache_key(run_id, stamp)))
    if rooms is not None:
        remember_prepared_rooms(run_id, stamp, rooms)
    return rooms


def _ask_of_scope(scope, run_id, updates):
    """The RoomAsk of an ASGI request, read as Django's ASGIRequest reads it."""
    headers = {}
    for name, value in scope.get("headers", ()):
        if name in headers and name == b"cookie":
            headers[name] += b"; " + value
        else:
            headers[name] = value

    def header(name):
        value = headers.get(name)
        return value.decode("latin-1") if value is not None else None

    server = scope.get("server") or ("", 80)
    proxy_ssl = _proxy_ssl_header()
    secure = _is_secure(scope.get("scheme") or "http", header(proxy_ssl[1]) if proxy_ssl else None)
    host_allowed = _host_allowed(header(b"host"), header(b"x-forwarded-host"), str(server[0]), str(server[1]))
    version = None
    if updates:
        version = QueryDict(scope.get("query_string", b"").decode(), encoding=settings.DEFAULT_CHARSET).get("v")
    meta = {"HTTP_ACCEPT_LANGUAGE": header(b"accept-language") or "", "HTTP_SAVE_DATA": header(b"save-data")}
    meta["HTTP_HX_REQUEST"] = header(b"hx-request")
    cookies = parse_cookie(header(b"cookie") or "")
    return RoomAsk(run_id, updates, cookies, secure, host_allowed, version, meta)


@functools.lru_cache(maxsize=64)
def _is_secure(scheme, proxy_ssl_value):
    proxy_ssl = _proxy_ssl_header()
    return _django_request(scheme, {proxy_ssl[0]: proxy_ssl_value} if proxy_ssl else {}).is_secure()


@functools.lru_cache(maxsize=256)
def _host_allowed(host, forwarded_host, server_name, server_port):
    meta = {"HTTP_HOST": host, "HTTP_X_FORWARDED_HOST": forwarded_host}
    request = _django_request("http", {**meta, "SERVER_NAME": server_name, "SERVER_PORT": server_port})
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def _django_request(scheme, meta):
    """A bare HttpRequest with ``meta`` (None values left out), so that Django's own get_host and is_secure
    decide (ALLOWED_HOSTS, USE_X_FORWARDED_HOST, SECURE_PROXY_SSL_HEADER)."""
    request = HttpRequest()
    request.META = {name: value for name, value in meta.items() if value is not None}
    request._get_scheme = lambda: scheme
    return request


@functools.cache
def _raw_headers(secure, language):
    return tuple(
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in (("Content-Type", "text/html; charset=utf-8"), *response_headers(secure, language))
    )


def _background_task(coroutine):
    """Run ``coroutine`` on its own; kept referenced until it ends, a failure logged."""
    task = asyncio.ensure_future(coroutine)
    _background.add(task)
    task.add_done_callback(_background_done)


def _background_done(task):
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("Room express path (async): background work failed", exc_info=task.exception())


def _note_presence(client, run_id, user_id, room_load):
    """As the sync path's note_presence: in this process's batch, written when due (the heartbeat with this
    client, the room loads' rows from a thread)."""
    due = take_presence(run_id, user_id, time.time(), room_load=room_load)
    if due is not None:
        _background_task(_write_presence(client, due))


async def _write_presence(client, due):
    batch, loads = due
    entries = presence_entries(batch).items()
    await asyncio.gather(*(client.call_set(key, _serializer.dumps(t), PRESENCE_ENTRY_SECONDS) for key, t in entries))
    if loads:
        await _in_thread(store_presence_rows, loads)


def fallback_location(scope):
    """The nginx named location to hand a room on to, when nginx marked the request (docs/nginx.conf); else
    None."""
    for name, value in scope.get("headers", ()):
        if name == FALLBACK_HEADER:
            return value if _NAMED_LOCATION.match(value) else None
    return None
