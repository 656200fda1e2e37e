"""The push process's multiplexed Redis client (simulations.room.redis_multiplex) against a real, private
redis-server: answers reach the right callers when hundreds share the connection, an error answer fails only
its command, and a lost or stalled connection fails what waits on it and is replaced by the next call."""

import asyncio
import concurrent.futures
import time

import pytest
import redis

from simulations.room.redis_multiplex import CALL_TIMEOUT_SECONDS, MultiplexedRedis, RedisAnswerError

pytestmark = pytest.mark.redis


def run(coroutine):
    # In a thread of its own: a browser test earlier in the session may leave an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_each_caller_gets_its_own_answer(private_redis):
    server = private_redis.url.rsplit("/", 1)[0]
    client = MultiplexedRedis(f"{server}/3")

    async def scenario():
        await asyncio.gather(*(client.call("SET", f"key:{n}", f"value {n}") for n in range(300)))
        return await asyncio.gather(*(client.call("GET", f"key:{n}") for n in reversed(range(300))))

    answers = run(scenario())
    assert answers == [f"value {n}".encode() for n in reversed(range(300))]
    # SELECT from the URL: the keys are in database 3, not 0
    assert redis.Redis.from_url(f"{server}/3").get("key:7") == b"value 7"
    assert redis.Redis.from_url(f"{server}/0").get("key:7") is None


def test_an_error_answer_fails_only_its_command(private_redis):
    client = MultiplexedRedis(private_redis.url)

    async def scenario():
        await client.call("SET", "text", "not a number")
        results = await asyncio.gather(
            client.call("GET", "text"), client.call("INCR", "text"), client.call("GET", "text"), return_exceptions=True
        )
        return results, await client.call("MGET", "text", "missing")

    (first, failed, last), mget = run(scenario())
    assert first == last == b"not a number" and isinstance(failed, RedisAnswerError)
    assert mget == [b"not a number", None]


def test_a_restarted_redis_fails_the_call_then_the_next_one_reconnects(private_redis):
    client = MultiplexedRedis(private_redis.url)

    async def scenario():
        await client.call("SET", "k", "before")
        private_redis.restart(down_seconds=0.2)  # a new server process on the same port
        outcomes = []
        for _ in range(3):
            try:
                outcomes.append(await client.call("GET", "k"))
            except (ConnectionError, OSError) as exc:
                outcomes.append(type(exc))
        return outcomes

    outcomes = run(scenario())
    assert isinstance(outcomes[0], type) and issubclass(outcomes[0], ConnectionError | OSError)  # the old one
    assert outcomes[-1] in (b"before", None)  # answered by the new server (whatever it kept)


def test_a_stalled_connection_is_given_up_after_the_timeout(private_redis):
    client = MultiplexedRedis(private_redis.url)
    other = redis.Redis.from_url(private_redis.url)

    async def scenario():
        await client.call("SET", "k", "v")
        other.execute_command("CLIENT", "PAUSE", int((CALL_TIMEOUT_SECONDS + 1.5) * 1000), "ALL")
        started = time.monotonic()
        with pytest.raises(ConnectionError):
            await client.call("GET", "k")
        waited = time.monotonic() - started
        other.execute_command("CLIENT", "UNPAUSE")
        return waited, await client.call("GET", "k")

    waited, after = run(scenario())
    assert CALL_TIMEOUT_SECONDS <= waited < CALL_TIMEOUT_SECONDS + 1.0
    assert after == b"v"


def test_only_plain_redis_urls_are_taken():
    assert MultiplexedRedis("rediss://cache.example.org:6380/0").settings is None
    assert MultiplexedRedis("unix:///run/redis.sock").settings is None
    assert MultiplexedRedis("redis://127.0.0.1:6379/0/3").settings is None
    assert MultiplexedRedis("redis://:s3cret@127.0.0.1:6390/2").settings == ("127.0.0.1", 6390, 2, None, "s3cret")
