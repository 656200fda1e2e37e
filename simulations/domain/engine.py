"""The run state machine: draft → running ⇄ paused → finished (or cancelled from any live state).

Every transition is one compare-and-set UPDATE on the run (``WHERE id AND version [AND current_round AND
state AND ends_at <= now]``) that increments ``version``, plus one RunEvent row, in one transaction. A
caller that lost the race (or came early, or carried an old version) updates nothing and writes nothing,
so a round ends exactly once whoever notices it: the ETA task, the beat sweeper or a page load. See
docs/engine.md.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from simulations.domain.activity import stamp_changed
from simulations.domain.errors import EngineError
from simulations.domain.injects import release_scenario_injects
from simulations.domain.outcome import record_outcome_on_commit
from simulations.domain.post_settlement import MAX_MINUTES, is_post_settlement_round, offer_for
from simulations.enums import (
    LIVE_STATES,
    POST_SETTLEMENT_ACTION,
    POST_SETTLEMENT_ROUND_KEY,
    AdvanceSource,
    RunEventKind,
    RunState,
)
from simulations.models import PostSettlement, Run, RunEvent, RunRound, Vote

log = logging.getLogger(__name__)


MAX_EXTENSION_MINUTES = 120
# No round ever has more than this left, however often it is extended: every timer task's ETA then stays far
# inside the broker's visibility timeout (6 h), so a held task is never redelivered while it waits.
MAX_TIME_LEFT_SECONDS = 3 * 3600
# A facilitator's action that loses a race with a timed advance is re-checked against the new state.
CONFLICT_RETRIES = 3


# --- Scheduling -------------------------------------------------------------------------------------------


# The timer task (simulations.tasks.advance_run_round), registered in SimulationsConfig.ready(): the tasks are
# thin wrappers around this module, so it does not import them.
_ROUND_TIMER = {}


def register_round_timer(task):
    """Register the Celery task sent with eta=ends_at after each transition that leaves a run running."""
    _ROUND_TIMER["task"] = task
    return task


def schedule_round_end(run_id, round_number, version, ends_at):
    """After the commit, send the timer task for this exact (round, version) with eta=ends_at.

    If the broker is unreachable the error is logged, not raised: the sweeper covers lost timers.
    """

    def send():
        task = _ROUND_TIMER.get("task")
        if task is None:  # not wired (SimulationsConfig.ready() registers it): the sweeper covers the round
            log.warning("No round timer registered; run %s round %s is left to the sweeper", run_id, round_number)
            return
        task.apply_async((run_id, round_number, version), eta=ends_at)

    transaction.on_commit(send, robust=True)


# --- The compare-and-set core -----------------------------------------------------------------------------


def _compare_and_set(
    run,
    *,
    changes,
    kind,
    actor=None,
    source=AdvanceSource.FACILITATOR,
    due_by=None,
    expect_state=None,
    detail=None,
):
    """Write ``changes`` only if the run still has the version (and round and state) we read.

    Returns the new version, or None when someone else changed the run first (nothing is written).
    ``due_by`` adds ``ends_at <= due_by``: a timed advance only takes effect once the round is due.
    """
    conditions = {"pk": run.pk, "version": run.version, "current_round": run.current_round}
    conditions["state"] = expect_state or run.state
    if due_by is not None:
        conditions["ends_at__lte"] = due_by
    with transaction.atomic():
        updated = Run.objects.filter(**conditions).update(version=F("version") + 1, **changes)
        if not updated:
            return None
        new_version = run.version + 1
        RunEvent.objects.create(
            run_id=run.pk,
            kind=kind,
            actor=actor if actor is not None and actor.is_authenticated else None,
            source=source,
            from_state=conditions["state"],
            to_state=changes.get("state", conditions["state"]),
            from_round=run.current_round or None,
            to_round=changes.get("current_round", run.current_round) or None,
            version=new_version,
            due_at=run.ends_at if kind == RunEventKind.ROUND_ADVANCED else None,
            # Taken after the UPDATE and just before the commit: the benchmark's "transition committed" time.
            created_at=timezone.now(),
            detail=detail or {},
        )
        stamp_changed(run.pk)  # open rooms' fast poll sees the new stamp after the commit
        if changes.get("state") == RunState.FINISHED:  # the debrief's outcome, computed after the commit
            record_outcome_on_commit(run.pk)
    return new_version


def _fresh(run_or_id):
    run_id = run_or_id.pk if isinstance(run_or_id, Run) else run_or_id
    return Run.objects.get(pk=run_id)


def _transition(run_or_id, decide, kind, actor, source=AdvanceSource.FACILITATOR):
    """Read the run, let ``decide(run, now)`` check it and return the changes, then compare-and-set.

    ``decide`` raises EngineError to refuse. It returns (changes, after_commit, detail) where after_commit
    is called inside the transaction with (run, new_version) for round bookkeeping and scheduling.
    """
    for _ in range(CONFLICT_RETRIES):
        run = _fresh(run_or_id)
        now = timezone.now()
        changes, after, detail = decide(run, now)
        with transaction.atomic():
            version = _compare_and_set(run, changes=changes, kind=kind, actor=actor, source=source, detail=detail)
            if version is not None:
                if after:
                    after(run, version, now)
                return _fresh(run)
    raise EngineError(gettext("The run changed while you were acting on it. Please try again."))


# Why a control is refused in the run's present state, per control (whole sentences, to translate as one).
REFUSED_IN_STATE = {
    "start": gettext_lazy("Cannot start: the run is %(state)s."),
    "pause": gettext_lazy("Cannot pause: the run is %(state)s."),
    "resume": gettext_lazy("Cannot resume: the run is %(state)s."),
    "extend the round": gettext_lazy("Cannot extend the round: the run is %(state)s."),
    "end the round": gettext_lazy("Cannot end the round: the run is %(state)s."),
    "go back": gettext_lazy("Cannot go back: the run is %(state)s."),
    "finish": gettext_lazy("Cannot finish: the run is %(state)s."),
    "cancel": gettext_lazy("Cannot cancel: the run is %(state)s."),
    "open a post-settlement round": gettext_lazy("Cannot open a post-settlement round: the run is %(state)s."),
}


def _require(run, states, doing):
    if run.state not in states:
        raise EngineError(REFUSED_IN_STATE[doing] % {"state": str(run.get_state_display()).lower()})


def _round(run, number):
    return RunRound.objects.get(run_id=run.pk, number=number)


def _round_count(run):
    return RunRound.objects.filter(run_id=run.pk).count()


def _enter_round(run, number, now, state, version):
    """Bookkeeping for the round the run has just entered; schedules its timer when running."""
    rnd = _round(run, number)
    ends_at = now + rnd.duration if state == RunState.RUNNING else None
    RunRound.objects.filter(pk=rnd.pk).update(started_at=now, ends_at=ends_at, ended_at=None)
    release_scenario_injects(run)  # the round's scenario injects get their release time now, not when read
    if state == RunState.RUNNING:
        schedule_round_end(run.pk, number, version, ends_at)


# --- Timed advance (the exactly-once path) ----------------------------------------------------------------


def advance_due_run(run_id, round_number, version, *, source=AdvanceSource.TASK, now=None):
    """End round ``round_number`` of a running run if it is due and the run is still at ``version``.

    Safe to call any number of times from anywhere: returns True for the one call that made the
    transition, False for every early, stale, duplicate or losing call (which change nothing).
    """
    now = now or timezone.now()
    run = (
        Run.objects.filter(
            pk=run_id, current_round=round_number, version=version, state=RunState.RUNNING, ends_at__lte=now
        )
        .only("pk", "version", "current_round", "state", "ends_at")
        .first()
    )
    if run is None:  # early, stale or already done: the cheap read spares a write lock
        return False
    return _end_round(run, now=now, kind=RunEventKind.ROUND_ADVANCED, actor=None, source=source, due_by=now)


def _end_round(run, *, now, kind, actor, source, due_by=None):
    """Move a running or paused run to its next round, or finish it after the last one."""
    total = _round_count(run)
    if run.current_round < total:
        next_number = run.current_round + 1
        next_round = _round(run, next_number)
        if run.state == RunState.RUNNING:
            changes = {"current_round": next_number, "ends_at": now + next_round.duration, "remaining_seconds": None}
        else:  # paused: the next round waits, whole, for the resume
            changes = {
                "current_round": next_number,
                "ends_at": None,
                "remaining_seconds": float(next_round.duration_seconds),
            }
    else:
        next_number = None
        changes = {"state": RunState.FINISHED, "ends_at": None, "remaining_seconds": None, "finished_at": now}
    with transaction.atomic():
        version = _compare_and_set(
            run,
            changes=changes,
            kind=kind,
            actor=actor,
            source=source,
            due_by=due_by,
            detail={"ended_round": run.current_round},
        )
        if version is None:
            return False
        RunRound.objects.filter(run_id=run.pk, number=run.current_round).update(ended_at=now)
        if next_number is not None:
            _enter_round(run, next_number, now, run.state, version)
    return True


def advance_if_due(run, *, source=AdvanceSource.LAZY):
    """The lazy check: whoever loads a run first after its round fell due makes the transition.

    Returns the run as it is now (refreshed only when something changed).
    """
    for _ in range(3):
        if not run.is_due():
            return run
        advance_due_run(run.pk, run.current_round, run.version, source=source)
        run = _fresh(run)
    return run


def sweep_due_runs(*, now=None, source=AdvanceSource.SWEEPER):
    """Advance every running run whose round is overdue (covers lost, killed or flushed timer tasks)."""
    now = now or timezone.now()
    due = Run.objects.filter(state=RunState.RUNNING, ends_at__lte=now).values_list("pk", "current_round", "version")
    advanced = 0
    for run_id, round_number, version in list(due):
        try:
            advanced += advance_due_run(run_id, round_number, version, source=source, now=now)
        except Exception:  # one broken run must not stall the others
            log.exception("Sweeping run %s failed", run_id)
    return advanced


# --- End a round early once everyone acted ----------------------------------------------------------------

# Checks registered by the negotiation tools: each takes a run and answers whether every delegation has
# done what the current round asks (e.g. made its statement, cast its vote).
_ACTED_CHECKS = []


def register_acted_check(check):
    """Register ``check(run) -> bool``; the round may end early only when every registered check agrees."""
    if check not in _ACTED_CHECKS:
        _ACTED_CHECKS.append(check)
    return check


def all_delegations_acted(run):
    """Whether every delegation has done what the current round asks. False until checks are registered."""
    return bool(_ACTED_CHECKS) and all(check(run) for check in _ACTED_CHECKS)


def end_round_if_all_acted(run_id, *, actor=None):
    """Call after any delegation acts: ends the round early when the run allows it and all have acted."""
    run = _fresh(run_id)
    if run.state != RunState.RUNNING or not run.end_round_when_all_acted or not all_delegations_acted(run):
        return False
    return _end_round(
        run, now=timezone.now(), kind=RunEventKind.ROUND_ENDED_ALL_ACTED, actor=actor, source=AdvanceSource.SYSTEM
    )


# --- Facilitator controls ---------------------------------------------------------------------------------


def start_run(run, *, actor=None):
    """Draft → running, in round 1, whose timer starts now."""

    def decide(run, now):
        _require(run, (RunState.DRAFT,), "start")
        first = RunRound.objects.filter(run_id=run.pk, number=1).first()
        if first is None:
            raise EngineError(gettext("Cannot start: the round plan is empty."))
        return (
            {
                "state": RunState.RUNNING,
                "current_round": 1,
                "ends_at": now + first.duration,
                "started_at": now,
                "remaining_seconds": None,
            },
            _after_enter_round,
            {},
        )

    return _transition(run, decide, RunEventKind.STARTED, actor)


def _after_enter_round(run, version, now):
    fresh = _fresh(run)
    _enter_round(fresh, fresh.current_round, now, fresh.state, version)


def pause_run(run, *, actor=None):
    """Running → paused: the time left in the round is frozen until the resume."""

    def decide(run, now):
        _require(run, (RunState.RUNNING,), "pause")
        remaining = max(0.0, (run.ends_at - now).total_seconds())
        return (
            {"state": RunState.PAUSED, "ends_at": None, "remaining_seconds": remaining},
            None,
            {"remaining_seconds": round(remaining, 3)},
        )

    return _transition(run, decide, RunEventKind.PAUSED, actor)


def resume_run(run, *, actor=None):
    """Paused → running with the time that was left at the pause."""

    def decide(run, now):
        _require(run, (RunState.PAUSED,), "resume")
        remaining = run.remaining_seconds or 0.0
        ends_at = now + datetime.timedelta(seconds=remaining)
        return (
            {"state": RunState.RUNNING, "ends_at": ends_at, "remaining_seconds": None},
            _after_retime,
            {"remaining_seconds": round(remaining, 3)},
        )

    return _transition(run, decide, RunEventKind.RESUMED, actor)


def _after_retime(run, version, now):
    """The round's end moved: record it and schedule a timer for the new (round, version)."""
    fresh = _fresh(run)
    RunRound.objects.filter(run_id=fresh.pk, number=fresh.current_round).update(ends_at=fresh.ends_at)
    if fresh.state == RunState.RUNNING:
        schedule_round_end(fresh.pk, fresh.current_round, version, fresh.ends_at)


