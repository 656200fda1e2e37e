"""The room page's query count, pinned: 200 participants load it at the same instant when a round starts
(docs/performance.md, the burst)."""

import pytest
from django.urls import reverse

from simulations.domain.engine import start_run
from simulations.domain.negotiation import make_statement
from simulations.domain.runs import assign_pair
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = pytest.mark.django_db


def _table(seated_pairs):
    run = make_run(round_seconds=[60, 60])
    delegations = list(run.scenario.delegations.all())
    pairs = [make_pair(run.course) for _ in range(seated_pairs)]
    for (pair, *_), delegation in zip(pairs, delegations, strict=False):
        assign_pair(run, pair, delegation)
    run = start_run(run)
    for (_, scientist, _), delegation in zip(pairs, delegations, strict=False):
        make_statement(run, delegation, "We open.", user=scientist.user)
    return run, pairs[0][1].user


@pytest.mark.parametrize("seated_pairs", [1, 3])
def test_room_page_queries_do_not_grow_with_the_table(client, django_assert_num_queries, seated_pairs):
    run, user = _table(seated_pairs)
    client.force_login(user)
    url = reverse("simulations:room", args=[run.pk])
    client.get(url)  # the first load also stores the presence row (at most every 10 s)

    # session, user, run; seats + people, rounds, delegations; the negotiation panel; the base template's roles
    with django_assert_num_queries(22):
        response = client.get(url)

    assert response.status_code == 200 and "We open." in response.content.decode()
