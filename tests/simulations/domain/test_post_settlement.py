"""The post-settlement round: a normal engine round (once, event-logged, every control, faults), decided once,
an adopted improvement replacing the agreement, and the agreement standing otherwise."""

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations
from simulations.domain.engine import EngineError, advance_due_run, open_post_settlement, sweep_due_runs
from simulations.domain.negotiation import NegotiationError, cast_post_settlement_vote, cast_vote, table_proposal
from simulations.domain.outcome import outcome_of, record_outcome
from simulations.enums import AdvanceSource, RunEventKind, RunState
from simulations.models import Delegation, PostSettlement, PostSettlementVote, RunEvent, RunRound
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import build_scenario, seated_run
from tests.simulations.helpers import event_kinds, make_due

pytestmark = pytest.mark.django_db

# a and b logroll, c is indifferent (tests/simulations/test_dance.py): x2,y1 gives 2, 2, 2 (joint gain 3);
# x1,y2 gives 6, 6, 2 (joint gain 11) and is the one Pareto improvement.
SCORES = {
    "a": {"x": {"x1": 6, "x2": 0}, "y": {"y1": 2, "y2": 0}},
    "b": {"x": {"x1": 0, "x2": 2}, "y": {"y1": 0, "y2": 6}},
    "c": {"x": {"x1": 1, "x2": 1}, "y": {"y1": 1, "y2": 1}},
}
WEAK, BETTER = {"x": "x2", "y": "y1"}, {"x": "x1", "y": "y2"}


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


def agreed_run(package=WEAK, **rule):
    scenario = build_scenario(
        {"a": 1, "b": 1, "c": 1}, SCORES, rounds=(("talk", 10, ["propose"]), ("vote", 10, ["vote"])), **rule
    )
    run, pairs = seated_run(scenario)
    delegations = {d.key: d for d in Delegation.objects.filter(scenario=scenario)}
    proposal = table_proposal(run, delegations["a"], package)
    engine.end_round_now(run)
    for key in "abc":
        cast_vote(run, delegations[key], proposal, "yes")
    run = engine.end_round_now(run)
    assert run.state == RunState.FINISHED and outcome_of(run).package == package
    return run, delegations, pairs


def vote_all(run, delegations, choices):
    for key, choice in choices.items():
        cast_post_settlement_vote(run, delegations[key], 0, choice)


def test_open_appends_one_timed_round_logged_once(facilitator):
    run, _, _ = agreed_run()
    version = run.version

    run = open_post_settlement(run, 3, actor=facilitator)

    assert (run.state, run.current_round, run.version) == (RunState.RUNNING, 3, version + 1)
    assert run.finished_at is None and 170 <= run.seconds_left() <= 180
    extra = RunRound.objects.get(run=run, number=3)
    assert extra.key == "post-settlement" and extra.started_at is not None and extra.ends_at == run.ends_at
    held = PostSettlement.objects.get(run=run)
    assert [c["package"] for c in held.candidates] == [BETTER] and held.baseline == WEAK
    assert held.candidates[0]["recovered"] == 8 and held.opened_by == facilitator
    event = RunEvent.objects.get(run=run, kind=RunEventKind.POST_SETTLEMENT_OPENED)
    assert (event.from_state, event.to_state, event.to_round, event.actor) == ("finished", "running", 3, facilitator)
    assert event.detail == {"minutes": 3.0, "offered": 1}
    with pytest.raises(EngineError, match="Cannot open a post-settlement round: the run is running"):
        open_post_settlement(run)


def test_an_adopted_improvement_replaces_the_agreement(facilitator):
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run, actor=facilitator)
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "yes"})

    run = engine.end_round_now(run, actor=facilitator)

    assert run.state == RunState.FINISHED and run.finished_at is not None
    outcome = outcome_of(run)
    assert outcome.package == BETTER and outcome.proposal is None
    summary = outcome.analysis["post_settlement"]
    assert (summary["adopted"], summary["recovered"], summary["baseline_joint_gain"]) == (1, 8, 3)
    assert outcome.analysis["joint_gain"] == 11 and outcome.analysis["on_frontier"] is True
    assert outcome.analysis["ballot"]["proposal"] == "Post-settlement improvement 1"
    with pytest.raises(EngineError, match="already had its post-settlement round"):
        open_post_settlement(run)
    assert event_kinds(run).count(RunEventKind.POST_SETTLEMENT_OPENED) == 1


