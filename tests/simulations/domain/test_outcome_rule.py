"""The outcome follows the table's last word (outcome.OUTCOME_RULE): the ballots of the last vote round actually
held, on versions live at its end; a go-back voids the ballots of the rounds it reopens."""

from pathlib import Path

import pytest

from simulations.domain import engine
from simulations.domain.errors import NegotiationError
from simulations.domain.exports import results_data, votes_csv
from simulations.domain.negotiation import amend_proposal, cast_vote, table_proposal
from simulations.domain.outcome import decide_adoption, outcome_of, voting_record
from simulations.domain.scenarios import load_scenario_file
from simulations.enums import DecisionRuleType, RunEventKind
from simulations.models import RunEvent, Vote
from tests.factories.course import UserFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db

US_CUBA = Path(__file__).resolve().parents[3] / "fixtures" / "scenarios" / "us-cuba-weather-stations.yaml"


def user_of(pairs, key):
    return pairs[key][1].user


def test_us_cuba_go_back_then_rejected_amendment_means_no_agreement(django_capture_on_commit_callbacks):
    scenario = load_scenario_file(US_CUBA)
    run, pairs = seated_run(scenario)
    ds = {d.key: d for d in scenario.delegations.all()}
    facilitator = UserFactory()
    package = {issue.key: issue.options.order_by("position").first().key for issue in scenario.issues.all()}
    engine.end_round_now(run)
    engine.end_round_now(run)  # round 3: negotiation
    p1 = table_proposal(run, ds["united_states"], package, user=user_of(pairs, "united_states"))
    engine.end_round_now(run)  # round 4: the vote
    for key in list(ds)[:4]:  # four delegations, the US and Cuba among them, vote yes
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    assert decide_adoption(run)[0] == p1  # had the run finished now, P1 would be the agreement

    engine.go_back_round(run, actor=facilitator)  # back to the negotiation: round 4's ballots are void
    amended = {**package, **_other_option(scenario, package)}
    p1v2 = amend_proposal(run, ds["cuba"], p1, amended, user=user_of(pairs, "cuba"))
    engine.end_round_now(run)  # the vote round again
    keys = list(ds)
    cast_vote(run, ds["cuba"], p1v2, "yes", user=user_of(pairs, "cuba"))
    for key in [k for k in keys if k != "cuba"]:
        cast_vote(run, ds[key], p1v2, "no", user=user_of(pairs, key))
    with django_capture_on_commit_callbacks(execute=True):
        engine.finish_run(run, actor=facilitator)
    run.refresh_from_db()

    outcome = outcome_of(run)
    assert outcome.proposal is None and not outcome.agreed
    assert all(d["points"] == d["batna"] for d in outcome.analysis["delegations"])
    went_back = RunEvent.objects.get(run=run, kind=RunEventKind.WENT_BACK)
    assert went_back.actor == facilitator and went_back.detail["voided_ballots"] == 4
    record = voting_record(run)
    void = [r for r in record if r["void"]]
    assert len(void) == 4 and {r["proposal"] for r in void} == {"Proposal 1"} and all(r["round"] == 4 for r in void)
    assert all(r["voided_by"] for r in void)
    live = [r for r in record if not r["void"]]
    assert [(r["proposal"], r["version"], r["round"]) for r in live] == [("Proposal 1 v2", 2, 4)] * len(keys)
    assert len(results_data(run)["voting_record"]) == len(record)


def _other_option(scenario, package):
    issue = scenario.issues.order_by("position").first()
    other = issue.options.exclude(key=package[issue.key]).first()
    return {issue.key: other.key}