def extend_round(run, minutes, *, actor=None):
    """Give the current round ``minutes`` more (running: ends_at moves; paused: the time left grows)."""
    try:
        minutes = float(minutes)
    except (TypeError, ValueError):
        raise EngineError(gettext("Give the extension in minutes, e.g. 5."))
    if not 0 < minutes <= MAX_EXTENSION_MINUTES:
        raise EngineError(
            gettext("An extension must be more than 0 and at most %(max)s minutes.") % {"max": MAX_EXTENSION_MINUTES}
        )
    delta = datetime.timedelta(minutes=minutes)

    def decide(run, now):
        _require(run, LIVE_STATES, "extend the round")
        if run.state == RunState.RUNNING:
            # An overdue round that nobody has advanced yet is extended from now, not from the past.
            changes = {"ends_at": max(run.ends_at, now) + delta}
            left = (changes["ends_at"] - now).total_seconds()
        else:
            changes = {"remaining_seconds": (run.remaining_seconds or 0.0) + delta.total_seconds()}
            left = changes["remaining_seconds"]
        if left > MAX_TIME_LEFT_SECONDS:
            raise EngineError(
                gettext("A round can have at most %(max)s hours left; this extension would leave %(left)s hours.")
                % {"max": MAX_TIME_LEFT_SECONDS // 3600, "left": f"{left / 3600:.1f}"}
            )
        return changes, _after_retime, {"minutes": minutes}

    return _transition(run, decide, RunEventKind.EXTENDED, actor)


def end_round_now(run, *, actor=None):
    """The facilitator ends the current round at once (the last round's end finishes the run)."""
    for _ in range(CONFLICT_RETRIES):
        fresh = _fresh(run)
        _require(fresh, LIVE_STATES, "end the round")
        if _end_round(
            fresh, now=timezone.now(), kind=RunEventKind.ROUND_ENDED_NOW, actor=actor, source=AdvanceSource.FACILITATOR
        ):
            return _fresh(run)
    raise EngineError(gettext("The run changed while you were acting on it. Please try again."))


def go_back_round(run, *, actor=None):
    """Return to the previous round, which starts again with its whole planned time.

    Going back reopens that round and every later one: their ballots are voided (kept, marked void, with who
    did it; the WENT_BACK event counts them in ``detail["voided_ballots"]``) and the later rounds count as not
    held until the run enters them again (see outcome.OUTCOME_RULE)."""

    def decide(run, now):
        _require(run, LIVE_STATES, "go back")
        if is_post_settlement_round(run):
            raise EngineError(
                gettext(
                    "Cannot go back from the post-settlement round: the table has adopted its agreement. End the "
                    "round to keep the agreement (or whatever improvement the table adopts)."
                )
            )
        if run.current_round <= 1:
            raise EngineError(gettext("Cannot go back: this is the first round."))
        previous = _round(run, run.current_round - 1)
        if run.state == RunState.RUNNING:
            changes = {"current_round": previous.number, "ends_at": now + previous.duration}
        else:
            changes = {"current_round": previous.number, "remaining_seconds": float(previous.duration_seconds)}
        return changes, after_went_back, {"left_round": run.current_round}

    def after_went_back(run, version, now):
        reopened = run.current_round - 1  # run is the row as read before the transition
        voided = Vote.objects.filter(run_id=run.pk, round_number__gte=reopened, voided_at__isnull=True).update(
            voided_at=now, voided_by=actor if actor is not None and actor.is_authenticated else None
        )
        RunRound.objects.filter(run_id=run.pk, number__gte=reopened).update(
            started_at=None, ends_at=None, ended_at=None
        )
        RunEvent.objects.filter(run_id=run.pk, version=version).update(
            detail={"left_round": run.current_round, "reopened_from": reopened, "voided_ballots": voided}
        )
        fresh = _fresh(run)
        _enter_round(fresh, fresh.current_round, now, fresh.state, version)

    return _transition(run, decide, RunEventKind.WENT_BACK, actor)


def finish_run(run, *, actor=None):
    """Running or paused → finished, now, whatever round it is in."""

    def decide(run, now):
        _require(run, LIVE_STATES, "finish")
        return (
            {"state": RunState.FINISHED, "ends_at": None, "remaining_seconds": None, "finished_at": now},
            _after_close,
            {},
        )

    return _transition(run, decide, RunEventKind.FINISHED, actor)


def cancel_run(run, *, actor=None):
    """Draft, running or paused → cancelled."""

    def decide(run, now):
        _require(run, (RunState.DRAFT, *LIVE_STATES), "cancel")
        if run.current_round and is_post_settlement_round(run):
            raise EngineError(
                gettext(
                    "Cannot cancel in the post-settlement round: the table has adopted its agreement. Finish the run "
                    "to keep it (or whatever improvement the table adopts)."
                )
            )
        return (
            {"state": RunState.CANCELLED, "ends_at": None, "remaining_seconds": None, "finished_at": now},
            _after_close,
            {},
        )

    return _transition(run, decide, RunEventKind.CANCELLED, actor)


def _after_close(run, version, now):
    if run.current_round:
        RunRound.objects.filter(run_id=run.pk, number=run.current_round, ended_at__isnull=True).update(ended_at=now)


# --- The post-settlement round (simulations.domain.post_settlement) ---------------------------------------


def open_post_settlement(run, minutes=5, *, actor=None):
    """Finished → running, in one more round appended to the plan, in which the delegations vote on the Pareto
    improvements of their agreement (``post_settlement.offer_for``). At most once per run: the round's
    PostSettlement row is written with the transition, and a second call is refused. The round then ends like
    any other (timer task, sweeper, lazy check, end now, finish) and its end finishes the run again, when
    ``outcome.settle_post_settlement`` decides it. Go back and cancel are refused in it."""
    try:
        minutes = float(minutes)
    except (TypeError, ValueError):
        raise EngineError(gettext("Give the round's length in minutes, e.g. 5."))
    if not 0 < minutes <= MAX_MINUTES:
        raise EngineError(
            gettext("A post-settlement round lasts more than 0 and at most %(max)s minutes.") % {"max": MAX_MINUTES}
        )
    seconds = int(round(minutes * 60)) or 1

    def decide(run, now):
        _require(run, (RunState.FINISHED,), "open a post-settlement round")
        offer = offer_for(run)
        number = _round_count(run) + 1
        changes = {
            "state": RunState.RUNNING,
            "current_round": number,
            "ends_at": now + datetime.timedelta(seconds=seconds),
            "remaining_seconds": None,
            "finished_at": None,
        }

        def after(run, version, now):
            RunRound.objects.create(
                run_id=run.pk,
                number=number,
                key=POST_SETTLEMENT_ROUND_KEY,
                title="Post-settlement round",
                duration_seconds=seconds,
                instructions=(
                    "Your table has an agreement. Accord found packages that give every delegation at least as "
                    "many points as the agreement, and some more. Vote on each: if one is adopted under the "
                    "table's decision rule it replaces the agreement; otherwise the agreement stands."
                ),
                actions=[POST_SETTLEMENT_ACTION],
            )
            PostSettlement.objects.create(
                run_id=run.pk, round_number=number, opened_by=_authenticated(actor), opened_at=now, **offer
            )
            fresh = _fresh(run)
            _enter_round(fresh, number, now, fresh.state, version)

        return changes, after, {"minutes": minutes, "offered": len(offer["candidates"])}

    return _transition(run, decide, RunEventKind.POST_SETTLEMENT_OPENED, actor)


def _authenticated(actor):
    return actor if actor is not None and actor.is_authenticated else None
