"""The outcome of a finished run: which proposal (if any) the decision rule adopted, each delegation's points
against its BATNA, and the exact analysis against every package (simulations.analysis).

Which proposal is adopted. Every ballot is one proposal version in one vote round, with the votes cast on it
in that round (a delegation that did not vote abstains). The scenario's decision rule
(``analysis.is_adopted``) decides each ballot. When several ballots are adopted, the one with the most yes
votes wins; ties go to the later vote round, then to the most recently tabled version (a later amendment
reflects the table's latest word). No adopted ballot: no agreement, everyone keeps its BATNA.

The outcome is computed once, after the commit of the transition that finishes the run (the engine calls
``record_outcome_on_commit``), and lazily by ``outcome_of`` for any finished run that lacks one.
"""

import logging
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone

from simulations import analysis
from simulations.domain.scoring import scoring_sheet
from simulations.enums import RunState, VoteChoice
from simulations.models import Delegation, Outcome, Proposal, Run, Vote

log = logging.getLogger(__name__)


def decide_adoption(run, sheet=None):
    """(adopted proposal or None, its ballot {delegation_key: choice}, its vote round) by the decision rule."""
    sheet = sheet or scoring_sheet(run.scenario)
    ballots = defaultdict(dict)
    votes = Vote.objects.filter(run_id=run.pk).values_list("proposal_id", "round_number", "delegation__key", "choice")
    for proposal_id, round_number, delegation_key, choice in votes:
        ballots[(proposal_id, round_number)][delegation_key] = choice
    if not ballots:
        return None, {}, None
    proposals = Proposal.objects.in_bulk({proposal_id for proposal_id, _ in ballots})
    adopted = []
    for (proposal_id, round_number), ballot in ballots.items():
        if analysis.is_adopted(sheet, ballot):
            proposal = proposals[proposal_id]
            yes = sum(1 for choice in ballot.values() if choice == VoteChoice.YES)
            adopted.append(((yes, round_number, proposal.created_at, proposal.pk), proposal, ballot, round_number))
    if not adopted:
        return None, {}, None
    _, proposal, ballot, round_number = max(adopted, key=lambda item: item[0])
    return proposal, ballot, round_number


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
    sheet = sheet or scoring_sheet(run.scenario)
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
        return existing
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
    return Outcome.objects.filter(run=run).select_related("proposal").first() or record_outcome(run)


def delegation_names(run):
    return dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("key", "name"))
