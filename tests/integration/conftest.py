import os

import pytest
from django.db import connection

from bench._servers import RedisServer
from tests import support


@pytest.fixture(autouse=True)
def require_postgres(django_db_blocker):
    """These tests run the production layout: several processes writing to one database at once. SQLite serialises
    writers and answers "database is locked" (a 500) under that load, so they need PostgreSQL, as CI has."""
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor == "postgresql":
        return
    reason = "multi-process tests need PostgreSQL (set DATABASE_URL=postgres://...; CI does)"
    if os.environ.get("REQUIRE_POSTGRES", "").strip() not in ("", "0", "false", "no"):
        pytest.fail(f"REQUIRE_POSTGRES is set but {reason}")
    pytest.skip(reason)


@pytest.fixture
def private_redis():
    """A redis-server of the test's own (these tests restart it, or point several processes at it)."""
    if not RedisServer.available():
        support.require_redis()  # fails under REQUIRE_REDIS, else skips with the reason
        pytest.skip("redis-server is not installed: these tests start a Redis of their own")
    server = RedisServer().start()
    yield server
    server.cleanup()
