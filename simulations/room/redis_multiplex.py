"""One Redis connection per event loop shared by every request of an async process, commands pipelined on it.

Why not redis.asyncio: each of its commands takes a connection from a pool, runs its retry and observability
wrappers and gives the connection back; at a round start (800 rooms at once, two reads each) that cost more
CPU than the rest of the room (docs/performance.md, "The round-start loads on the push process"). Redis answers the commands of one
connection in the order it received them, so requests can share one connection: each command is written at
once, and its answer is the next one to arrive (a FIFO of futures). Commands written in the same turn of the
event loop leave in one packet. Parsing is hiredis's (a requirement already).

Only what the room's express path needs: plain commands with bytes answers, AUTH and SELECT from the URL,
``redis://`` over TCP. A Redis error answer raises RedisAnswerError; a lost connection, or an answer overdue by
CALL_TIMEOUT_SECONDS, fails every waiting command and the next call reconnects. Callers treat every failure as a
miss.
"""

import asyncio
import collections
from urllib.parse import unquote, urlsplit

import hiredis

CALL_TIMEOUT_SECONDS = 1.0


class RedisAnswerError(Exception):
    pass


class _Protocol(asyncio.Protocol):
    def __init__(self):
        self.reader = hiredis.Reader()
        self.waiting = collections.deque()  # (future, when sent) in the order Redis will answer
        self.outgoing = []
        self.transport = None
        self.lost = False
        self._watching = False

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.reader.feed(data)
        while (reply := self.reader.gets()) is not False:
            future, _ = self.waiting.popleft()
            if future.done():  # cancelled by its caller; the answer is dropped
                continue
            if isinstance(reply, hiredis.ReplyError):
                future.set_exception(RedisAnswerError(str(reply)))
            else:
                future.set_result(reply)

    def connection_lost(self, exc):
        self.lost = True
        while self.waiting:
            future, _ = self.waiting.popleft()
            if not future.done():
                future.set_exception(ConnectionError("Redis connection lost"))

    def send(self, args):
        """The future of the answer to the command ``args``. Commands sent in the same turn of the event loop
        leave in one write."""
        if self.lost:
            raise ConnectionError("Redis connection lost")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.waiting.append((future, loop.time()))
        if not self.outgoing:
            loop.call_soon(self._flush)
        self.outgoing.append(encode_command(args))
        if not self._watching:
            self._watching = True
            loop.call_later(CALL_TIMEOUT_SECONDS, self._watch)
        return future

    def _flush(self):
        data, self.outgoing = b"".join(self.outgoing), []
        if not self.lost:
            self.transport.write(data)

    def _watch(self):
        # One timer per connection instead of one per command: an answer overdue by CALL_TIMEOUT_SECONDS closes
        # the connection, which fails every command waiting on it (callers then miss; the next call reconnects).
        self._watching = False
        if not self.waiting or self.lost:
            return
        loop = asyncio.get_running_loop()
        overdue_at = self.waiting[0][1] + CALL_TIMEOUT_SECONDS
        if loop.time() >= overdue_at:
            self.transport.close()
            return
        self._watching = True
        loop.call_at(overdue_at, self._watch)


def encode_command(args):
    """``args`` (str or bytes) as a RESP array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg.encode() if isinstance(arg, str) else arg
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


def connection_settings(url):
    """(host, port, db, username, password) of a ``redis://`` URL; None for any other kind (then the caller does
    without this client)."""
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        return None
    path = parts.path.strip("/")
    if path and not path.isdigit():
        return None
    db = int(path or 0)
    password = unquote(parts.password) if parts.password else None
    username = unquote(parts.username) if parts.username else None
    return parts.hostname, parts.port or 6379, db, username, password


def _opened(task):
    return not task.cancelled() and task.exception() is None and not task.result().lost


class MultiplexedRedis:
    """``await client.call("MGET", key, ...)``: the answer (bytes, None, int or a list of them)."""

    def __init__(self, url):
        self.settings = connection_settings(url)
        self._protocol = None
        self._connecting = None
        self._loop = None

    async def call(self, *args):
        protocol = self._protocol
        if protocol is None or protocol.lost or self._loop is not asyncio.get_running_loop():
            protocol = await self._connect()
        return await protocol.send(args)

    async def _connect(self):
        # Concurrent callers share one connection attempt; a failed or lost one is replaced by the next caller.
        loop = asyncio.get_running_loop()
        task = self._connecting
        if task is None or self._loop is not loop or (task.done() and not _opened(task)):
            self._loop = loop
            self._connecting = task = loop.create_task(self._open())
        return await asyncio.shield(task)

    async def _open(self):
        host, port, db, username, password = self.settings
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(CALL_TIMEOUT_SECONDS):
            _, protocol = await loop.create_connection(_Protocol, host, port)
            setup = []
            if password is not None:
                setup.append(protocol.send(("AUTH", username, password) if username else ("AUTH", password)))
            if db:
                setup.append(protocol.send(("SELECT", str(db))))
            if setup:
                await asyncio.gather(*setup)
        self._protocol = protocol
        return protocol
