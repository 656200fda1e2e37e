"""Creating runs, adjusting their round plan and seating cohort pairs in delegations."""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext

from participants.models import Pair, Participant
from simulations.analysis import AnalysisError
from simulations.domain.activity import bump_activity
from simulations.domain.engine import end_round_if_all_acted
from simulations.domain.engine import start_run as engine_start_run
from simulations.domain.errors import RunError
from simulations.domain.scenarios import snapshot_scenario
from simulations.domain.scoring import scoring_sheet
from simulations.enums import OVER_STATES, RoundAction, RunEventKind, RunState
from simulations.models import Delegation, Run, RunEvent, RunRound, Seat

MAX_ROUNDS = 20
# Far below the broker's visibility timeout (6 h), so a timer task is never redelivered mid-round.
MAX_ROUND_SECONDS = 3 * 3600


def _log(run, kind, actor, **detail):
    RunEvent.objects.create(
        run=run,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_state=run.state,
        to_state=run.state,
        from_round=run.current_round or None,
        to_round=run.current_round or None,
        version=run.version,
        detail=detail,
    )


@transaction.atomic
def create_run(scenario, course, name, *, room="", actor=None, end_round_when_all_acted=False):
    """A draft run (one table) of ``scenario`` in ``course``, with a copy of the scenario's round plan."""
    name = (name or "").strip()
    if not name:
        raise RunError(gettext("Give the table a name, e.g. “Table A”."))
    if Run.objects.filter(course=course, name=name).exists():
        raise RunError(gettext("This course already has a table called “%(name)s”.") % {"name": name})
    _check_playable(scenario)
    try:
        with transaction.atomic():
            run = Run.objects.create(
                scenario=scenario,
                course=course,
                name=name,
                room=room.strip(),
                created_by=actor if actor is not None and actor.is_authenticated else None,
                end_round_when_all_acted=end_round_when_all_acted,
                scenario_version=snapshot_scenario(scenario),  # the exact scenario this table will play
            )
    except IntegrityError:
        raise RunError(gettext("This course already has a table called “%(name)s”.") % {"name": name})
    RunRound.objects.bulk_create(
        RunRound(
            run=run,
            number=number,
            key=plan.key,
            title=plan.title,
            duration_seconds=plan.minutes * 60,
            instructions=plan.instructions,
            actions=list(plan.actions),
        )
        for number, plan in enumerate(scenario.rounds.all(), start=1)
    )
    _log(run, RunEventKind.CREATED, actor, scenario=scenario.slug)
    return run


def start_table(run, *, actor=None):
    """The facilitator's Start: refused while nobody is seated (a table of scripted delegations only is started
    by engine.start_run directly, e.g. by run_bots or the demo)."""
    if not Seat.objects.filter(run_id=run.pk).exists():
        raise RunError(gettext("Nobody is seated at this table yet: seat at least one pair, then start."))
    return engine_start_run(run, actor=actor)


def _check_playable(scenario):
    """A table can only play a scenario whose scoring sheet is complete and which has a round plan (an edit in
    admin may leave one half-built; see simulations.admin.CheckedScenarioAdmin)."""
    try:
        scoring_sheet(scenario)
    except AnalysisError as exc:
        raise RunError(
            gettext("“%(title)s” cannot be played until its scoring sheet is fixed: %(reason)s")
            % {"title": scenario.title, "reason": exc}
        ) from exc
    if not scenario.rounds.exists():
        raise RunError(gettext("“%(title)s” cannot be played: it has no round plan.") % {"title": scenario.title})


