"""The session engine: Django's cached_db (read from the cache, Redis in production, and kept in the database),
tolerant of a cache outage.

Every logged-in page loads the session; from Redis that costs a fraction of a database query (the room at a
round start, docs/performance.md). Django's cached_db would fail the request when the cache is down while it
stores a session read from the database; here the database alone serves until the cache is back, as the
database engine did before. Deleting a session (logging out) still fails while the cache is down, as in
Django: a cached copy left behind would let the session in again once the cache is back.
"""

import logging

from django.contrib.sessions.backends import cached_db, db

log = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except Exception:  # noqa: BLE001 - the cache is down: the database alone
            log.warning("Session cache unavailable; reading the session from the database", exc_info=True)
            return db.SessionStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:  # noqa: BLE001
            return db.SessionStore.exists(self, session_key)
