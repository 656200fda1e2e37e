"""The post-settlement round: after a table adopted a package, Accord offers the Pareto improvements the
decision rule would adopt (``simulations.dance.post_settlement_candidates``: at most five, those reopening the
fewest issues first) and the delegations vote on them in one more timed round of the engine
(``engine.open_post_settlement``). Each delegation sees only its own points for each. When the round ends (in
any way the engine ends a round), ``outcome.settle_post_settlement`` decides it once: if an improvement is
adopted under the scenario's rule it replaces the agreement, otherwise the agreement stands. The debrief shows
the value recovered. Definitions: docs/negotiation.md ("Post-settlement round").

This module answers what a round would offer (a read); the engine writes the round.
"""

from django.utils.translation import gettext

from simulations import dance
from simulations.domain.errors import EngineError
from simulations.domain.outcome import outcome_of
from simulations.domain.versions import run_sheet
from simulations.enums import POST_SETTLEMENT_ROUND_KEY
from simulations.models import PostSettlement, RunRound

DEFAULT_MINUTES = 5
MAX_MINUTES = 30


def is_post_settlement_round(run):
    """Whether the run is in its post-settlement round (one query)."""
    return RunRound.objects.filter(run_id=run.pk, number=run.current_round, key=POST_SETTLEMENT_ROUND_KEY).exists()


def offer_for(run):
    """The fields of the PostSettlement row a round of ``run`` would open with, or EngineError saying why none
    can be opened (already held, no agreement, nothing improves it)."""
    if PostSettlement.objects.filter(run_id=run.pk).exists():
        raise EngineError(gettext("This table has already had its post-settlement round."))
    outcome = outcome_of(run)
    if outcome is None or not outcome.agreed:
        raise EngineError(
            gettext("There is no agreement to improve: a post-settlement round follows an adopted package.")
        )
    sheet = run_sheet(run)
    found = dance.post_settlement_candidates(sheet, outcome.package)
    if not found:
        raise EngineError(
            gettext(
                "Nothing to offer: no package gives every delegation at least its points in the agreement (one "
                "more) and would be adopted by the decision rule. The agreement is on the Pareto frontier."
            )
        )
    baseline_label = (outcome.analysis.get("ballot") or {}).get("proposal") or "the agreement"
    return {
        "baseline": outcome.package,
        "baseline_label": baseline_label,
        "baseline_joint_gain": float(outcome.analysis.get("joint_gain") or 0),
        "candidates": [
            {
                "package": c.package,
                "points": c.points,
                "gains": c.gains,
                "joint_gain": c.joint_gain,
                "recovered": c.joint_gain_recovered,
                "issues_changed": c.issues_changed,
            }
            for c in found
        ],
    }
