"""The outcome of a finished run: which proposal (if any) the decision rule adopted, each delegation's points
against its BATNA, and the exact analysis against every package (simulations.analysis).

Which proposal is adopted (OUTCOME_RULE, shown on the debrief and in docs/negotiation.md): the agreement is
decided by the ballots of the last vote round actually held, on the proposal versions still live at its end.

- A vote round is *held* once it has started (``RunRound.started_at``) or carries a ballot. Going back to an
  earlier round voids the ballots of every round it reopens (``Vote.voided_at``/``voided_by``, counted in the
  WENT_BACK event) and clears those rounds' start, so they are held again, or not at all.
- A ballot is one proposal version in that round with the live votes cast on it (no vote = abstain). A version
  amended before the round ended is not live: its ballot does not count.
- The scenario's decision rule (``analysis.is_adopted``) decides each ballot. If several proposals are adopted
  in that round, the most yes votes wins, then the most recently tabled version.
- An earlier round's ballot never decides anything once a later vote round is held: no adopted ballot in the
  last vote round means no agreement, everyone keeps its BATNA. While a round is open a delegation can change
  its vote (negotiation.cast_vote).

The outcome is computed once, after the commit of the transition that finishes the run (the engine calls
``record_outcome_on_commit``), and lazily by ``outcome_of`` for any finished run that lacks one.
"""

import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simulations import analysis
from simulations.domain.versions import run_sheet
from simulations.enums import RoundAction, RunState, VoteChoice
from simulations.models import (
    Delegation,
    Outcome,
    PostSettlement,
    PostSettlementVote,
    Proposal,
    Run,
    RunRound,
    Vote,
)

log = logging.getLogger(__name__)


OUTCOME_RULE = _(
    "The agreement is decided by the ballots of the last vote round actually held, on the proposal versions "
    "still live at its end; going back to an earlier round voids the ballots of the rounds it reopens."
)


def last_vote_round(run):
    """The number of the last vote round actually held (None if none was): started, or carrying a live ballot."""
    held = [
        number
        for number, actions in RunRound.objects.filter(run_id=run.pk, started_at__isnull=False).values_list(
            "number", "actions"
        )
        if RoundAction.VOTE in (actions or [])
    ]
    voted = Vote.objects.filter(run_id=run.pk, voided_at__isnull=True).aggregate(m=Max("round_number"))["m"]
    numbers = [n for n in [*held, voted] if n is not None]
    return max(numbers) if numbers else None


def _round_end(run, round_number):
    ended = RunRound.objects.filter(run_id=run.pk, number=round_number).values_list("ended_at", flat=True).first()
    return ended or run.finished_at


def decide_adoption(run, sheet=None):
    """(adopted proposal or None, its ballot {delegation_key: choice}, its vote round) by OUTCOME_RULE."""
    round_number = last_vote_round(run)
    if round_number is None:
        return None, {}, None
    sheet = sheet or run_sheet(run)
    ballots = defaultdict(dict)
    votes = Vote.objects.filter(run_id=run.pk, round_number=round_number, voided_at__isnull=True).values_list(
        "proposal_id", "delegation__key", "choice"
    )
    for proposal_id, delegation_key, choice in votes:
        ballots[proposal_id][delegation_key] = choice
    if not ballots:
        return None, {}, round_number
    proposals = list(Proposal.objects.filter(run_id=run.pk))
    ended = _round_end(run, round_number)
    live = {}  # proposal line -> its latest version tabled by the round's end
    for proposal in proposals:
        if ended is not None and proposal.created_at > ended:
            continue
        if proposal.number not in live or proposal.version > live[proposal.number].version:
            live[proposal.number] = proposal
    adopted = []
    for proposal in live.values():
        ballot = ballots.get(proposal.pk)
        if ballot and analysis.is_adopted(sheet, ballot):
            yes = sum(1 for choice in ballot.values() if choice == VoteChoice.YES)
            adopted.append(((yes, proposal.created_at, proposal.pk), proposal, ballot))
    if not adopted:
        return None, {}, round_number
    _, proposal, ballot = max(adopted, key=lambda item: item[0])
    return proposal, ballot, round_number


def voting_record(run):
    """Every ballot ever cast at the table, in order: who voted what, on which version, in which round, when,
    and whether a go-back voided it. [{round, proposal, version, delegation, choice, cast_by, cast_at, void,
    voided_by, voided_at}]"""
    rows = []
    votes = (
        Vote.objects.filter(run_id=run.pk)
        .select_related("proposal", "delegation", "cast_by", "voided_by")
        .order_by("round_number", "cast_at", "pk")
    )
    for vote in votes:
        rows.append(
            {
                "round": vote.round_number,
                "proposal": vote.proposal.label,
                "version": vote.proposal.version,
                "delegation_key": vote.delegation.key,
                "delegation": vote.delegation.name,
                "choice": vote.choice,
                "cast_by": author_name(vote.cast_by),
                "cast_at": vote.cast_at,
                "void": vote.is_void,
                "voided_by": (author_name(vote.voided_by) if vote.voided_by_id else "the facilitator")
                if vote.is_void
                else "",
                "voided_at": vote.voided_at,
            }
        )
    return rows


def author_name(user):
    """How the record names who did something: the user's name, or the scripted delegation (user None)."""
    if user is None:
        return gettext("scripted delegation")
    return user.get_full_name() or user.email


