"""Scripted delegations: run_bots --once in each round of a small run yields a full transcript and an agreement."""

import io

import pytest
from django.core.management import CommandError, call_command

from simulations.dance import dance
from simulations.domain import engine
from simulations.domain.bots import bot_delegations
from simulations.domain.dance import tabled_of
from simulations.domain.outcome import outcome_of
from simulations.domain.scoring import scoring_sheet
from simulations.models import CaucusMessage, FloorMessage, Proposal, ProposalSupport, Run, Statement, Vote
from tests.factories.negotiation import build_scenario, seated_run, two_by_two

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

    assert "Bots play a (sincere) in run" in output
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


def test_run_bots_with_strategies_dance_and_each_seat_plays_its_own():

    scores = {
        "a": {"x": {"x1": 6, "x2": 3, "x3": 0}, "y": {"y1": 2, "y2": 1, "y3": 0}},
        "b": {"x": {"x1": 0, "x2": 1, "x3": 2}, "y": {"y1": 0, "y2": 3, "y3": 6}},
        "c": {"x": {"x1": 1, "x2": 2, "x3": 1}, "y": {"y1": 1, "y2": 2, "y3": 1}},
    }
    talk = ["floor", "propose", "amend", "support"]
    scenario = build_scenario(
        {"a": 1, "b": 1, "c": 1},
        scores,
        rounds=(("r1", 10, talk), ("r2", 10, talk), ("r3", 10, talk), ("r4", 10, talk), ("vote", 10, ["vote"])),
    )
    run, _ = seated_run(scenario)
    run.seats.all().delete()

    for _ in range(5):
        run_bots(run.pk, "--once", "--strategy", "a=hard_liner,b=concession_maker,c=free_rider")
        engine.end_round_now(run)

    run.refresh_from_db()
    assert run.state == "finished"
    tabled_by = set(Proposal.objects.filter(run=run).values_list("delegation__key", flat=True))
    assert tabled_by == {"a", "b"}  # the free rider tables nothing
    result = dance(scoring_sheet(scenario), tabled_of(run))
    assert len(result.moves) >= 2
    assert result.counts["b"]["concession"] >= 1  # the concession-maker concedes
    with pytest.raises(CommandError, match="Unknown strategy"):
        run_bots(run.pk, "--once", "--strategy", "a=bully")
