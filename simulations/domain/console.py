"""The facilitator's console: every table of a course on one screen (round, time left, who is present, who
has made its statement or voted), announcements to one table or all, private messages to one delegation,
injects (scheduled news) from the scenario file or added live; and the presence heartbeat rooms send.

Presence. Each poll notes its user as present: the fast "nothing changed" path batches these notes and writes
them to the same cache keys every few seconds (simulations.domain.room_state), the checked path calls
``record_presence``. Room loads are noted the same batched way and also stored as Presence rows in one upsert per
flush. The console takes the later of the two; "present" means seen in the last PRESENT_SECONDS.
"""

import datetime
import logging
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from participants.models import Participant
from simulations.domain.negotiation import bump_activity
from simulations.enums import RunState
from simulations.models import Announcement, Delegation, Inject, Presence, Run, RunRound, Seat, Statement, Vote

log = logging.getLogger(__name__)

PRESENT_SECONDS = 30
MAX_ANNOUNCEMENT = 2000
MAX_INJECT_DELAY_MINUTES = 180


class ConsoleError(Exception):
    """A refused console action; the message says why."""


# --- Presence ---------------------------------------------------------------------------------------------


def _presence_key(run_id, user_id):
    return f"simulations:presence:{run_id}:{user_id}"


def record_presence(run_id, user):
    """Remember that ``user`` has the room of run ``run_id`` open now. Never raises (a cache outage must not
    break the room)."""
    if not user.is_authenticated:
        return
    try:
        cache.set(_presence_key(run_id, user.pk), time.time(), timeout=PRESENT_SECONDS * 10)
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


# --- The console ------------------------------------------------------------------------------------------


@dataclass
class Person:
    participant: Participant
    last_seen: datetime.datetime | None
    present: bool


@dataclass
class DelegationStatus:
    delegation: Delegation
    people: list = field(default_factory=list)
    made_statement: bool = False
    voted: bool = False  # in the current round

    @property
    def present_count(self):
        return sum(1 for p in self.people if p.present)


@dataclass
class TableStatus:
    run: Run
    current_round: RunRound | None
    round_count: int
    delegations: list


def console_for_course(course, *, now=None):
    """[TableStatus] for every run of ``course`` in a constant number of queries (whatever the table count)."""
    now = now or timezone.now()
    runs = list(Run.objects.filter(course=course).select_related("scenario").order_by("name", "pk"))
    run_ids = [r.pk for r in runs]
    rounds = {}
    for rnd in RunRound.objects.filter(run_id__in=run_ids).order_by("number"):
        rounds.setdefault(rnd.run_id, []).append(rnd)
    delegations = {}
    for d in Delegation.objects.filter(scenario_id__in={r.scenario_id for r in runs}).order_by("position", "pk"):
        delegations.setdefault(d.scenario_id, []).append(d)
    people = {}
    seated = (
        Participant.objects.filter(pair__simulation_seats__run_id__in=run_ids)
        .annotate(
            seat_run_id=F("pair__simulation_seats__run_id"),
            seat_delegation_id=F("pair__simulation_seats__delegation_id"),
        )
        .order_by("role")
    )
    for participant in seated:
        people.setdefault((participant.seat_run_id, participant.seat_delegation_id), []).append(participant)
    statements = set(Statement.objects.filter(run_id__in=run_ids).values_list("run_id", "delegation_id"))
    votes = set(Vote.objects.filter(run_id__in=run_ids).values_list("run_id", "round_number", "delegation_id"))
    seen = last_seen((run_id, p.user_id) for (run_id, _), ps in people.items() for p in ps)
    threshold = now - datetime.timedelta(seconds=PRESENT_SECONDS)
    tables = []
    for run in runs:
        run_rounds = rounds.get(run.pk, [])
        statuses = []
        for d in delegations.get(run.scenario_id, []):
            persons = [
                Person(p, seen.get((run.pk, p.user_id)), (seen.get((run.pk, p.user_id)) or threshold) > threshold)
                for p in people.get((run.pk, d.pk), [])
            ]
            statuses.append(
                DelegationStatus(
                    delegation=d,
                    people=persons,
                    made_statement=(run.pk, d.pk) in statements,
                    voted=(run.pk, run.current_round, d.pk) in votes,
                )
            )
        current = next((r for r in run_rounds if r.number == run.current_round), None)
        tables.append(TableStatus(run=run, current_round=current, round_count=len(run_rounds), delegations=statuses))
    return tables


# --- Announcements and private messages -------------------------------------------------------------------


