"""simulations.room.panel: the negotiation tools' view model shows a delegation its own caucus, points and
private messages, and everyone's public material, built from the table's snapshot without a query."""

import pytest

from simulations.domain import engine
from simulations.domain.console import post_announcement
from simulations.domain.negotiation import post_caucus_message, post_floor_message, table_proposal
from simulations.models import Run
from simulations.room.panel import negotiation_panel
from simulations.room.seat import room_for
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    run, pairs = seated_run(two_by_two())
    engine.end_round_now(run)
    run = engine.end_round_now(run)  # round 3: floor, proposals, caucus
    ds = {d.key: d for d in run.scenario.delegations.all()}
    post_caucus_message(run, ds["a"], "A-CAUCUS", user=pairs["a"][1].user)
    post_caucus_message(run, ds["b"], "B-CAUCUS", user=pairs["b"][1].user)
    post_floor_message(run, ds["b"], "Public words", user=pairs["b"][1].user)
    table_proposal(run, ds["b"], {"x": "x1", "y": "y2"}, user=pairs["b"][1].user)
    post_announcement(run.course, "FOR-B-ONLY", run=run, delegation=ds["b"])
    return Run.objects.get(pk=run.pk), pairs


def _panel(run, user):
    room = room_for(run, user)
    return negotiation_panel(run, room.delegation, room.current_round, room.snapshot)


def test_panel_shows_own_caucus_points_and_messages_only(table):
    run, pairs = table

    panel = _panel(run, pairs["a"][1].user)

    assert [m.text for m in panel.caucus] == ["A-CAUCUS"]
    assert [m.text for m in panel.floor] == ["Public words"]
    assert "FOR-B-ONLY" not in [a.text for a in panel.announcements]
    (proposal,) = panel.proposals
    assert proposal.own_points == 20 and proposal.beats_batna  # a's points for x1, y2: 20 + 0
    assert panel.allows("propose") and not panel.allows("vote")


def test_panel_is_built_from_the_snapshot_without_queries(table, django_assert_num_queries):
    run, pairs = table
    room = room_for(run, pairs["b"][1].user)

    with django_assert_num_queries(0):
        panel = negotiation_panel(run, room.delegation, room.current_round, room.snapshot)

    assert [m.text for m in panel.caucus] == ["B-CAUCUS"] and "FOR-B-ONLY" in [a.text for a in panel.announcements]
    assert panel.proposals[0].own_points == 25
