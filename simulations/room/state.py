"""The room's cheap "nothing changed" poll: a signed poll token and a tiny per-run state in the cache.

The room polls every second. Loading the session, the user and the run's stamp for each poll cost ~7 ms of
server CPU (docs/performance.md), so the poll URL carries a signed token issued with the page (run, user,
seat) and the stamp the page shows, and the cache (Redis in production) holds each run's
``(stamp, state, ends_at)``. When the token is valid for the URL's run, the stamp is the cached one, the run
is not over and its round is not due, the poll answers 204 without touching the database or the session.
Every other case (no or bad token, cache miss or outage, changed stamp, due round, run over) goes the slow,
fully checked way, so the token can only ever tell its holder "nothing changed".

The cached state is published after the commit of every change of ``version`` (the engine's compare-and-set)
or ``activity_version`` (``bump_activity``), and expires after STATE_TTL_SECONDS, so a lost or reordered
write cannot keep a room stale longer than that; states older than REFRESH_AFTER_SECONDS are re-read from the
database (one query) by one poll at a time, so a room in use never sees its state expire. Each process keeps
a snapshot of the states of the runs polled there, read again in one round trip when older than
LOCAL_MEMO_SECONDS (a change reaches an open room at most that much later), and writes the presence it saw in
one batch every few seconds (simulations.domain.presence): most "nothing changed" answers need no network round trip at all.
"""

import functools
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from simulations.domain.presence import forget_presence, note_presence
from simulations.enums import OVER_STATES, RunState
from simulations.models import Run

log = logging.getLogger(__name__)

TOKEN_SALT = "simulations.room-poll"
TOKEN_MAX_AGE_SECONDS = 12 * 3600  # a course day: a room left open overnight falls back to the slow path
TOKEN_REUSE_SECONDS = 300
STATE_TTL_SECONDS = 5
# States older than this are re-read from the database by one poll in the whole deployment at a time (one
# query for all of them), so the cache of a room in use never expires into a burst of fully checked polls.
REFRESH_AFTER_SECONDS = 3
LOCAL_MEMO_SECONDS = 0.5
MEMO_KEEP_SECONDS = 10  # a run nobody polled in this process for this long leaves its memo

# Per process, shared by its threads: a snapshot {run id: value} of every run polled here lately, read in one
# round trip, and when; when each run was last polled here.
_memo = {"values": {}, "read_at": 0.0}
_polled = {}
_tokens = {}  # {(key, run, user, seat): (token, signed at)}


def _state_key(run_id):
    return f"simulations:room-state:{run_id}"


room_state_key = _state_key  # for a caller that reads the state in one round trip with other keys


# --- The token --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _signer(secret_key, fallbacks):
    return signing.TimestampSigner(key=secret_key, fallback_keys=list(fallbacks), salt=TOKEN_SALT)


