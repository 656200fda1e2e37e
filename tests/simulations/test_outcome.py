"""The outcome of a run: adoption by the scenario's decision rule, points against BATNA, frontier analysis."""

import pytest

from simulations.domain import engine
from simulations.domain.negotiation import cast_vote, table_proposal
from simulations.domain.outcome import decide_adoption, outcome_of, record_outcome
from simulations.enums import DecisionRuleType
from simulations.models import Outcome, Run
from tests.factories.negotiation import ProposalFactory, VoteFactory, build_scenario, seated_run, two_by_two

pytestmark = pytest.mark.django_db


def finish_through_rounds(run):
    while Run.objects.get(pk=run.pk).state == "running":
        engine.end_round_now(run)
    run.refresh_from_db()
    return run


def test_two_by_two_agreement_scored_against_batna_and_frontier(django_capture_on_commit_callbacks):
    scenario = two_by_two()
    run, pairs = seated_run(scenario)
    a, b = scenario.delegations.order_by("position")
    engine.end_round_now(run)
    engine.end_round_now(run)  # round 3: negotiation
    proposal = table_proposal(run, a, {"x": "x1", "y": "y2"}, user=pairs["a"][1].user)
    engine.end_round_now(run)  # round 4: vote
    cast_vote(run, a, proposal, "yes", user=pairs["a"][1].user)
    cast_vote(run, b, proposal, "yes", user=pairs["b"][2].user)

    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)  # the last round's end finishes the run; the outcome is recorded after commit

    outcome = Outcome.objects.get(run=run)
    data = outcome.analysis
    assert outcome.proposal == proposal and outcome.package == {"x": "x1", "y": "y2"}
    assert [(d["delegation"], d["points"], d["margin"], d["beats_batna"]) for d in data["delegations"]] == [
        ("a", 20, 10, True),
        ("b", 25, 15, True),
    ]
    assert data["joint_gain"] == 25 and data["on_frontier"] is True and data["distance_to_frontier"] == 0
    assert data["frontier_size"] == 3 and data["zone_size"] == 1
    assert data["nash_package"] == {"x": "x1", "y": "y2"} and data["best_achievable_joint_gain"] == 25
    assert data["ballot"]["votes"] == {"a": "yes", "b": "yes"}


def test_two_by_two_one_no_vote_means_no_agreement():
    scenario = two_by_two()
    run, pairs = seated_run(scenario)
    a, b = scenario.delegations.order_by("position")
    engine.end_round_now(run)
    engine.end_round_now(run)
    proposal = table_proposal(run, a, {"x": "x1", "y": "y1"}, user=pairs["a"][1].user)
    engine.end_round_now(run)
    cast_vote(run, a, proposal, "yes", user=pairs["a"][1].user)
    cast_vote(run, b, proposal, "no", user=pairs["b"][1].user)
    finish_through_rounds(run)

    outcome = outcome_of(run)

    assert outcome.proposal is None and outcome.package is None and not outcome.agreed
    assert [(d["points"], d["margin"], d["beats_batna"]) for d in outcome.analysis["delegations"]] == [
        (10, 0, False),
        (10, 0, False),
    ]
    # No agreement left the x1y2 agreement's 25 points of joint gain on the table.
    assert outcome.analysis["joint_gain"] == 0 and outcome.analysis["distance_to_frontier"] == 25


def test_missing_vote_abstains_so_unanimity_fails():
    scenario = two_by_two()
    run, pairs = seated_run(scenario)
    a = scenario.delegations.get(key="a")
    proposal = ProposalFactory(run=run, delegation=a, package={"x": "x1", "y": "y2"})
    VoteFactory(proposal=proposal, delegation=a, round_number=4)

    assert decide_adoption(run)[0] is None


# --- Six parties, five of six including two required parties -------------------------------------------


