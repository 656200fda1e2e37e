"""config.cache: Django's Redis cache with one shared client per pool, against the real Redis."""

import os
import threading
import uuid

import pytest

from config.cache import SharedClientRedisCache


@pytest.fixture
def redis_cache(redis_server):
    prefix = f"test-cache-{uuid.uuid4().hex[:8]}"
    cache = SharedClientRedisCache(redis_server, {"KEY_PREFIX": prefix})
    yield cache
    client = cache._cache.get_client()
    for key in client.scan_iter(f"{prefix}:*"):  # only this test's keys: clear() would empty the whole database
        client.delete(key)
    cache.close()


def test_values_round_trip_through_one_client(redis_cache):
    redis_cache.set("a", {"x": [1, 2]}, 30)
    redis_cache.set_many({"b": "β", "c": None}, 30)

    assert redis_cache.get("a") == {"x": [1, 2]}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {"a": {"x": [1, 2]}, "b": "β", "c": None}
    assert redis_cache.add("a", "other", 30) is False
    assert redis_cache.delete("a") is True and redis_cache.get("a", "gone") == "gone"
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client("any key") is client  # built once, not per call
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool, one client


def test_threads_share_the_client_without_mixing_answers(redis_cache):
    redis_cache.set_many({f"k{i}": i for i in range(40)}, 30)
    wrong = []

    def read(offset):
        for n in range(200):
            i = (offset + n) % 40
            if redis_cache.get(f"k{i}") != i:
                wrong.append(i)

    threads = [threading.Thread(target=read, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert wrong == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_gets_connections_of_its_own(redis_cache):
    # gunicorn forks its workers; a client made before the fork must not share the parent's sockets.
    redis_cache.set("before-fork", "parent", 30)
    pid = os.fork()
    if pid == 0:  # the child: read and write through the inherited client, then leave without cleanup
        ok = redis_cache.get("before-fork") == "parent"
        redis_cache.set("from-child", "child", 30)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)

    assert os.waitstatus_to_exitcode(status) == 0
    assert redis_cache.get("from-child") == "child"
    assert redis_cache.get("before-fork") == "parent"  # the parent's connection still answers in order
