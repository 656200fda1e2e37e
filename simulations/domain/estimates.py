"""Reading the other side: before the first negotiation round each delegation may estimate the other
delegations' issue priorities; at the debrief each estimate is scored against the true scoring sheet
(``simulations.dance.score_estimate``: Spearman's ρ and the weighted error, defined there and in
docs/negotiation.md); ``estimate_record(user)`` follows a participant's estimates across runs.

An estimate can be saved while the run is running and no *negotiation round* has started yet: a round that
allows tabling, amending, supporting or voting (RoundAction.PROPOSE, AMEND, SUPPORT, VOTE). Either member of
the pair may save it; saving again replaces it. It stays private to the delegation until the debrief.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from simulations import analysis, dance
from simulations.domain.activity import bump_activity
from simulations.domain.errors import NegotiationError
from simulations.domain.versions import run_sheet
from simulations.enums import RoundAction, RunState
from simulations.models import Delegation, PriorityEstimate, Run, RunRound, Seat

NEGOTIATION_ACTIONS = {RoundAction.PROPOSE, RoundAction.AMEND, RoundAction.SUPPORT, RoundAction.VOTE}
MAX_WEIGHT = 100


def estimates_open(run, rounds=None):
    """Whether estimates can still be saved: the run is running and no negotiation round has started."""
    if run.state != RunState.RUNNING:
        return False
    rounds = rounds if rounds is not None else RunRound.objects.filter(run_id=run.pk)
    return not any(r.number <= run.current_round and NEGOTIATION_ACTIONS & set(r.actions or []) for r in rounds)


def save_estimate(run, delegation, target, weights, *, user=None):
    """Store ``delegation``'s estimate of ``target``'s priorities: {issue_key: weight 0…100}."""
    if target.pk == delegation.pk or target.scenario_id != run.scenario_id:
        raise NegotiationError(gettext("Estimate the priorities of another delegation at this table."))
    sheet = run_sheet(run)
    clean = {}
    for issue in sheet.issues:
        raw = weights.get(issue.key, 0)
        try:
            value = float(raw or 0)
        except (TypeError, ValueError):
            raise NegotiationError(
                gettext("Give each issue a number from 0 to %(max)s.") % {"max": MAX_WEIGHT}
            ) from None
        if not 0 <= value <= MAX_WEIGHT:
            raise NegotiationError(gettext("Give each issue a number from 0 to %(max)s.") % {"max": MAX_WEIGHT})
        clean[issue.key] = value
    if not any(clean.values()):
        raise NegotiationError(gettext("Give at least one issue a weight above 0."))
    with transaction.atomic():
        locked = Run.objects.select_for_update().get(pk=run.pk)
        if not estimates_open(locked):
            raise NegotiationError(
                gettext("Estimates are taken before the first negotiation round; that round has started.")
            )
        if (
            user is not None
            and not Seat.objects.filter(
                run_id=run.pk, delegation_id=delegation.pk, pair__participants__user=user
            ).exists()
        ):
            raise NegotiationError(gettext("You can only act for your own delegation."))
        estimate = PriorityEstimate.objects.filter(run_id=run.pk, delegation=delegation, target=target).first()
        if estimate is None:
            estimate = PriorityEstimate(run_id=run.pk, delegation=delegation, target=target)
        else:  # the replay shows the estimate as it stood at any minute
            earlier = {"weights": estimate.weights, "at": estimate.updated_at.isoformat(), "by": estimate.created_by_id}
            estimate.history = [*estimate.history, earlier]
        estimate.weights, estimate.created_by, estimate.updated_at = clean, user, timezone.now()
        estimate.save()
        bump_activity(locked, refresh=False)
        locked.activity_version += 1  # exact: the row is locked until the commit
    for f in Run._meta.concrete_fields:  # the caller's run as committed, so its room is rendered at the new stamp
        setattr(run, f.attname, getattr(locked, f.attname))
    return estimate


@dataclass(frozen=True)
class DelegationEstimates:
    delegation: str  # key
    summary: dance.EstimateSummary


def estimate_scores(run, sheet=None):
    """{delegation key: EstimateSummary} of every estimate made at the run (scored against its version)."""
    sheet = sheet or run_sheet(run)
    by_delegation = {}
    for delegation_key, target_key, weights in PriorityEstimate.objects.filter(run_id=run.pk).values_list(
        "delegation__key", "target__key", "weights"
    ):
        try:
            score = dance.score_estimate(sheet, target_key, weights)
        except analysis.AnalysisError:  # an issue the version does not have
            continue
        by_delegation.setdefault(delegation_key, []).append(score)
    return {key: dance.EstimateSummary(tuple(scores)) for key, scores in by_delegation.items()}


@dataclass(frozen=True)
class EstimateRecordEntry:
    run_id: int
    run_name: str
    scenario: str
    delegation: str
    finished_at: object
    mean_spearman: float | None
    mean_weighted_error: float | None
    targets: int


@dataclass(frozen=True)
class EstimateRecord:
    entries: tuple  # EstimateRecordEntry, oldest first

    @property
    def improved(self):
        """Whether the last run's weighted error is below the first one's (None with fewer than two runs)."""
        errors = [e.mean_weighted_error for e in self.entries if e.mean_weighted_error is not None]
        return None if len(errors) < 2 else errors[-1] < errors[0]


def estimate_record(user):
    """A participant's estimates across the finished runs they sat in, oldest first, each scored against its
    run's scenario version: for a learner record (other apps may call it)."""
    seats = (
        Seat.objects.filter(pair__participants__user=user, run__state=RunState.FINISHED)
        .select_related("run__scenario", "delegation")
        .order_by("run__finished_at", "run_id")
    )
    seats = list(seats)
    # Which of those seats' delegations estimated at all: one query, not one per seat.
    estimated = set(
        PriorityEstimate.objects.filter(run_id__in={seat.run_id for seat in seats})
        .values_list("run_id", "delegation_id")
        .distinct()
    )
    entries = []
    for seat in seats:
        run = seat.run
        if (run.pk, seat.delegation_id) not in estimated:
            continue
        summary = estimate_scores(run).get(seat.delegation.key)
        if summary is None:
            continue
        entries.append(
            EstimateRecordEntry(
                run_id=run.pk,
                run_name=run.name,
                scenario=run.scenario.title,
                delegation=seat.delegation.name,
                finished_at=run.finished_at,
                mean_spearman=summary.mean_spearman,
                mean_weighted_error=summary.mean_weighted_error,
                targets=len(summary.scores),
            )
        )
    return EstimateRecord(tuple(entries))


def delegations_to_estimate(run, delegation):
    return list(Delegation.objects.filter(scenario_id=run.scenario_id).exclude(pk=delegation.pk).order_by("position"))
