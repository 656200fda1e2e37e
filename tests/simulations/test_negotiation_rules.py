"""Rules of the negotiation: each action only in rounds that allow it, only for one's own delegation; a refused
action says why and stores nothing."""

import pytest

from simulations.domain import engine
from simulations.domain.negotiation import (
    NegotiationError,
    amend_proposal,
    cast_vote,
    make_statement,
    post_caucus_message,
    post_floor_message,
    preview_package_score,
    support_proposal,
    table_proposal,
)
from simulations.models import (
    CaucusMessage,
    FloorMessage,
    Proposal,
    ProposalSupport,
    Run,
    Statement,
    Vote,
)
from tests.factories.negotiation import seated_run, two_by_two
from tests.simulations.helpers import make_due

pytestmark = pytest.mark.django_db

GOOD = {"x": "x1", "y": "y2"}
ROWS = (Statement, CaucusMessage, FloorMessage, Proposal, ProposalSupport, Vote)


def counts():
    return {model.__name__: model.objects.count() for model in ROWS}


@pytest.fixture
def table():
    scenario = two_by_two()
    run, pairs = seated_run(scenario)
    a, b = scenario.delegations.order_by("position")
    return run, a, b, pairs["a"][1].user, pairs["b"][1].user


def go_to(run, number):
    while Run.objects.get(pk=run.pk).current_round < number:
        engine.end_round_now(run)
    run.refresh_from_db()
    return run


def refused(call, *, match):
    before = counts()
    with pytest.raises(NegotiationError, match=match):
        call()
    assert counts() == before


def test_statement_in_statement_round_is_stored_and_editable(table):
    run, a, _, user_a, _ = table

    make_statement(run, a, "We need beam time.", user=user_a)
    make_statement(run, a, "We need beam time and power.", user=user_a)

    assert Statement.objects.get(run=run, delegation=a).text == "We need beam time and power."
    assert Statement.objects.count() == 1


def test_statement_bumps_activity_version(table):
    run, a, _, user_a, _ = table
    before = Run.objects.get(pk=run.pk).activity_version

    make_statement(run, a, "Hello.", user=user_a)

    assert Run.objects.get(pk=run.pk).activity_version == before + 1


def test_statement_after_its_round_ended_is_refused(table):
    run, a, _, user_a, _ = table
    make_due(run)  # the statement round's time is up; the action's lazy check ends it first

    refused(lambda: make_statement(run, a, "Late words.", user=user_a), match="not part of this round")
    assert Run.objects.get(pk=run.pk).current_round == 2


@pytest.mark.parametrize(
    ("action", "match"),
    [
        ("caucus", "caucus is not open"),
        ("floor", "floor is not open"),
        ("propose", "cannot be tabled"),
        ("vote", "not a vote round"),
    ],
)
def test_action_out_of_round_is_refused(table, action, match):
    run, a, _, user_a, _ = table  # round 1 allows statements only
    calls = {
        "caucus": lambda: post_caucus_message(run, a, "psst", user=user_a),
        "floor": lambda: post_floor_message(run, a, "hello all", user=user_a),
        "propose": lambda: table_proposal(run, a, GOOD, user=user_a),
        "vote": lambda: cast_vote(run, a, Proposal(run=run, pk=0), "yes", user=user_a),
    }
    if action == "vote":
        go_to(run, 3)
        proposal = table_proposal(run, a, GOOD, user=user_a)
        engine.go_back_round(run)  # round 2: caucus only
        calls["vote"] = lambda: cast_vote(run, a, proposal, "yes", user=user_a)

    refused(calls[action], match=match)


def test_statement_in_caucus_round_is_refused(table):
    run, a, _, user_a, _ = go_to(table[0], 2), *table[1:]

    refused(lambda: make_statement(run, a, "Now?", user=user_a), match="not part of this round")


def test_any_action_in_paused_run_is_refused(table):
    run, a, _, user_a, _ = table
    engine.pause_run(run)

    refused(lambda: make_statement(run, a, "Paused words.", user=user_a), match="paused")


def test_acting_for_another_delegation_is_refused(table):
    run, a, b, user_a, _ = table

    refused(lambda: make_statement(run, b, "I speak for B.", user=user_a), match="your own delegation")


def test_vote_for_another_delegation_is_refused(table):
    run, a, b, user_a, user_b = table
    go_to(run, 3)
    proposal = table_proposal(run, a, GOOD, user=user_a)
    go_to(run, 4)

    refused(lambda: cast_vote(run, b, proposal, "yes", user=user_a), match="your own delegation")


def test_vote_twice_same_answer_is_refused_and_change_updates(table):
    run, a, _, user_a, _ = table
    go_to(run, 3)
    proposal = table_proposal(run, a, GOOD, user=user_a)
    go_to(run, 4)
    cast_vote(run, a, proposal, "yes", user=user_a)

    refused(lambda: cast_vote(run, a, proposal, "yes", user=user_a), match="already voted yes")
    cast_vote(run, a, proposal, "no", user=user_a)

    vote = Vote.objects.get()
    assert vote.choice == "no" and vote.cast_by == user_a


def test_either_member_may_cast_the_delegations_vote(table):
    run, a, _, user_a, _ = table
    policymaker = Run.objects.get(pk=run.pk).seats.get(delegation=a).pair.participants.get(role="policymaker").user
    go_to(run, 3)
    proposal = table_proposal(run, a, GOOD, user=user_a)
    go_to(run, 4)

    cast_vote(run, a, proposal, "yes", user=user_a)
    cast_vote(run, a, proposal, "abstain", user=policymaker)

    assert list(Vote.objects.values_list("choice", "cast_by")) == [("abstain", policymaker.pk)]


