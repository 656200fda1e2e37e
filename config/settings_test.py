"""Settings for the test suite: the development settings with fast, isolated parts.

Worker subprocesses started by tests use ``config.settings`` with the test database's URL instead.
"""

import os

from .settings import *  # noqa: F403
from .settings import DATABASES, VAR_DIR

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ROOM_PUSH_REDIS_URL = ""  # no Redis in unit tests: rooms poll (tests/integration start a real one)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / f"test-uploads-{os.getpid()}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test session, so that parallel sessions on one machine never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
# Our own rate limits (course/ratelimit.py) count per user id, and ids repeat after each test's rollback:
# off for the suite, switched on by tests/security for the tests of the limits themselves.
RATE_LIMITS_ENABLED = False
