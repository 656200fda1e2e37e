"""Scripted delegations: run_bots --once in each round of a small run yields a full transcript and an agreement."""

import io

import pytest
from django.core.management import CommandError, call_command

from simulations.domain import engine
from simulations.domain.bots import bot_delegations
from simulations.domain.outcome import outcome_of
from simulations.models import CaucusMessage, FloorMessage, Proposal, ProposalSupport, Run, Statement, Vote
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


def run_bots(*args):
    out = io.StringIO()
    call_command("run_bots", *map(str, args), stdout=out)
    return out.getvalue()


def test_run_bots_once_per_round_reaches_an_adopted_outcome():
    scenario = two_by_two()
    run, _ = seated_run(scenario)
    run.seats.all().delete()  # every seat empty: bots play both delegations

    for _ in range(4):
        run_bots(run.pk, "--once")
        engine.end_round_now(run)

    run.refresh_from_db()
    assert run.state == "finished"
    assert Statement.objects.filter(run=run).count() == 2
    assert CaucusMessage.objects.filter(run=run).count() == 4  # two caucus rounds × two delegations
    assert FloorMessage.objects.filter(run=run).count() == 2
    # a tables its best adoptable package, which also beats b's BATNA, so b supports it instead of a duplicate
    assert list(Proposal.objects.filter(run=run).values_list("package", flat=True)) == [{"x": "x1", "y": "y2"}]
    assert ProposalSupport.objects.filter(proposal__run=run).count() == 1
    assert sorted(Vote.objects.filter(run=run).values_list("delegation__key", "choice")) == [
        ("a", "yes"),
        ("b", "yes"),
    ]
    outcome = outcome_of(run)
    assert outcome.agreed and outcome.package == {"x": "x1", "y": "y2"}


def test_run_bots_once_twice_in_a_round_adds_nothing():
    run, _ = seated_run(two_by_two())
    run.seats.all().delete()

    run_bots(run.pk, "--once")
    run_bots(run.pk, "--once")

    assert Statement.objects.filter(run=run).count() == 2


def test_run_bots_fills_only_empty_seats_by_default():
    run, _ = seated_run(two_by_two())
    run.seats.filter(delegation__key="a").delete()

    output = run_bots(run.pk, "--once")

    assert "Bots play a in run" in output
    assert list(Statement.objects.filter(run=run).values_list("delegation__key", flat=True)) == ["a"]


def test_run_bots_chosen_seats_and_unknown_key():
    run, _ = seated_run(two_by_two())

    assert [d.key for d in bot_delegations(run, ["b"])] == ["b"]
    with pytest.raises(CommandError, match="no delegation zz"):
        run_bots(run.pk, "--seats", "zz", "--once")


def test_run_bots_loop_exits_when_the_run_is_over():
    run, _ = seated_run(two_by_two())
    engine.finish_run(run)

    output = run_bots(run.pk, "--seats", "a,b", "--interval", "0")

    assert "the run is finished" in output and Run.objects.get(pk=run.pk).is_over
