"""One read of a table's state per change, shared by every room at that table.

Everything a room shows changes only when the run's stamp ("<version>.<activity_version>") moves: the engine
bumps ``version`` on every transition and every negotiation action, seating change, announcement and inject
bumps ``activity_version`` in the same transaction as its write. So the rows a room is built from are read
once per (run, stamp) into a ``TableSnapshot``, kept in the cache (Redis in production, shared by every web
process) and in a small per-process memo, and every room at the table is built from it in memory. At a round
start, 20 rooms at a table cost one read of the table instead of twenty (docs/performance.md).

The snapshot holds every delegation's material (briefs, points, caucus, votes, private messages) because one
read serves all of them; it never leaves the server. What a room shows of it is chosen by
``simulations.room.seat`` and ``simulations.room.panel``, exactly as when they queried the database themselves.

Why it is never stale: the stamp is read (with the run) before the rows, and a change commits its rows and its
stamp together, so a snapshot holds at least everything its stamp promises. Changes that do not move a stamp
(an admin editing a scenario's text or a participant's name) show within SNAPSHOT_TTL_SECONDS.
"""

import logging
import threading
import time
from collections import namedtuple
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch

from course.models import Course
from participants.models import Participant
from simulations.domain.estimates import estimates_open
from simulations.enums import POST_SETTLEMENT_ROUND_KEY
from simulations.models import (
    Announcement,
    CaucusMessage,
    Delegation,
    FloorMessage,
    Inject,
    Issue,
    Option,
    PostSettlement,
    PostSettlementVote,
    PriorityEstimate,
    Proposal,
    ProposalSupport,
    Run,
    RunRound,
    Scenario,
    ScenarioVersion,
    Score,
    Seat,
    Statement,
    Vote,
)

log = logging.getLogger(__name__)

SNAPSHOT_TTL_SECONDS = 60
FLOOR_SHOWN = 200  # the floor's most recent messages a room shows
MEMO_LIMIT = 500  # tables kept per process; more than a course has at once

# Per process, shared by its threads: {run id: (stamp, snapshot or prepared rooms, read at)}. Only the latest
# stamp is kept.
_memo = {}
_rooms_memo = {}
_memo_lock = threading.Lock()

InjectTiming = namedtuple("InjectTiming", "pk release_at from_scenario round_key")


@dataclass
class PreparedRooms:
    """The light part of a table's snapshot: who sits where, when injects are released, the rounds' keys and the
    rooms' HTML rendered so far (simulations.room.html). Enough to serve a room whose HTML is rendered, and cheap
    to read from the cache: no model instances, so a process that has not seen the table since its last change
    does not unpickle the whole table for each room (docs/performance.md)."""

    stamp: str
    run: object  # a copy of the run's row at the stamp (what the clock and the holes need), nothing attached
    seats: dict  # {user id: (seat id, delegation id, role)}
    injects: tuple  # InjectTiming, every inject of the table
    rounds: tuple  # ((number, key), ...)
    rendered: dict = field(default_factory=dict)


