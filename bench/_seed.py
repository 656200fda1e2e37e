"""Bulk seeding for benchmarks: a course, N tables of a real scenario, pairs seated in them, and logged-in
session cookies made directly with the session store (no login form: setup must take seconds)."""

import datetime
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.cached_db import SessionStore as CachedSessionStore
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.utils import timezone
from django.utils.crypto import get_random_string

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILE = ROOT / "fixtures" / "scenarios" / "sesame-synchrotron.yaml"
MODEL_BACKEND = "course.auth_backends.ModelBackend"


def make_course(slug="bench"):
    from course.models import Course

    now = timezone.now()
    return Course.objects.create(
        title="Course on Science Diplomacy (benchmark)",
        slug=slug,
        edition_number=99,
        starts_on=now.date(),
        ends_on=now.date() + datetime.timedelta(days=4),
        opens_at=now - datetime.timedelta(days=60),
        deadline=now - datetime.timedelta(days=30),
    )


def load_scenario(path=SCENARIO_FILE):
    from simulations.domain.scenarios import load_scenario_file

    return load_scenario_file(path)


def seat_course(course, scenario, tables, participants_per_table, round_seconds=None, prefix="Table"):
    """Create ``tables`` draft runs with ``participants_per_table / 2`` pairs each, spread over the scenario's
    delegations (several pairs per delegation when there are more pairs than delegations).

    Returns (runs, [(user, run)]). Users, pairs, participants and seats are bulk-inserted.
    """
    from participants.enums import MemberRole
    from participants.models import Pair, Participant
    from simulations.domain.runs import adjust_round_plan, create_run
    from simulations.models import Delegation, Seat

    User = get_user_model()
    password = make_password("accord-bench")  # one hash shared by every bench user: fast
    pairs_per_table = participants_per_table // 2
    delegations = list(Delegation.objects.filter(scenario=scenario).order_by("position"))
    runs = []
    for t in range(tables):
        run = create_run(scenario, course, f"{prefix} {t + 1:03d}", room=f"Room {t % 5 + 1}")
        if round_seconds is not None:
            rounds = list(run.rounds.order_by("number"))
            plan = [
                {"key": r.key, "title": r.title, "seconds": s, "actions": r.actions, "instructions": r.instructions}
                for r, s in zip(rounds, round_seconds, strict=False)
            ]
            adjust_round_plan(run, plan)
        runs.append(run)
    total_pairs = tables * pairs_per_table
    tag = get_random_string(6).lower()
    users = User.objects.bulk_create(
        User(
            username=f"bench-{tag}-{n}@example.org",
            email=f"bench-{tag}-{n}@example.org",
            first_name=f"Delegate{n}",
            last_name="Bench",
            password=password,
        )
        for n in range(total_pairs * 2)
    )
    pairs = Pair.objects.bulk_create(Pair(course=course) for _ in range(total_pairs))
    Participant.objects.bulk_create(
        Participant(
            pair=pair,
            user=users[2 * i + k],
            role=role,
            full_name=f"Delegate {2 * i + k} Bench",
            country="IT",
        )
        for i, pair in enumerate(pairs)
        for k, role in enumerate((MemberRole.SCIENTIST, MemberRole.POLICYMAKER))
    )
    Seat.objects.bulk_create(
        Seat(
            run=runs[i // pairs_per_table], pair=pair, delegation=delegations[(i % pairs_per_table) % len(delegations)]
        )
        for i, pair in enumerate(pairs)
    )
    seated = [(users[2 * i + k], runs[i // pairs_per_table]) for i in range(total_pairs) for k in range(2)]
    return runs, seated


def login_sessions(users):
    """One session per user, as django.contrib.auth.login would write it. Returns the session keys.

    Sessions are bulk-inserted into the database and, for the cached_db engines (course.sessions), put in the
    cache in one round trip as a login leaves them; any other SESSION_ENGINE is written one by one.
    """
    engine = import_module(settings.SESSION_ENGINE)
    if not issubclass(engine.SessionStore, SessionStore):
        keys = []
        for user in users:
            s = engine.SessionStore()
            s.update(_session_data(user))
            s.create()
            keys.append(s.session_key)
        return keys
    store = engine.SessionStore()
    expire = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys, rows, cached = [], [], {}
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = _session_data(user)
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        if isinstance(store, CachedSessionStore):
            cached[store.cache_key_prefix + key] = data
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=500)
    if cached:
        caches[settings.SESSION_CACHE_ALIAS].set_many(cached, settings.SESSION_COOKIE_AGE)
    return keys


def _session_data(user):
    return {
        "_auth_user_id": str(user.pk),
        "_auth_user_backend": MODEL_BACKEND,
        "_auth_user_hash": user.get_session_auth_hash(),
    }
