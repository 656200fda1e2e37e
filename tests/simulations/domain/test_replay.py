"""Replay: a finished run at minute t, from the event log and the rows' own times (histories included)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from simulations.domain import engine
from simulations.domain.negotiation import cast_vote, make_statement, post_caucus_message, table_proposal
from simulations.domain.replay import replay_frame
from simulations.models import Delegation
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db

SCORES = {
    "a": {"x": {"x1": 6, "x2": 0}, "y": {"y1": 2, "y2": 0}},
    "b": {"x": {"x1": 0, "x2": 2}, "y": {"y1": 0, "y2": 6}},
}
ROUNDS = (("opening", 10, ["statement", "caucus"]), ("talk", 10, ["propose"]), ("vote", 10, ["vote"]))


@pytest.fixture
def played():
    """Minute 0 start; 1: a's statement; 3: a revises it; 4: b's caucus; 10: round 2; 12: a tables;
    20: round 3; 21: a votes no; 22: a changes to yes; 25: finish."""
    t0 = timezone.now().replace(microsecond=0)
    with time_machine.travel(t0, tick=False) as clock:
        scenario = build_scenario({"a": 1, "b": 1}, SCORES, rounds=ROUNDS)
        run, pairs = seated_run(scenario)
        ds = {d.key: d for d in Delegation.objects.filter(scenario=scenario)}

        def at(minute):
            clock.move_to(t0 + datetime.timedelta(minutes=minute))

        at(1)
        make_statement(run, ds["a"], "First words.")
        at(3)
        make_statement(run, ds["a"], "Second thoughts.")
        at(4)
        post_caucus_message(run, ds["b"], "B-SECRET")
        at(10)
        engine.end_round_now(run)
        at(12)
        proposal = table_proposal(run, ds["a"], {"x": "x1", "y": "y2"})
        at(20)
        engine.end_round_now(run)
        at(21)
        cast_vote(run, ds["a"], proposal, "no")
        at(22)
        cast_vote(run, ds["a"], proposal, "yes")
        at(25)
        run = engine.finish_run(run)
    return run, pairs


def test_a_frame_shows_what_stood_at_that_minute(played):
    run, _ = played
    early = replay_frame(run, 2)
    assert (early.round_number, early.state) == (1, "running")
    assert early.statements == [("Delegation A", "First words.", False)] and early.proposals == []
    revised = replay_frame(run, 5)
    assert revised.statements == [("Delegation A", "Second thoughts.", True)]
    assert replay_frame(run, 13).proposals[0]["label"] == "Proposal 1"
    assert replay_frame(run, 21.5, "facilitator").votes == [(3, "Proposal 1", "Delegation A", "no", False)]
    assert replay_frame(run, 23, "facilitator").votes == [(3, "Proposal 1", "Delegation A", "yes", False)]
    end = replay_frame(run, 99)  # clamped to the finish
    assert (end.minute, end.total_minutes, end.state) == (25, 25, "finished")


def test_views_show_only_their_own_private_material(played):
    run, _ = played
    public, a_view, b_view, facilitator = (replay_frame(run, 24, v) for v in ("public", "a", "b", "facilitator"))
    assert public.caucus == [] and public.votes == [] and public.events == []
    assert a_view.caucus == [] and len(a_view.votes) == 1 and a_view.proposals[0]["own_points"] == 6
    assert b_view.caucus[0][2] == "B-SECRET" and b_view.votes == [] and b_view.proposals[0]["own_points"] == 6
    assert len(facilitator.caucus) == 1 and facilitator.events and facilitator.proposals[0]["all_points"]


def test_replay_page_works_as_links_and_htmx(client, played):
    run, pairs = played
    client.force_login(pairs["a"][1].user)
    url = reverse("simulations:replay", args=[run.pk])

    page = client.get(url, {"t": "2"}).content.decode()
    assert 'id="replay-t"' in page and "Minute 2: round 1" in page and "First words." in page
    partial = client.get(url, {"t": "13", "view": "facilitator"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Minute 13: round 2" in partial
    assert "Event log" not in partial  # a participant asking for the facilitator's view gets the public one
    assert client.get(url, {"t": "nan"}).status_code == 200