@dataclass
class TableSnapshot:
    stamp: str
    run: object  # the Run the snapshot was read for
    scenario: object  # Scenario (title, public background)
    course: object  # Course (title, time zone)
    rounds: list  # RunRound, by number
    delegations: list  # Delegation, in table order
    seats: list  # Seat with delegation, pair and pair.participants (by role)
    issues: list  # Issue with options, in order
    points: dict  # {delegation id: {option id: points}} (confidential per delegation)
    statements: list
    caucus: dict  # {delegation id: [CaucusMessage]} (private per delegation)
    floor: list  # the last FLOOR_SHOWN, oldest first
    proposals: list  # by number and version
    supports: dict  # {proposal id: [delegation id]}
    votes: dict  # {delegation id: {proposal id: choice}} in the current round (private per delegation)
    announcements: list  # course-wide, this table's, and private ones (delegation set), newest first
    injects: list  # every inject of the table, released or not; the room filters by time
    # In the post-settlement round only: (PostSettlement, {delegation id: {candidate index: choice}}). Its
    # candidates hold every delegation's points; the panel shows each delegation its own only.
    post_settlement: tuple | None = None
    # Before the first negotiation round only: {delegation id: {target id: weights}} (private per delegation).
    estimates: dict | None = None
    delegation_by_pk: dict = field(default_factory=dict)
    rooms: PreparedRooms = None  # the light part, stored in the cache under a key of its own

    def __post_init__(self):
        self.delegation_by_pk = {d.pk: d for d in self.delegations}
        # Who said or tabled what is the same in every room: named once here (kept when pickled), not per room.
        for row in (*self.statements, *self.floor, *self.proposals):
            row.delegation_display = self.delegation_by_pk.get(row.delegation_id)
        proposal_by_pk = {p.pk: p for p in self.proposals}
        for proposal in self.proposals:
            proposal.parent_display = proposal_by_pk.get(proposal.parent_id)
        if self.rooms is None:
            self.rooms = _prepared_rooms_of(self)

    @property
    def rendered(self):
        """The room HTML of each variant (simulations.room.html), rendered with the snapshot after a change or by
        the first room that needs it."""
        return self.rooms.rendered

    def __getstate__(self):
        # the rooms are stored apart (table_snapshot()); the run is the caller's own
        return {**self.__dict__, "rooms": None, "run": None}


def _prepared_rooms_of(snapshot):
    run = snapshot.run
    return PreparedRooms(
        stamp=snapshot.stamp,
        run=Run(**{f.attname: getattr(run, f.attname) for f in Run._meta.concrete_fields}),
        seats={
            p.user_id: (seat.pk, seat.delegation_id, p.role)
            for seat in snapshot.seats
            for p in seat.pair.participants.all()
        },
        injects=tuple(InjectTiming(i.pk, i.release_at, i.from_scenario, i.round_key) for i in snapshot.injects),
        rounds=tuple((r.number, r.key) for r in snapshot.rounds),
    )


def _snapshot_key(run_id, stamp):
    return f"simulations:table:{run_id}:{stamp}"


def rooms_cache_key(run_id, stamp):
    """The cache key of the prepared rooms of run ``run_id`` at ``stamp`` (read by simulations.room.express's
    async path with its own client)."""
    return f"simulations:table:{run_id}:{stamp}:rooms"


def prepared_rooms(run_id, stamp):
    """The light part of the snapshot of run ``run_id`` at ``stamp``, from this process's memo or the cache;
    None when neither has it (then the rooms are built from the whole snapshot)."""
    rooms = memo_prepared_rooms(run_id, stamp)
    if rooms is not None:
        return rooms
    try:
        rooms = cache.get(rooms_cache_key(run_id, stamp))
    except Exception:  # noqa: BLE001 - a cache outage: the rooms are built the slow way
        log.warning("Table snapshot cache unavailable", exc_info=True)
        return None
    if rooms is not None:
        remember_prepared_rooms(run_id, stamp, rooms)
    return rooms


def memo_prepared_rooms(run_id, stamp):
    """The prepared rooms of run ``run_id`` at ``stamp`` from this process's memo only; None when not there."""
    memo = _rooms_memo.get(run_id)
    if memo is not None and memo[0] == stamp and time.monotonic() - memo[2] < SNAPSHOT_TTL_SECONDS:
        return memo[1]
    return None


def remember_prepared_rooms(run_id, stamp, rooms):
    """Keep ``rooms`` (read from the cache) in this process's memo."""
    _remember(_rooms_memo, run_id, stamp, rooms, time.monotonic())


