"""What the integration tests that start a web server against a private Redis share."""

import os

from tests.workers import test_database_url


def share_cache_with_site(settings, redis):
    """Point this process's cache and push channel at ``redis`` and return the environment of a web server on
    the test database and the same Redis, so the test's transitions and the server see one cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.SharedClientRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": "accord",
        }
    }
    settings.ROOM_PUSH_REDIS_URL = redis.url
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis.url,
        "CELERY_BROKER_URL": redis.url,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