def test_the_agreement_stands_when_the_rule_does_not_adopt_the_improvement():
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run)
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "no"})  # unanimity: c's no blocks it

    run = engine.end_round_now(run)

    outcome = outcome_of(run)
    assert outcome.package == WEAK and outcome.proposal is not None
    assert outcome.analysis["post_settlement"]["adopted"] is None
    assert outcome.analysis["post_settlement"]["recovered"] == 0
    assert outcome.analysis["post_settlement"]["votes"] == {"1": {"a": "yes", "b": "yes", "c": "no"}}


def test_k_of_n_adopts_without_the_indifferent_delegation():
    run, delegations, _ = agreed_run(rule="k_of_n", k=2, required=("a",))
    run = open_post_settlement(run)
    vote_all(run, delegations, {"a": "yes", "b": "yes"})  # c abstains by not voting

    run = engine.end_round_now(run)

    assert outcome_of(run).package == BETTER


def test_nothing_to_offer_on_the_frontier_or_without_agreement():
    run, _, _ = agreed_run(package=BETTER)
    with pytest.raises(EngineError, match="on the Pareto frontier"):
        open_post_settlement(run)
    assert not PostSettlement.objects.filter(run=run).exists() and run.state == RunState.FINISHED

    scenario = build_scenario({"a": 1, "b": 1, "c": 1}, SCORES)
    empty, _ = seated_run(scenario)
    empty = engine.finish_run(empty)
    with pytest.raises(EngineError, match="no agreement to improve"):
        open_post_settlement(empty)
    with pytest.raises(EngineError, match="at most 30 minutes"):
        open_post_settlement(empty, 31)


def test_every_control_in_the_post_settlement_round(facilitator):
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run, actor=facilitator)

    run = engine.pause_run(run, actor=facilitator)
    with pytest.raises(NegotiationError, match="paused"):
        cast_post_settlement_vote(run, delegations["a"], 0, "yes")
    run = engine.extend_round(run, 1, actor=facilitator)
    run = engine.resume_run(run, actor=facilitator)
    assert 350 <= run.seconds_left() <= 360
    with pytest.raises(EngineError, match="Cannot go back from the post-settlement round"):
        engine.go_back_round(run, actor=facilitator)
    with pytest.raises(EngineError, match="Cannot cancel in the post-settlement round"):
        engine.cancel_run(run, actor=facilitator)
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "yes"})
    run = engine.finish_run(run, actor=facilitator)

    assert outcome_of(run).package == BETTER
    kinds = event_kinds(run)
    assert kinds[-5:] == ["post_settlement_opened", "paused", "extended", "resumed", "finished"]


def test_votes_outside_the_round_and_on_unknown_improvements_are_refused():
    run, delegations, _ = agreed_run()
    with pytest.raises(NegotiationError, match="not running"):
        cast_post_settlement_vote(run, delegations["a"], 0, "yes")
    run = open_post_settlement(run)
    with pytest.raises(NegotiationError, match="no such improvement"):
        cast_post_settlement_vote(run, delegations["a"], 5, "yes")
    with pytest.raises(NegotiationError, match="yes, no or abstain"):
        cast_post_settlement_vote(run, delegations["a"], 0, "maybe")
    cast_post_settlement_vote(run, delegations["a"], 0, "no")
    cast_post_settlement_vote(run, delegations["a"], 0, "yes")  # changed while the round is open
    with pytest.raises(NegotiationError, match="already voted yes"):
        cast_post_settlement_vote(run, delegations["a"], 0, "yes")
    assert PostSettlementVote.objects.get().choice == "yes"