def table_snapshot(run, prepare=None):
    """The snapshot of ``run`` at its current stamp: from this process's memo, else the cache, else the
    database (and then stored in both, after ``prepare(run, snapshot)`` when given)."""
    stamp = run.room_stamp
    now = time.monotonic()
    memo = _memo.get(run.pk)
    if memo is not None and memo[0] == stamp and now - memo[2] < SNAPSHOT_TTL_SECONDS:
        return memo[1]
    keys = (_snapshot_key(run.pk, stamp), rooms_cache_key(run.pk, stamp))
    found = {}
    try:
        found = cache.get_many(keys)
    except Exception:  # noqa: BLE001 - a cache outage costs a database read, never the room
        log.warning("Table snapshot cache unavailable", exc_info=True)
    snapshot = found.get(keys[0])
    if snapshot is None:
        snapshot = read_table_snapshot(run)
        if prepare is not None:
            prepare(run, snapshot)
        try:
            cache.set_many(dict(zip(keys, (snapshot, snapshot.rooms), strict=True)), timeout=SNAPSHOT_TTL_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("Table snapshot cache unavailable", exc_info=True)
    else:
        snapshot.run = run
        # one dict of rendered rooms per table and process: this process's, else the cache's, else a new one
        memo_rooms = _rooms_memo.get(run.pk)
        same = memo_rooms[1] if memo_rooms is not None and memo_rooms[0] == stamp else None
        snapshot.rooms = same or found.get(keys[1]) or _prepared_rooms_of(snapshot)
    _remember(_memo, run.pk, stamp, snapshot, now)
    _remember(_rooms_memo, run.pk, stamp, snapshot.rooms, now)
    return snapshot


def warm_table_snapshot(run, prepare=None):
    """Read the table's snapshot at the current stamp of ``run`` (a Run just read, or its id) now, after a
    change's commit, and ``prepare`` it (the rooms' HTML) before it is shared. Returns the snapshot, or None when
    there is no such run or it could not be read. Never raises."""
    try:
        if not isinstance(run, Run):
            run = Run.objects.filter(pk=run).first()
        return table_snapshot(run, prepare) if run is not None else None
    except Exception:  # noqa: BLE001 - only ever saves work; the rooms read the table themselves otherwise
        log.warning("Could not read the table snapshot of run %s", getattr(run, "pk", run), exc_info=True)
        return None


def _remember(memo, run_id, stamp, value, now):
    with _memo_lock:
        if len(memo) >= MEMO_LIMIT and run_id not in memo:
            oldest = min(memo, key=lambda k: memo[k][2])
            del memo[oldest]
        memo[run_id] = (stamp, value, now)


def forget_table_snapshots():
    """Empty this process's memo (tests)."""
    with _memo_lock:
        _memo.clear()
        _rooms_memo.clear()


def read_table_snapshot(run):
    """Read everything the rooms of ``run`` show, in a fixed number of queries (pinned in tests). Only reads:
    scenario injects get their release time when their round is entered (simulations.domain.injects)."""
    scenario = Scenario.objects.get(pk=run.scenario_id)
    course = Course.objects.get(pk=run.course_id)
    run.scenario, run.course = scenario, course
    seats = list(
        Seat.objects.filter(run_id=run.pk)
        .select_related("pair", "delegation")
        .prefetch_related(
            # each participant's chosen language comes with them (joined, no query): their room is prepared in it
            Prefetch(
                "pair__participants",
                queryset=Participant.objects.select_related("user__language_preference").order_by("role"),
            )
        )
        .order_by("pk")
    )
    proposals = list(Proposal.objects.filter(run_id=run.pk).order_by("number", "version", "pk"))
    supports = {}
    for proposal_id, delegation_id in ProposalSupport.objects.filter(proposal__run_id=run.pk).values_list(
        "proposal_id", "delegation_id"
    ):
        supports.setdefault(proposal_id, []).append(delegation_id)
    # The scenario version the table plays (scores, BATNAs, briefs): one read, not the scenario's live rows.
    content = (
        ScenarioVersion.objects.filter(pk=run.scenario_version_id).values_list("content", flat=True).first()
        if run.scenario_version_id
        else None
    )
    caucus = {}
    for message in (
        CaucusMessage.objects.filter(run_id=run.pk).select_related("created_by").order_by("created_at", "pk")
    ):
        caucus.setdefault(message.delegation_id, []).append(message)
    votes = {}
    for delegation_id, proposal_id, choice in Vote.objects.filter(
        run_id=run.pk, round_number=run.current_round, voided_at__isnull=True
    ).values_list("delegation_id", "proposal_id", "choice"):
        votes.setdefault(delegation_id, {})[proposal_id] = choice
    delegations = list(Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk"))
    issues = list(
        Issue.objects.filter(scenario_id=run.scenario_id)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
    )
    points = _pinned(content, delegations, issues) if content else _live_points(run)
    rounds = list(RunRound.objects.filter(run_id=run.pk).order_by("number"))
    return TableSnapshot(
        stamp=run.room_stamp,
        run=run,
        scenario=scenario,
        course=course,
        rounds=rounds,
        delegations=delegations,
        seats=seats,
        issues=issues,
        points=points,
        statements=list(
            Statement.objects.filter(run_id=run.pk).select_related("updated_by").order_by("delegation__position", "pk")
        ),
        caucus=caucus,
        floor=list(FloorMessage.objects.filter(run_id=run.pk).order_by("-created_at", "-pk")[:FLOOR_SHOWN])[::-1],
        proposals=proposals,
        supports=supports,
        votes=votes,
        announcements=list(Announcement.objects.for_run(run).order_by("-created_at", "-pk")),
        injects=list(Inject.objects.filter(run_id=run.pk).order_by("release_at", "pk")),
        post_settlement=_post_settlement(run, rounds),
        estimates=_estimates(run, rounds),
    )


def _estimates(run, rounds):
    """Each delegation's estimates of the others, read only while they can be made (one query)."""
    if not estimates_open(run, rounds):
        return None
    estimates = {}
    for delegation_id, target_id, weights in PriorityEstimate.objects.filter(run_id=run.pk).values_list(
        "delegation_id", "target_id", "weights"
    ):
        estimates.setdefault(delegation_id, {})[target_id] = weights
    return estimates


def _post_settlement(run, rounds):
    """The post-settlement offer and its votes, read only while the run is in that round (two queries)."""
    current = next((r for r in rounds if r.number == run.current_round), None)
    if current is None or current.key != POST_SETTLEMENT_ROUND_KEY:
        return None
    held = PostSettlement.objects.filter(run_id=run.pk, round_number=current.number).first()
    if held is None:
        return None
    votes = {}
    for delegation_id, index, choice in PostSettlementVote.objects.filter(post_settlement=held).values_list(
        "delegation_id", "candidate", "choice"
    ):
        votes.setdefault(delegation_id, {})[index] = choice
    return held, votes


def _pinned(content, delegations, issues):
    """Show the run's scenario version: its briefs, notes and BATNAs on the delegation rows (in memory only) and
    its points as {delegation id: {option id: points}}."""
    by_key = {d["key"]: d for d in content["delegations"]}
    for delegation in delegations:
        pinned = by_key.get(delegation.key)
        if pinned:
            delegation.name, delegation.batna, delegation.brief = pinned["name"], pinned["batna"], pinned["brief"]
            delegation.scientist_notes = pinned.get("scientist_notes", "")
            delegation.policymaker_notes = pinned.get("policymaker_notes", "")
    scores = content.get("scores") or {}
    points = {}
    for delegation in delegations:
        own = scores.get(delegation.key) or {}
        for issue in issues:
            for option in issue.options.all():
                value = (own.get(issue.key) or {}).get(option.key)
                if value is not None:
                    points.setdefault(delegation.pk, {})[option.pk] = value
    return points


def _live_points(run):
    """A run without a pinned version (none after migration 0006): the scenario's current scores."""
    points = {}
    for delegation_id, option_id, value in Score.objects.filter(delegation__scenario_id=run.scenario_id).values_list(
        "delegation_id", "option_id", "points"
    ):
        points.setdefault(delegation_id, {})[option_id] = value
    return points