@transaction.atomic
def post_announcement(course, text, *, run=None, delegation=None, actor=None):
    """To every table of ``course`` (run None), to one table, or privately to one delegation of one table."""
    text = (text or "").strip()
    if not text:
        raise ConsoleError("Write the announcement first.")
    if "\x00" in text:  # PostgreSQL cannot store it: a reason, not a 500
        raise ConsoleError("The announcement contains a null character, which cannot be stored. Remove it.")
    if len(text) > MAX_ANNOUNCEMENT:
        raise ConsoleError(f"An announcement is at most {MAX_ANNOUNCEMENT} characters.")
    if run is not None and run.course_id != course.pk:
        raise ConsoleError("This table is not part of the course.")
    if delegation is not None:
        if run is None:
            raise ConsoleError("Choose the table of the delegation you are writing to.")
        if delegation.scenario_id != run.scenario_id:
            raise ConsoleError("This delegation does not sit at that table.")
    announcement = Announcement.objects.create(
        course=course,
        run=run,
        delegation=delegation,
        text=text,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    targets = [run] if run is not None else list(Run.objects.filter(course=course))
    for target in targets:
        bump_activity(target)
    return announcement


# --- Injects ----------------------------------------------------------------------------------------------


def ensure_scenario_injects(run):
    """Copy the scenario file's injects into the run once, and give each a release time once its round has
    started (round start + after_minutes). Cheap when there is nothing to do."""
    specs = run.scenario.injects or []
    if not specs:
        return
    with transaction.atomic():
        if not Inject.objects.filter(run_id=run.pk, from_scenario=True).exists():
            locked = Run.objects.select_for_update().get(pk=run.pk)
            if not Inject.objects.filter(run_id=locked.pk, from_scenario=True).exists():
                Inject.objects.bulk_create(
                    Inject(
                        run=locked,
                        title=str(spec.get("title", "News"))[:200],
                        body=str(spec.get("body", "")),
                        round_key=str(spec.get("round", ""))[:50],
                        after_minutes=float(spec.get("after_minutes") or 0),
                        from_scenario=True,
                    )
                    for spec in specs
                )
        pending = list(Inject.objects.filter(run_id=run.pk, from_scenario=True, release_at__isnull=True))
        if pending:
            started = dict(
                RunRound.objects.filter(run_id=run.pk, started_at__isnull=False).values_list("key", "started_at")
            )
            for inject in pending:
                if inject.round_key in started:
                    inject.release_at = started[inject.round_key] + datetime.timedelta(minutes=inject.after_minutes)
                    inject.save(update_fields=["release_at"])


def visible_injects(run, *, now=None):
    """Released injects, newest first: those whose time has come, those of rounds already over, all at the end."""
    now = now or timezone.now()
    ensure_scenario_injects(run)
    injects = list(Inject.objects.filter(run_id=run.pk).order_by("release_at", "pk"))
    past_keys = set(RunRound.objects.filter(run_id=run.pk, number__lt=run.current_round).values_list("key", flat=True))
    return released_injects(run, injects, past_keys, now)


def released_injects(run, injects, past_round_keys, now):
    """Of a table's ``injects``, those released at ``now``, newest first (see ``visible_injects``)."""
    visible = [
        i
        for i in injects
        if run.is_over
        or (i.release_at is not None and i.release_at <= now)
        or (i.from_scenario and i.round_key in past_round_keys)
    ]
    return sorted(visible, key=lambda i: (i.release_at or now, i.pk), reverse=True)


def seconds_to_next_inject(run, injects, now):
    """Seconds until the next of a running run's ``injects`` is released (None when none is pending)."""
    if run.state != RunState.RUNNING:
        return None
    upcoming = [i.release_at for i in injects if i.release_at is not None and i.release_at > now]
    return (min(upcoming) - now).total_seconds() if upcoming else None


def add_inject(run, title, body="", *, in_minutes=0, actor=None):
    """A facilitator's live inject for one table, released now or in ``in_minutes``."""
    title = (title or "").strip()
    if not title:
        raise ConsoleError("Give the inject a headline.")
    if "\x00" in title + (body or ""):  # PostgreSQL cannot store it: a reason, not a 500
        raise ConsoleError("The inject contains a null character, which cannot be stored. Remove it.")
    if run.is_over:
        raise ConsoleError("The run is over.")
    try:
        minutes = float(in_minutes or 0)
    except (TypeError, ValueError):
        raise ConsoleError("Give the delay in minutes, e.g. 0 or 5.")
    if not 0 <= minutes <= MAX_INJECT_DELAY_MINUTES:
        raise ConsoleError(f"The delay must be between 0 and {MAX_INJECT_DELAY_MINUTES} minutes.")
    with transaction.atomic():
        inject = Inject.objects.create(
            run=run,
            title=title[:200],
            body=(body or "").strip(),
            release_at=timezone.now() + datetime.timedelta(minutes=minutes),
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        bump_activity(run)
    return inject


def seated_user_ids(run):
    return set(Seat.objects.filter(run_id=run.pk).values_list("pair__participants__user_id", flat=True))