def _clean_round(number, data):
    title = str(data.get("title") or "").strip()
    if not title:
        raise RunError(gettext("Round %(number)s: give it a title.") % {"number": number})
    if data.get("seconds") is not None:
        seconds = data["seconds"]
    else:
        try:
            seconds = float(data.get("minutes")) * 60
        except (TypeError, ValueError):
            raise RunError(gettext("Round %(number)s: give its length in minutes.") % {"number": number})
    try:
        seconds = int(round(float(seconds)))
    except (TypeError, ValueError):
        raise RunError(gettext("Round %(number)s: give its length in minutes.") % {"number": number})
    if not 1 <= seconds <= MAX_ROUND_SECONDS:
        raise RunError(
            gettext("Round %(number)s: its length must be between 1 second and %(max)s minutes.")
            % {"number": number, "max": MAX_ROUND_SECONDS // 60}
        )
    actions = list(data.get("actions") or [])
    unknown = sorted(set(actions) - set(RoundAction.values))
    if unknown:
        raise RunError(
            gettext("Round %(number)s: unknown action(s) %(actions)s.")
            % {"number": number, "actions": ", ".join(unknown)}
        )
    key = str(data.get("key") or f"round-{number}").strip()
    return {
        "key": key[:50],
        "title": title[:200],
        "duration_seconds": seconds,
        "instructions": str(data.get("instructions") or ""),
        "actions": actions,
    }


@transaction.atomic
def adjust_round_plan(run, rounds, *, actor=None):
    """Replace a draft run's round plan. ``rounds``: dicts with title, minutes (or seconds), instructions,
    actions and optionally key. Nothing changes unless every round is valid."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.state != RunState.DRAFT:
        raise RunError(gettext("The round plan can only be changed before the run starts."))
    if not 1 <= len(rounds) <= MAX_ROUNDS:
        raise RunError(gettext("A run needs between 1 and %(max)s rounds.") % {"max": MAX_ROUNDS})
    cleaned = [_clean_round(number, data) for number, data in enumerate(rounds, start=1)]
    RunRound.objects.filter(run=run).delete()
    RunRound.objects.bulk_create(
        RunRound(run=run, number=number, **data) for number, data in enumerate(cleaned, start=1)
    )
    bump_activity(run)
    _log(run, RunEventKind.PLAN_CHANGED, actor, rounds=[(r["title"], r["duration_seconds"]) for r in cleaned])
    return run


def set_end_round_when_all_acted(run, enabled, *, actor=None):
    """Switch the run's "end a round early once every delegation has acted" on or off (until it is over).
    Switched on when everyone has already acted, the round ends at once."""
    run = _switch_end_early(run, enabled, actor)
    if run.end_round_when_all_acted:
        end_round_if_all_acted(run.pk, actor=actor)
    return Run.objects.get(pk=run.pk)


@transaction.atomic
def _switch_end_early(run, enabled, actor):
    run = Run.objects.select_for_update().get(pk=run.pk)
    if run.state in OVER_STATES:
        raise RunError(gettext("The run is over: nothing to end early."))
    enabled = bool(enabled)
    if run.end_round_when_all_acted != enabled:
        Run.objects.filter(pk=run.pk).update(end_round_when_all_acted=enabled)
        run.end_round_when_all_acted = enabled
        bump_activity(run)
        _log(run, RunEventKind.END_EARLY_CHANGED, actor, enabled=enabled)
    return run


def eligible_pairs(run):
    """The cohort pairs of the run's course that can take a seat (both participants prefetched)."""
    return (
        Pair.objects.filter(course_id=run.course_id)
        .filter(participants__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.order_by("role")))
        .order_by("pk")
    )


def _pair_countries(pair):
    return {p.country.code for p in pair.participants.all() if p.country}


def _check_can_seat(run):
    if run.state in OVER_STATES:
        raise RunError(gettext("Seats cannot change once the run is over."))


@transaction.atomic
def assign_pairs(run, *, pairs=None, actor=None):
    """Seat pairs automatically: balanced across delegations, never in their own country's delegation
    when another one has room. Replaces the run's current seats; returns the new seats."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    _check_can_seat(run)
    pairs = list(eligible_pairs(run) if pairs is None else pairs)
    delegations = list(Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk"))
    if not delegations:
        raise RunError(gettext("The scenario has no delegations."))
    load = Counter()
    order = {d.pk: i for i, d in enumerate(delegations)}
    allowed = {}
    for pair in pairs:
        countries = _pair_countries(pair)
        allowed[pair.pk] = [d for d in delegations if not (d.country and d.country.code in countries)] or delegations
    # The most constrained pairs choose first, so a free pair never takes the last seat a constrained one needs.
    placements = []
    for pair in sorted(pairs, key=lambda p: (len(allowed[p.pk]), p.pk)):
        choice = min(allowed[pair.pk], key=lambda d: (load[d.pk], order[d.pk]))
        load[choice.pk] += 1
        placements.append(Seat(run=run, pair=pair, delegation=choice))
    Seat.objects.filter(run=run).delete()
    seats = Seat.objects.bulk_create(placements)
    bump_activity(run)
    _log(run, RunEventKind.SEATS_CHANGED, actor, automatic=True, seats=len(seats))
    return seats


@transaction.atomic
def assign_pair(run, pair, delegation, *, actor=None):
    """Seat one pair in one delegation by hand (moving it if it already sits elsewhere in this run)."""
    run = Run.objects.select_for_update().get(pk=run.pk)
    _check_can_seat(run)
    if pair.course_id != run.course_id:
        raise RunError(gettext("This pair is not in the run's course."))
    if delegation.scenario_id != run.scenario_id:
        raise RunError(gettext("This delegation is not part of the run's scenario."))
    seat, _ = Seat.objects.update_or_create(run=run, pair=pair, defaults={"delegation": delegation})
    bump_activity(run)
    _log(run, RunEventKind.SEATS_CHANGED, actor, pair=pair.pk, delegation=delegation.key)
    return seat


@transaction.atomic
def unseat_pair(run, pair, *, actor=None):
    run = Run.objects.select_for_update().get(pk=run.pk)
    _check_can_seat(run)
    deleted, _ = Seat.objects.filter(run=run, pair=pair).delete()
    if deleted:
        bump_activity(run)
        _log(run, RunEventKind.SEATS_CHANGED, actor, pair=pair.pk, delegation=None)
    return bool(deleted)
