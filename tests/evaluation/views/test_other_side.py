"""My record's "Reading the other side" card (issue 17): the participant's estimates of the other delegations'
priorities across their finished runs, whether they improved, and an empty state."""

import re

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.estimates import save_estimate
from simulations.models import Delegation
from tests.factories.negotiation import build_scenario, seated_run
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db

# a cares about x more than y (shares 0.75 / 0.25 of b's importance are the other way round)
SCORES = {
    "a": {"x": {"x1": 6, "x2": 0}, "y": {"y1": 2, "y2": 0}},
    "b": {"x": {"x1": 0, "x2": 2}, "y": {"y1": 0, "y2": 6}},
}
ROUNDS = (("opening", 10, ["statement"]), ("talk", 10, ["propose", "floor"]))


def _table(course=None, name="Table"):
    run, pairs = seated_run(build_scenario({"a": 1, "b": 1}, SCORES, rounds=ROUNDS), course=course, name=name)
    return run, pairs, {d.key: d for d in Delegation.objects.filter(scenario=run.scenario)}


def _card(page):
    return page[page.index('id="other-side-heading"') :]


def test_the_card_shows_estimates_improving_from_the_first_run_to_the_latest(client):
    first, pairs, ds = _table(name="Morning table")
    pair, scientist, _ = pairs["a"]
    save_estimate(first, ds["a"], ds["b"], {"x": 90, "y": 10}, user=scientist.user)  # reversed: 65 % misplaced
    engine.finish_run(first)
    second, _pairs, ds2 = _table(course=first.course, name="Afternoon table")
    second.seats.filter(delegation__key="a").update(pair=pair)  # the same pair plays a again
    save_estimate(second, ds2["a"], ds2["b"], {"x": 25, "y": 75}, user=scientist.user)  # exact
    engine.finish_run(second)
    client.force_login(scientist.user)

    card = _card(client.get(reverse("evaluation:home")).content.decode())

    assert "Your estimates improved: from 65 % of the importance on the wrong issues in" in card
    assert "<bdi>Morning table</bdi> to 0 % in <bdi>Afternoon table</bdi>" in card
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", card, re.S)
    assert [re.search(r"<bdi>(.*?)</bdi>", row).group(1) for row in rows] == ["Morning table", "Afternoon table"]
    assert '<td class="num">-1.00</td>' in rows[0] and '<td class="num">65</td>' in rows[0]
    assert '<td class="num">1.00</td>' in rows[1] and '<td class="num">0</td>' in rows[1]
    arabic = _card(client.get(reverse("evaluation:home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert "تحسّنت تقديراتك: من 65 % من الأهمية" in arabic


def test_the_card_is_translated(client):
    first, pairs, ds = _table()
    save_estimate(first, ds["a"], ds["b"], {"x": 90, "y": 10}, user=pairs["a"][1].user)
    engine.finish_run(first)
    client.force_login(pairs["a"][1].user)

    card = _card(client.get(reverse("evaluation:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    assert "Lire l’autre partie" in card and "-1,00" in card  # French decimal comma


def test_the_card_has_an_empty_state_without_estimates(client):
    _pair, scientist, _ = make_pair()
    client.force_login(scientist.user)

    card = _card(client.get(reverse("evaluation:home")).content.decode())

    assert "No estimates yet." in card and "<table" not in card
