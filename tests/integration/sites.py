"""What the integration tests that start a web server against a private Redis share."""

import os

from simulations.domain.engine import start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
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


def start_seated_table(round_seconds=(60, 60, 60)):
    """A started table of two seated pairs: (run, the first pair's scientist, their delegation, the other's).
    The commit's hook has published the state, prepared the rooms and written the viewer entries."""
    run = make_run(round_seconds=list(round_seconds), name="Table A")
    pair, scientist, _ = make_pair(run.course)
    other_pair, *_ = make_pair(run.course)
    d1, d2 = run.scenario.delegations.all()[:2]
    assign_pair(run, pair, d1)
    assign_pair(run, other_pair, d2)
    return start_run(Run.objects.get(pk=run.pk)), scientist, d1, d2
