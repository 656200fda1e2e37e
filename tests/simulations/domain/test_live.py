"""The facilitator's live view of the negotiation (simulations.domain.live) on the run page: statements, floor,
proposals with versions and who tabled or amended them, supports, votes per delegation per version; never the
caucus."""

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.live import live_negotiations
from simulations.domain.negotiation import (
    amend_proposal,
    cast_vote,
    make_statement,
    post_caucus_message,
    post_floor_message,
    support_proposal,
    table_proposal,
)
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


def test_run_page_shows_the_negotiation_live_without_the_caucus(client):
    run, pairs = seated_run(two_by_two())
    a, b = run.scenario.delegations.order_by("position")
    ua, ub = pairs["a"][1].user, pairs["b"][1].user
    make_statement(run, a, "STATEMENT-A", user=ua)
    engine.end_round_now(run)
    post_caucus_message(run, a, "CAUCUS-SECRET", user=ua)
    engine.end_round_now(run)
    post_floor_message(run, b, "FLOOR-B", user=ub)
    p1 = table_proposal(run, a, {"x": "x1", "y": "y1"}, user=ua)
    v2 = amend_proposal(run, b, p1, {"x": "x1", "y": "y2"}, user=ub)
    support_proposal(run, a, v2, user=ua)
    engine.end_round_now(run)
    cast_vote(run, a, v2, "yes", user=ua)

    live = live_negotiations([run])[run.pk]
    client.force_login(FacilitatorFactory())
    html = client.get(reverse("simulations:run_detail", args=[run.pk])).content.decode()

    assert [lp.proposal.label for lp in live.proposals] == ["Proposal 1", "Proposal 1 v2"]
    assert live.proposals[0].superseded and live.proposals[1].delegation == "Delegation B"
    assert live.proposals[1].supporters == ["Delegation A"] and live.proposals[1].votes == [
        (4, "Delegation A", "yes", False)
    ]
    for marker in (
        "STATEMENT-A",
        "FLOOR-B",
        "Proposal 1 v2",
        "amended by <bdi>Delegation B</bdi>",  # names isolated from the page's direction
        'data-vote="Delegation A:yes"',
    ):
        assert marker in html
    assert "CAUCUS-SECRET" not in html