def _token_signer():
    # Built once per key: deriving the signer's key on every poll is measurable at hundreds of polls a second.
    return _signer(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


def poll_token(run_id, user_id, seat_id):
    """A signed, timestamped token for the room poll of ``user_id`` seated at ``seat_id`` in ``run_id``: the one
    this process signed for them in the last TOKEN_REUSE_SECONDS, if any (signing one for every room load was a
    tenth of a prepared room's CPU; a token at most that much older expires that much sooner)."""
    key = (settings.SECRET_KEY, run_id, user_id, seat_id)
    now = time.time()
    found = _tokens.get(key)
    if found is not None and 0 <= now - found[1] < TOKEN_REUSE_SECONDS:
        return found[0]
    if len(_tokens) > 20_000:  # bounded: a course's seats, several times over
        _tokens.clear()
    token = _token_signer().sign_object([run_id, user_id, seat_id])
    _tokens[key] = (token, now)
    return token


def poll_token_user(token, run_id):
    """The user id the token was issued to for ``run_id``; None when it is missing, bad, expired or for
    another run."""
    if not token:
        return None
    try:
        token_run, user_id, _seat = _token_signer().unsign_object(token, max_age=TOKEN_MAX_AGE_SECONDS)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if token_run != run_id or not isinstance(user_id, int):
        return None
    return user_id


# --- The cached state -------------------------------------------------------------------------------------


def _value(version, activity_version, state, ends_at):
    stamp = f"{version}.{activity_version}"
    return (stamp, str(state), ends_at.timestamp() if ends_at else None, time.time())


def remember_room_state(run_id, version, activity_version, state, ends_at):
    """Store the state just read from the database unless a published one is already there (``add``: a poll's
    read must never overwrite a newer state published by a commit). Never raises."""
    _add_state(run_id, _value(version, activity_version, state, ends_at))


def _add_state(run_id, value):
    try:
        cache.add(_state_key(run_id), value, STATE_TTL_SECONDS)
    except Exception:  # noqa: BLE001 - the cache only ever saves work
        log.warning("Room state cache unavailable", exc_info=True)


def publish_room_states(run_ids):
    """Read the runs' stamp, state and round end and put them in the cache (one query, one round trip);
    return {run id: what was stored} (runs that do not exist are left out and removed). Never raises."""
    return _store_states(run_ids, read_room_state_values(run_ids))


def publish_run_state(run):
    """publish_room_states for a run just read from the database (no query). Never raises."""
    return _store_states([run.pk], {run.pk: _value(run.version, run.activity_version, run.state, run.ends_at)})


def _store_states(run_ids, values):
    _memo["read_at"] = 0.0  # this process re-reads its snapshot on the next poll
    try:
        if values:
            cache.set_many({_state_key(r): v for r, v in values.items()}, STATE_TTL_SECONDS)
        gone = [_state_key(r) for r in run_ids if r not in values]
        if gone:
            cache.delete_many(gone)
    except Exception:  # noqa: BLE001
        log.warning("Room state cache unavailable", exc_info=True)
    return values


def current_room_state(run_id):
    """The run's (stamp, state, ends_at as a Unix time) as last published, read from the cache itself (not this
    process's memo, which may be half a second old); None when it is not there or the cache is down."""
    try:
        value = cache.get(_state_key(run_id))
    except Exception:  # noqa: BLE001
        log.warning("Room state cache unavailable", exc_info=True)
        return None
    return stored_room_state(value)


def stored_room_state(value):
    """(stamp, state, ends_at) of a value read from the cache under ``room_state_key``; None for a miss."""
    return value[:3] if value else None


def read_room_state(run_id):
    """The run's (stamp, state, ends_at) read from the database (one query) and remembered in the cache unless a
    published one is there meanwhile (``add``); None when there is no such run."""
    value = read_room_state_values([run_id]).get(run_id)
    if value is None:
        return None
    _add_state(run_id, value)
    return value[:3]


def read_room_state_values(run_ids):
    """{run id: the value to keep under ``room_state_key``} for the runs that exist among ``run_ids``, as the
    database has them now (one query; no cache: the caller stores them)."""
    fields = ("pk", "version", "activity_version", "state", "ends_at")
    return {row[0]: _value(*row[1:]) for row in Run.objects.filter(pk__in=run_ids).values_list(*fields)}


def publish_room_state(run_id):
    """publish_room_states for one run: what was stored, or None."""
    return publish_room_states([run_id]).get(run_id)


def forget_local_state():
    """Empty this process's memo and presence throttle (tests)."""
    _memo.update(values={}, read_at=0.0)
    _polled.clear()
    _tokens.clear()
    forget_presence()


def _cached_state(run_id, now):
    """The run's cached (stamp, state, ends_at, published at), or None.

    From this process's snapshot when it is fresh; else the snapshot of every run polled here lately is read
    again in one round trip, and states about to expire are re-read from the database by one poll at a time.
    """
    if len(_polled) > 10_000:  # bounded: runs of past days are dropped wholesale
        _polled.clear()
    _polled[run_id] = now
    values, read_at = _memo["values"], _memo["read_at"]
    if now - read_at < LOCAL_MEMO_SECONDS and run_id in values:
        return values[run_id]
    wanted = [r for r, polled_at in list(_polled.items()) if now - polled_at < MEMO_KEEP_SECONDS]
    found = cache.get_many([_state_key(r) for r in wanted])
    values = {r: found[_state_key(r)] for r in wanted if _state_key(r) in found}
    aged = [r for r, v in values.items() if now - v[3] > REFRESH_AFTER_SECONDS]
    if aged and cache.add("simulations:room-state:refreshing", 1, 1):
        values.update(publish_room_states(aged))
    _memo.update(values=values, read_at=now)
    return values.get(run_id)


def nothing_changed(run_id, user_id, stamp, *, signed_in=None, fresh=False):
    """True when the cached state says the client showing ``stamp`` has nothing to re-render and no round is
    due; then notes the user's presence (written within PRESENCE_FLUSH_SECONDS by this process) if
    ``signed_in()`` confirms the request is authenticated as that user: a token alone (a copied URL, a
    logged-out tab) answers 204 but never marks anyone present. False means "ask the database" (including a
    cache miss or outage)."""
    if not stamp:
        return False
    now = time.time()
    try:
        cached = cache.get(_state_key(run_id)) if fresh else _cached_state(run_id, now)
        if not cached:
            return False
        cached_stamp, state, ends_at, _published_at = cached
        if cached_stamp != stamp or state in OVER_STATES:
            return False
        if state == RunState.RUNNING and ends_at is not None and ends_at <= now:
            return False  # due: the slow path's lazy check ends the round
        if signed_in is not None and signed_in():
            note_presence(run_id, user_id, now)
    except Exception:  # noqa: BLE001
        log.warning("Room state cache unavailable", exc_info=True)
        return False
    return True
