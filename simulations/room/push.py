"""The room's push path: "your table changed", sent as a server-sent event, so that an open room needs no
poll every second.

- ``announce_change(run_id)``: after the commit of every change of a run's stamp (simulations.room.warm), one
  Redis PUBLISH on the run's channel. Never raises: the poll (simulations.room.state) is the fallback.
- ``stream_app``: a plain ASGI application (served by uvicorn through config.asgi, no Django request cycle per
  event) for ``/simulations/runs/<id>/room/stream/?t=<poll token>``. It opens only for the seat's owner: the
  room's signed poll token (run, user, seat; simulations.room.state) must be valid for the URL's run *and* the
  request's session must be signed in as the token's user; anything else is a bare 404. Each process keeps one
  Redis connection subscribed to every run's channel and fans the message out to its streams.

What a stream carries is the message ``changed``, never the stamp or anything of the table: the
room then fetches its content the usual, fully checked way (the poll URL). When Redis goes away the process
closes every stream, so that clients fall back to polling and, on reconnecting, fetch the current state at
once (static/js/room-push.js). The stream ends after STREAM_MAX_SECONDS so that a revoked session or an expired
token never keeps a stream open.
"""

import asyncio
import logging
import re
import time
from http.cookies import SimpleCookie
from importlib import import_module
from urllib.parse import parse_qs

import redis
import redis.asyncio as aioredis
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from simulations.domain.presence import note_presence
from simulations.room.state import poll_token_user

log = logging.getLogger(__name__)

STREAM_PATH = re.compile(r"^/simulations/runs/(\d+)/room/stream/$")
# A comment line this often, so that proxies keep the connection and a dead one is noticed; each also notes the
# seat's presence for the console ("present": seen in the last PRESENT_SECONDS), as a poll does.
KEEPALIVE_SECONDS = 10
STREAM_MAX_SECONDS = 15 * 60
RETRY_MS = 2000  # the browser's reconnection delay (EventSource "retry:")
REDIS_RETRY_SECONDS = 1.0


def _channel_prefix():
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:room-changed:"


# --- Publishing (web and worker processes, sync) ---------------------------------------------------------

_publisher = {}


def announce_change(run_id):
    """Tell every open stream of ``run_id`` that its table changed. Never raises."""
    url = settings.ROOM_PUSH_REDIS_URL
    if not url:
        return
    try:
        client = _publisher.get(url)
        if client is None:
            client = _publisher.setdefault(url, redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1))
        client.publish(f"{_channel_prefix()}{run_id}", b"")
    except Exception:  # noqa: BLE001 - the poll is the fallback
        log.warning("Room push: publish failed", exc_info=True)


# --- Listening (the push process, async) -----------------------------------------------------------------


class Hub:
    """One subscription per process to every run's channel; {run id: set of queues} of the open streams."""

    def __init__(self):
        self.streams = {}
        self.task = None
        self.connected = asyncio.Event()

    def ensure_started(self):
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._listen())

    def add(self, run_id):
        queue = asyncio.Queue(maxsize=1)  # one pending "changed" is as good as many
        self.streams.setdefault(run_id, set()).add(queue)
        return queue

    def remove(self, run_id, queue):
        queues = self.streams.get(run_id)
        if queues is not None:
            queues.discard(queue)
            if not queues:
                del self.streams[run_id]

    def _deliver(self, run_id, message):
        for queue in list(self.streams.get(run_id, ())):
            if queue.empty():
                queue.put_nowait(message)

    def _close_all(self):
        for run_id in list(self.streams):
            self._deliver(run_id, None)  # None: end the stream (the client reconnects and catches up)

    async def _listen(self):
        prefix = _channel_prefix()
        while True:
            client = aioredis.Redis.from_url(settings.ROOM_PUSH_REDIS_URL)
            try:
                pubsub = client.pubsub()
                await pubsub.psubscribe(f"{prefix}*")
                self.connected.set()
                async for message in pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    channel = message["channel"].decode()
                    run_id = channel[len(prefix) :]
                    if run_id.isdigit():
                        self._deliver(int(run_id), "changed")
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis restarted or unreachable: streams close, clients poll
                log.warning("Room push: Redis subscription lost", exc_info=True)
            finally:
                self.connected.clear()
                self._close_all()
                try:
                    await client.aclose()
                except Exception:  # noqa: BLE001
                    pass
            await asyncio.sleep(REDIS_RETRY_SECONDS)


_hub = Hub()


def _session_user_id(session_key):
    if not session_key:
        return ""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    return str(store.get(SESSION_KEY, ""))


def _cookie(scope, name):
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            morsel = SimpleCookie(value.decode("latin-1")).get(name)
            if morsel is not None:
                return morsel.value
    return None


async def stream_owner(scope):
    """(run id, user id) when the request may open the stream, else None."""
    match = STREAM_PATH.match(scope["path"])
    if match is None:
        return None
    run_id = int(match.group(1))
    token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("t", [""])[0]
    user_id = poll_token_user(token, run_id)
    if user_id is None:
        return None
    session_user = await sync_to_async(_session_user_id, thread_sensitive=False)(
        _cookie(scope, settings.SESSION_COOKIE_NAME)
    )
    if session_user != str(user_id):
        return None
    return run_id, user_id


async def _refuse(send, status=404):
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


async def stream_app(scope, receive, send):
    """The ASGI application of the room's stream (see the module's docstring)."""
    if scope["type"] != "http" or scope["method"] != "GET" or not settings.ROOM_PUSH_REDIS_URL:
        await _refuse(send)
        return
    owner = await stream_owner(scope)
    if owner is None:
        await _refuse(send)
        return
    run_id, user_id = owner
    _hub.ensure_started()
    try:
        await asyncio.wait_for(_hub.connected.wait(), timeout=2)
    except TimeoutError:
        await _refuse(send, 503)  # Redis is down: the client polls
        return
    queue = _hub.add(run_id)
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"text/event-stream"),
                (b"cache-control", b"no-store"),
                (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once
            ],
        }
    )
    disconnected = asyncio.get_running_loop().create_task(_wait_disconnect(receive))
    try:
        await send({"type": "http.response.body", "body": f"retry: {RETRY_MS}\n\n".encode(), "more_body": True})
        await _note_presence(run_id, user_id)
        deadline = asyncio.get_running_loop().time() + STREAM_MAX_SECONDS
        while not disconnected.done():
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                break
            getter = asyncio.ensure_future(queue.get())
            done, _ = await asyncio.wait(
                {getter, disconnected}, timeout=min(KEEPALIVE_SECONDS, left), return_when=asyncio.FIRST_COMPLETED
            )
            if getter not in done:
                getter.cancel()
                if not disconnected.done():
                    await send({"type": "http.response.body", "body": b":\n\n", "more_body": True})
                    await _note_presence(run_id, user_id)
                continue
            message = getter.result()
            if message is None:
                break
            await send({"type": "http.response.body", "body": b"data: changed\n\n", "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    except OSError:
        pass  # the client went away
    finally:
        disconnected.cancel()
        _hub.remove(run_id, queue)


async def _note_presence(run_id, user_id):
    try:
        await sync_to_async(note_presence, thread_sensitive=False)(run_id, user_id, time.time())
    except Exception:  # noqa: BLE001 - presence is best effort
        log.warning("Room push: presence not noted", exc_info=True)


async def _wait_disconnect(receive):
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