@pytest.fixture
def six_two_votes():
    """d1..d6, five of six with d1, d2 required; rounds: talk, vote, talk, vote."""
    keys = [f"d{k}" for k in range(1, 7)]
    scores = {f"d{k}": {"a": {"a1": k, "a2": 10 - k}, "b": {"b1": 2 * k, "b2": 5}} for k in range(1, 7)}
    talk = ["floor", "propose", "amend", "support"]
    scenario = build_scenario(
        dict.fromkeys(keys, 6),
        scores,
        rule=DecisionRuleType.K_OF_N,
        k=5,
        required=("d1", "d2"),
        rounds=(("talk1", 10, talk), ("vote1", 10, ["vote"]), ("talk2", 10, talk), ("vote2", 10, ["vote"])),
    )
    run, pairs = seated_run(scenario)
    return run, pairs, {d.key: d for d in scenario.delegations.all()}


def test_later_adopted_amendment_beats_earlier_ballot_with_more_yes(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)  # vote 1: all six say yes
    for key in ds:
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    engine.end_round_now(run)  # talk 2
    v2 = amend_proposal(run, ds["d2"], p1, {"a": "a2", "b": "b1"}, user=user_of(pairs, "d2"))
    engine.end_round_now(run)  # vote 2: five say yes
    for key in ["d1", "d2", "d3", "d4", "d5"]:
        cast_vote(run, ds[key], v2, "yes", user=user_of(pairs, key))
    engine.end_round_now(run)  # finished

    proposal, ballot, round_number = decide_adoption(run)
    assert proposal == v2 and round_number == 4 and len(ballot) == 5


def test_a_held_final_vote_round_without_ballots_means_no_agreement(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)
    for key in ds:
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    engine.end_round_now(run)
    engine.end_round_now(run)  # vote 2 is held; nobody votes
    engine.end_round_now(run)

    assert decide_adoption(run) == (None, {}, 4)


def test_an_earlier_ballot_stands_when_no_later_vote_round_is_held(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)
    for key in ds:
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    engine.end_round_now(run)
    engine.finish_run(run)  # finished in talk 2: vote 1 was the last vote round held

    assert decide_adoption(run)[0] == p1


def test_a_delegation_changes_its_vote_while_the_round_is_open(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)
    for key in ds:
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    cast_vote(run, ds["d1"], p1, "no", user=user_of(pairs, "d1"))  # the required party changes its mind
    engine.end_round_now(run)
    engine.finish_run(run)

    assert decide_adoption(run)[0] is None
    assert Vote.objects.filter(run=run, delegation=ds["d1"]).get().choice == "no"


def test_after_a_go_back_a_delegation_votes_again_from_scratch(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)
    cast_vote(run, ds["d3"], p1, "yes", user=user_of(pairs, "d3"))
    with pytest.raises(NegotiationError):
        cast_vote(run, ds["d3"], p1, "yes", user=user_of(pairs, "d3"))
    engine.go_back_round(run)
    engine.end_round_now(run)

    cast_vote(run, ds["d3"], p1, "yes", user=user_of(pairs, "d3"))  # the void ballot does not say "already voted"

    assert Vote.objects.filter(run=run, delegation=ds["d3"]).count() == 2
    assert Vote.objects.filter(run=run, delegation=ds["d3"], voided_at__isnull=True).count() == 1


def test_going_back_from_a_later_round_voids_the_reopened_rounds_ballots(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)  # vote 1
    for key in ds:
        cast_vote(run, ds[key], p1, "yes", user=user_of(pairs, key))
    engine.end_round_now(run)  # talk 2
    engine.go_back_round(run)  # back into vote 1: its ballots are void, the delegations vote again

    assert not Vote.objects.filter(run=run, voided_at__isnull=True).exists()
    engine.finish_run(run)
    assert decide_adoption(run)[0] is None


def test_votes_csv_marks_void_ballots(six_two_votes):
    run, pairs, ds = six_two_votes
    p1 = table_proposal(run, ds["d1"], {"a": "a1", "b": "b1"}, user=user_of(pairs, "d1"))
    engine.end_round_now(run)
    cast_vote(run, ds["d2"], p1, "yes", user=user_of(pairs, "d2"))
    engine.go_back_round(run)

    lines = votes_csv(run).splitlines()

    assert lines[0].startswith("round,proposal,version,delegation_key")
    assert len(lines) == 2 and ",True," in lines[1] and "the facilitator" in lines[1]