def analysis_to_json(result, sheet):
    """An analysis.AgreementAnalysis as plain JSON, with the Nash package's joint gain."""
    nash_gain = analysis.joint_gain(sheet, result.nash_package) if result.nash_package else None
    return {
        "package": result.package,
        "delegations": [
            {
                "delegation": o.delegation,
                "points": o.points,
                "batna": o.batna,
                "margin": o.margin,
                "beats_batna": bool(o.beats_batna),
            }
            for o in result.delegations
        ],
        "joint_gain": result.joint_gain,
        "on_frontier": bool(result.on_frontier),
        "distance_to_frontier": result.distance_to_frontier,
        "adoptable": result.adoptable,
        "best_achievable_joint_gain": result.best_achievable_joint_gain,
        "nash_package": result.nash_package,
        "nash_joint_gain": nash_gain,
        "frontier_size": result.frontier_size,
        "agreement_frontier_size": result.agreement_frontier_size,
        "zone_size": result.zone_size,
        "package_count": result.package_count,
    }


def compute_outcome(run, sheet=None):
    """(proposal or None, analysis JSON) for a run, whatever its state (nothing is stored)."""
    sheet = sheet or run_sheet(run)
    proposal, ballot, round_number = decide_adoption(run, sheet)
    result = analysis.analyse_agreement(sheet, proposal.package if proposal else None)
    data = analysis_to_json(result, sheet)
    data["ballot"] = (
        {"proposal": proposal.label, "proposal_id": proposal.pk, "round": round_number, "votes": ballot}
        if proposal
        else None
    )
    return proposal, data


def record_outcome(run):
    """Compute and store the outcome of a finished run, once. Returns it (None when the run is not finished)."""
    run = Run.objects.select_related("scenario").get(pk=run.pk if isinstance(run, Run) else run)
    if run.state != RunState.FINISHED:
        return None
    existing = Outcome.objects.filter(run=run).first()
    if existing is not None:
        return settle_post_settlement(run, existing)
    proposal, data = compute_outcome(run)
    try:
        with transaction.atomic():
            return Outcome.objects.create(
                run=run,
                proposal=proposal,
                package=proposal.package if proposal else None,
                analysis=data,
                computed_at=timezone.now(),
            )
    except IntegrityError:  # computed concurrently by another caller: theirs is the same
        return Outcome.objects.get(run=run)


def record_outcome_on_commit(run_id):
    """Called by the engine inside the transaction that finishes a run."""

    def record():
        try:
            record_outcome(run_id)
        except Exception:  # the debrief computes it lazily if this failed
            log.exception("Recording the outcome of run %s failed", run_id)

    transaction.on_commit(record)


def outcome_of(run):
    """The stored outcome of a finished run, computing it now if it is missing; None before the finish."""
    if run.state != RunState.FINISHED:
        return None
    # The post-settlement row (if any) comes in the same query, to see whether it still needs deciding.
    existing = Outcome.objects.filter(run=run).select_related("proposal", "run__post_settlement").first()
    if existing is None:
        return record_outcome(run)
    try:
        undecided = existing.run.post_settlement.decided_at is None
    except PostSettlement.DoesNotExist:
        undecided = False
    return settle_post_settlement(run, existing) if undecided else existing


POST_SETTLEMENT_RULE = (
    "In the post-settlement round each offered improvement is a ballot decided by the scenario's rule (no vote = "
    "abstain); if several are adopted, the most yes votes wins, then the larger joint gain, then the one listed "
    "first. An adopted improvement replaces the agreement; otherwise the agreement stands."
)


def settle_post_settlement(run, outcome):
    """Decide the run's post-settlement round once, after the run finished again (POST_SETTLEMENT_RULE), and
    make an adopted improvement the agreement. Returns the outcome (unchanged when there is nothing to decide
    or another caller decided first)."""
    if run.state != RunState.FINISHED:
        return outcome
    held = PostSettlement.objects.filter(run_id=run.pk, decided_at__isnull=True).first()
    if held is None:
        return outcome
    sheet = run_sheet(run)
    ballots = defaultdict(dict)
    for index, key, choice in PostSettlementVote.objects.filter(post_settlement=held).values_list(
        "candidate", "delegation__key", "choice"
    ):
        ballots[index][key] = choice
    adopted = []
    for index, candidate in enumerate(held.candidates):
        ballot = ballots.get(index, {})
        if analysis.is_adopted(sheet, ballot):
            yes = sum(1 for choice in ballot.values() if choice == VoteChoice.YES)
            adopted.append(((yes, candidate["joint_gain"], -index), index, ballot))
    index, ballot = max(adopted)[1:] if adopted else (None, {})
    now = timezone.now()
    with transaction.atomic():
        if not PostSettlement.objects.filter(pk=held.pk, decided_at__isnull=True).update(
            decided_at=now, adopted_index=index
        ):
            return Outcome.objects.get(run_id=run.pk)  # decided by a concurrent caller
        data = dict(outcome.analysis)
        if index is not None:
            package = held.candidates[index]["package"]
            data = analysis_to_json(analysis.analyse_agreement(sheet, package), sheet)
            data["ballot"] = {
                "proposal": f"Post-settlement improvement {index + 1}",
                "proposal_id": None,
                "round": held.round_number,
                "votes": ballot,
            }
            outcome.package, outcome.proposal = package, None
        data["post_settlement"] = {
            "round": held.round_number,
            "offered": len(held.candidates),
            "adopted": None if index is None else index + 1,
            "baseline": held.baseline,
            "baseline_label": held.baseline_label,
            "baseline_joint_gain": held.baseline_joint_gain,
            "joint_gain": data["joint_gain"],
            "recovered": data["joint_gain"] - held.baseline_joint_gain,
            "votes": {str(i + 1): b for i, b in sorted(ballots.items())},
        }
        outcome.analysis, outcome.computed_at = data, now
        outcome.save(update_fields=["package", "proposal", "analysis", "computed_at"])
    return outcome


def delegation_names(run):
    return dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("key", "name"))