@pytest.fixture
def six():
    """d1..d6, BATNA 6; issue a: a1 = k, a2 = 10 − k; issue b: b1 = 2k, b2 = 5 (k = 1..6). d1, d2 required."""
    keys = [f"d{k}" for k in range(1, 7)]
    scores = {f"d{k}": {"a": {"a1": k, "a2": 10 - k}, "b": {"b1": 2 * k, "b2": 5}} for k in range(1, 7)}
    scenario = build_scenario(dict.fromkeys(keys, 6), scores, rule=DecisionRuleType.K_OF_N, k=5, required=("d1", "d2"))
    run, _ = seated_run(scenario, start=False)
    return run, {d.key: d for d in scenario.delegations.all()}


def ballot(run, delegations, proposal, yes, no=(), round_number=4):
    for key in yes:
        VoteFactory(proposal=proposal, run=run, delegation=delegations[key], round_number=round_number, choice="yes")
    for key in no:
        VoteFactory(proposal=proposal, run=run, delegation=delegations[key], round_number=round_number, choice="no")


def test_six_party_five_of_six_needs_both_required_parties(six):
    run, ds = six
    with_both = ProposalFactory(run=run, delegation=ds["d3"], package={"a": "a2", "b": "b2"})
    without_d1 = ProposalFactory(run=run, delegation=ds["d4"], package={"a": "a1", "b": "b2"})
    ballot(run, ds, with_both, yes=["d1", "d2", "d3", "d4", "d5"], no=["d6"])
    ballot(run, ds, without_d1, yes=["d2", "d3", "d4", "d5", "d6"], no=["d1"])

    assert decide_adoption(run)[0] == with_both


def test_six_party_four_yes_is_not_enough(six):
    run, ds = six
    proposal = ProposalFactory(run=run, delegation=ds["d3"], package={"a": "a2", "b": "b2"})
    ballot(run, ds, proposal, yes=["d1", "d2", "d3", "d4"])  # d5, d6 abstain by not voting

    assert decide_adoption(run)[0] is None


def test_six_party_most_yes_wins_over_later_version(six):
    run, ds = six
    unanimous = ProposalFactory(run=run, delegation=ds["d1"], package={"a": "a1", "b": "b1"})
    later = ProposalFactory(run=run, delegation=ds["d2"], package={"a": "a2", "b": "b2"})
    ballot(run, ds, unanimous, yes=["d1", "d2", "d3", "d4", "d5", "d6"])
    ballot(run, ds, later, yes=["d1", "d2", "d3", "d4", "d5"])

    assert decide_adoption(run)[0] == unanimous


def test_six_party_equal_yes_latest_version_wins(six):
    run, ds = six
    first = ProposalFactory(run=run, delegation=ds["d1"], package={"a": "a1", "b": "b1"})
    amended = ProposalFactory(
        run=run, delegation=ds["d2"], number=first.number, version=2, parent=first, package={"a": "a2", "b": "b1"}
    )
    ballot(run, ds, first, yes=["d1", "d2", "d3", "d4", "d5"])
    ballot(run, ds, amended, yes=["d1", "d2", "d3", "d4", "d5"])

    assert decide_adoption(run)[0] == amended


def test_six_party_outcome_points_by_hand(six):
    run, ds = six
    proposal = ProposalFactory(run=run, delegation=ds["d1"], package={"a": "a1", "b": "b1"})
    ballot(run, ds, proposal, yes=["d1", "d2", "d3", "d4", "d5", "d6"])
    engine.start_run(run)
    engine.finish_run(run)

    outcome = record_outcome(run)

    # a1 + b1 = k + 2k = 3k points against a BATNA of 6
    rows = [(d["delegation"], d["points"], d["margin"], d["beats_batna"]) for d in outcome.analysis["delegations"]]
    assert rows == [(f"d{k}", 3 * k, 3 * k - 6, 3 * k > 6) for k in range(1, 7)]
    assert outcome.analysis["joint_gain"] == sum(3 * k - 6 for k in range(1, 7)) == 27


def test_record_outcome_waits_for_the_finish_and_is_stored_once(six):
    run, _ = six

    assert record_outcome(run) is None
    engine.start_run(run)
    engine.finish_run(run)
    first = record_outcome(run)

    assert record_outcome(run) == first and Outcome.objects.count() == 1