def test_a_stale_duplicate_or_early_timer_does_nothing_and_one_due_timer_ends_it_once():
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run)
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "yes"})

    assert advance_due_run(run.pk, run.current_round, run.version) is False  # early
    run = make_due(run)
    assert advance_due_run(run.pk, run.current_round, run.version - 1) is False  # stale version
    assert advance_due_run(run.pk, run.current_round, run.version, source=AdvanceSource.TASK) is True
    assert advance_due_run(run.pk, run.current_round, run.version, source=AdvanceSource.TASK) is False  # again
    assert sweep_due_runs() == 0

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    assert list(RunEvent.objects.filter(run=run, from_round=3).values_list("kind", "source")) == [
        ("round_advanced", "task")
    ]
    assert outcome_of(run).package == BETTER


def test_the_sweeper_ends_a_post_settlement_round_whose_timer_was_lost():
    run, delegations, _ = agreed_run()
    run = make_due(open_post_settlement(run))

    assert sweep_due_runs() == 1

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    assert RunEvent.objects.filter(run=run, from_round=3).get().source == AdvanceSource.SWEEPER
    assert outcome_of(run).package == WEAK  # nobody voted: the agreement stands


def test_the_round_is_decided_once_whoever_asks():
    run, delegations, _ = agreed_run()
    run = open_post_settlement(run)
    vote_all(run, delegations, {"a": "yes", "b": "yes", "c": "yes"})
    run = engine.end_round_now(run)

    first = record_outcome(run)
    # a vote written after the decision (it cannot be through the domain) changes nothing
    PostSettlementVote.objects.filter(delegation=delegations["c"]).update(choice="no")
    again = record_outcome(run)

    assert first.package == again.package == BETTER
    assert PostSettlement.objects.get(run=run).adopted_index == 0


def test_the_round_ends_early_once_everyone_voted_on_every_improvement():
    run, delegations, _ = agreed_run()
    run.end_round_when_all_acted = True
    run.save(update_fields=["end_round_when_all_acted"])
    run = open_post_settlement(run)

    vote_all(run, delegations, {"a": "yes", "b": "yes"})
    run.refresh_from_db()
    assert run.state == RunState.RUNNING
    cast_post_settlement_vote(run, delegations["c"], 0, "yes")

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    assert outcome_of(run).package == BETTER


def test_bots_vote_for_the_improvements_and_it_is_adopted():

    run, _, _ = agreed_run()
    run.seats.all().delete()
    run = open_post_settlement(run)

    done = act_once(run, bot_delegations(run))

    assert sorted(done) == [("a", "post_settlement_vote"), ("b", "post_settlement_vote"), ("c", "post_settlement_vote")]
    run = engine.end_round_now(run)
    assert outcome_of(run).package == BETTER


def test_the_debrief_shows_the_value_recovered_or_that_the_agreement_stands(client, facilitator):
    adopted, delegations, pairs = agreed_run()
    adopted = open_post_settlement(adopted)
    vote_all(adopted, delegations, {"a": "yes", "b": "yes", "c": "yes"})
    engine.end_round_now(adopted)
    stands, delegations2, _ = agreed_run()
    stands = open_post_settlement(stands)
    vote_all(stands, delegations2, {"a": "yes", "b": "yes", "c": "no"})
    engine.end_round_now(stands)
    client.force_login(pairs["c"][1].user)  # a participant of the first table: all points revealed at the debrief

    recovered = client.get(reverse("simulations:debrief", args=[adopted.pk])).content.decode()
    client.force_login(facilitator)
    nothing = client.get(reverse("simulations:debrief", args=[stands.pk])).content.decode()

    assert "which replaced" in recovered and "joint gain 3 → 11, <strong>8 recovered</strong>" in recovered
    assert '<tr class="adopted">' in recovered and "<td>11 (+8)</td>" in recovered
    assert "<bdi>Delegation A</bdi>: yes, <bdi>Delegation B</bdi>: yes, <bdi>Delegation C</bdi>: yes" in recovered
    assert "No improvement was adopted" in nothing and "(joint gain 3; nothing recovered)" in nothing