def test_invalid_vote_choice_is_refused(table):
    run, a, _, user_a, _ = table
    go_to(run, 3)
    proposal = table_proposal(run, a, GOOD, user=user_a)
    go_to(run, 4)

    refused(lambda: cast_vote(run, a, proposal, "maybe", user=user_a), match="yes, no or abstain")


def test_package_missing_an_issue_is_refused(table):
    run, a, _, user_a, _ = go_to(table[0], 3), *table[1:]

    refused(lambda: table_proposal(run, a, {"x": "x1"}, user=user_a), match="missing: Issue y")


def test_package_with_unknown_option_is_refused(table):
    run, a, _, user_a, _ = go_to(table[0], 3), *table[1:]

    refused(lambda: table_proposal(run, a, {"x": "x1", "y": "y9"}, user=user_a), match="no option 'y9'")


def test_amendment_is_a_new_linked_version(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]
    first = table_proposal(run, a, {"x": "x1", "y": "y1"}, "Our opening bid", user=user_a)

    amended = amend_proposal(run, b, first, GOOD, "Meet in the middle", user=user_b)

    assert (amended.number, amended.version, amended.parent) == (first.number, 2, first)
    assert amended.label == f"Proposal {first.number} v2"


def test_amendment_that_changes_nothing_is_refused(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]
    first = table_proposal(run, a, GOOD, user=user_a)

    refused(lambda: amend_proposal(run, b, first, dict(GOOD), user=user_b), match="changes nothing")


def test_superseded_version_cannot_be_supported_or_amended(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]
    first = table_proposal(run, a, {"x": "x1", "y": "y1"}, user=user_a)
    amend_proposal(run, b, first, GOOD, user=user_b)

    refused(
        lambda: support_proposal(run, b, first, user=user_b),
        match="amended meanwhile by Delegation B .*: support its latest version",
    )
    refused(lambda: amend_proposal(run, b, first, {"x": "x2", "y": "y2"}, user=user_b), match="Proposal 1 v2")


def test_vote_on_superseded_version_is_refused(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]
    first = table_proposal(run, a, {"x": "x1", "y": "y1"}, user=user_a)
    amended = amend_proposal(run, b, first, GOOD, user=user_b)
    go_to(run, 4)

    refused(lambda: cast_vote(run, a, first, "yes", user=user_a), match="vote on its latest version")
    cast_vote(run, a, amended, "yes", user=user_a)

    assert list(Vote.objects.values_list("proposal_id", flat=True)) == [amended.pk]


def test_support_once_and_not_own_proposal(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]
    proposal = table_proposal(run, a, GOOD, user=user_a)

    support_proposal(run, b, proposal, user=user_b)

    refused(lambda: support_proposal(run, b, proposal, user=user_b), match="already supports")
    refused(lambda: support_proposal(run, a, proposal, user=user_a), match="tabled")
    assert ProposalSupport.objects.count() == 1


def test_floor_and_caucus_messages_in_negotiation_round(table):
    run, a, b, user_a, user_b = go_to(table[0], 3), *table[1:]

    post_floor_message(run, a, "First", user=user_a)
    post_floor_message(run, b, "Second", user=user_b)
    post_caucus_message(run, a, "Between us", user=user_a)

    assert list(FloorMessage.objects.filter(run=run).values_list("text", flat=True)) == ["First", "Second"]
    assert CaucusMessage.objects.get().delegation == a


def test_empty_message_is_refused(table):
    run, a, _, user_a, _ = go_to(table[0], 3), *table[1:]

    refused(lambda: post_floor_message(run, a, "   ", user=user_a), match="Write your message")


def test_preview_shows_own_points_and_batna_only(table):
    run, a, b, user_a, _ = table

    preview = preview_package_score(run, a, {"x": "x1", "y": "y2"}, user=user_a)

    assert (preview.points, preview.batna, preview.margin, preview.beats_batna) == (20, 10, 10, True)
    with pytest.raises(NegotiationError, match="your own delegation"):
        preview_package_score(run, b, GOOD, user=user_a)


def test_round_ends_early_once_every_delegation_made_its_statement():
    scenario = two_by_two()
    run, pairs = seated_run(scenario, end_round_when_all_acted=True)
    a, b = scenario.delegations.order_by("position")

    make_statement(run, a, "A speaks.", user=pairs["a"][1].user)
    assert Run.objects.get(pk=run.pk).current_round == 1
    make_statement(run, b, "B speaks.", user=pairs["b"][2].user)

    assert Run.objects.get(pk=run.pk).current_round == 2


def test_vote_round_ends_early_only_once_everyone_voted_on_every_current_proposal():
    scenario = two_by_two()
    run, pairs = seated_run(scenario, end_round_when_all_acted=True)
    a, b = scenario.delegations.order_by("position")
    user_a, user_b = pairs["a"][1].user, pairs["b"][1].user
    make_statement(run, a, "A", user=user_a)
    make_statement(run, b, "B", user=user_b)  # round 1 ends early
    engine.end_round_now(run)
    first = table_proposal(run, a, GOOD, user=user_a)
    second = table_proposal(run, b, {"x": "x2", "y": "y2"}, user=user_b)
    engine.end_round_now(run)  # round 4: vote

    cast_vote(run, a, first, "yes", user=user_a)
    cast_vote(run, b, first, "yes", user=user_b)
    cast_vote(run, a, second, "no", user=user_a)
    assert Run.objects.get(pk=run.pk).state == "running"
    cast_vote(run, b, second, "yes", user=user_b)

    assert Run.objects.get(pk=run.pk).state == "finished"
