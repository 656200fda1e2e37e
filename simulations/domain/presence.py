"""Who has a table's room open: the console's "present" means seen in the last PRESENT_SECONDS.

Each poll notes its user as present: the fast "nothing changed" path (simulations.room.state) notes it here,
batched per process and written to the cache every PRESENCE_FLUSH_SECONDS in one round trip; the checked path
calls ``record_presence`` (one cache write). Room loads are noted the same batched way and also stored as
Presence rows in one upsert per flush. The console takes the later of the two (``last_seen``).
"""

import datetime
import logging
import threading
import time

from django.core.cache import cache

from simulations.models import Presence

log = logging.getLogger(__name__)

PRESENT_SECONDS = 30
PRESENCE_FLUSH_SECONDS = 2  # the console's "present" is "seen in the last 30 s"
PRESENCE_ENTRY_SECONDS = PRESENT_SECONDS * 10

# Per process, shared by its threads: the presence seen since the last flush, (run id, user id) → time, the
# room loads among them, and when they were last flushed.
_presence = {"pending": {}, "loads": {}, "flushed_at": 0.0}
_presence_lock = threading.Lock()


def _presence_key(run_id, user_id):
    return f"simulations:presence:{run_id}:{user_id}"


def record_presence(run_id, user):
    """Remember that ``user`` has the room of run ``run_id`` open now. Never raises (a cache outage must not
    break the room)."""
    if not user.is_authenticated:
        return
    try:
        cache.set(_presence_key(run_id, user.pk), time.time(), timeout=PRESENCE_ENTRY_SECONDS)
    except Exception:  # noqa: BLE001 - presence is best effort
        log.warning("Presence cache unavailable", exc_info=True)


def store_presence_rows(seen):
    """Store {(run id, user id): unix time} as Presence rows, in one upsert. Never raises."""
    rows = [
        Presence(run_id=run_id, user_id=user_id, last_seen=datetime.datetime.fromtimestamp(t, tz=datetime.UTC))
        for (run_id, user_id), t in seen.items()
    ]
    try:
        Presence.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["run", "user"], update_fields=["last_seen"]
        )
    except Exception:  # noqa: BLE001 - e.g. a run deleted meanwhile: presence is best effort
        log.warning("Could not store presence", exc_info=True)


def last_seen(run_user_pairs):
    """{(run_id, user_id): datetime} from the cache heartbeat and the stored rows, the later of the two."""
    pairs = list(run_user_pairs)
    seen = {}
    if not pairs:
        return seen
    run_ids = {run_id for run_id, _ in pairs}
    for row in Presence.objects.filter(run_id__in=run_ids).values_list("run_id", "user_id", "last_seen"):
        seen[(row[0], row[1])] = row[2]
    try:
        cached = cache.get_many([_presence_key(r, u) for r, u in pairs])
    except Exception:  # noqa: BLE001
        cached = {}
    for run_id, user_id in pairs:
        stamp = cached.get(_presence_key(run_id, user_id))
        if stamp:
            instant = datetime.datetime.fromtimestamp(stamp, tz=datetime.UTC)
            if (run_id, user_id) not in seen or seen[(run_id, user_id)] < instant:
                seen[(run_id, user_id)] = instant
    return seen


def note_presence(run_id, user_id, now, *, room_load=False):
    """Note the user as present; every PRESENCE_FLUSH_SECONDS write all noted users in one round trip (and
    the Presence rows of the rooms loaded since, in one upsert)."""
    due = take_presence(run_id, user_id, now, room_load=room_load)
    if due is not None:
        flush_presence(due)


def take_presence(run_id, user_id, now, *, room_load=False):
    """Note the user as present in this process's batch; the batch to write when PRESENCE_FLUSH_SECONDS have
    passed since the last one (the caller hands it to ``flush_presence``), else None. No I/O: an async caller
    writes the batch from a thread."""
    with _presence_lock:
        _presence["pending"][(run_id, user_id)] = now
        if room_load:
            _presence["loads"][(run_id, user_id)] = now
        if now - _presence["flushed_at"] < PRESENCE_FLUSH_SECONDS:
            return None
        due = _presence["pending"], _presence["loads"]
        _presence.update(pending={}, loads={}, flushed_at=now)
    return due


def flush_presence(due):
    """Write a batch ``take_presence`` returned: the cache heartbeat in one round trip, the room loads' rows in
    one upsert."""
    batch, loads = due
    cache.set_many(presence_entries(batch), timeout=PRESENCE_ENTRY_SECONDS)
    if loads:
        store_presence_rows(loads)


def presence_entries(batch):
    """{cache key: unix time} of a batch's heartbeat, to keep PRESENCE_ENTRY_SECONDS (an async caller writes
    them with its own client)."""
    return {_presence_key(r, u): t for (r, u), t in batch.items()}


def note_room_load(run_id, user_id):
    """The room page was loaded: the console's "present", batched like the polls' (one cache write and one
    upsert per process every PRESENCE_FLUSH_SECONDS, not a write per page at a round start). Never raises."""
    try:
        note_presence(run_id, user_id, time.time(), room_load=True)
    except Exception:  # noqa: BLE001 - presence is best effort
        log.warning("Could not note presence", exc_info=True)


def forget_presence():
    """Empty this process's presence batch and throttle (tests)."""
    with _presence_lock:
        _presence.update(pending={}, loads={}, flushed_at=0.0)
