"""My record's "Your tables" names, per table, what each member of the pair did (issue 17, "pairs inside
delegations", carried into the learner record): the scientist and the policymaker, the reader marked "(you)"."""

import re

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.negotiation import make_statement, post_caucus_message, post_floor_message, table_proposal
from simulations.models import Delegation
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db

SCORES = {
    "a": {"x": {"x1": 6, "x2": 0}, "y": {"y1": 2, "y2": 0}},
    "b": {"x": {"x1": 0, "x2": 2}, "y": {"y1": 0, "y2": 6}},
}
ROUNDS = (("opening", 10, ["statement", "caucus"]), ("talk", 10, ["propose", "floor"]))


def _table(course=None, name="Table"):
    run, pairs = seated_run(build_scenario({"a": 1, "b": 1}, SCORES, rounds=ROUNDS), course=course, name=name)
    return run, pairs, {d.key: d for d in Delegation.objects.filter(scenario=run.scenario)}


def _who_acted_cells(page):
    return re.findall(r'<td class="small who-acted">(.*?)</td>', page, re.S)


def test_each_table_names_what_the_scientist_and_the_policymaker_did(client):
    first, pairs, ds = _table(name="Morning table")
    pair, scientist, policymaker = pairs["a"]
    make_statement(first, ds["a"], "We come to agree.", user=scientist.user)
    post_caucus_message(first, ds["a"], "Hold on x.", user=policymaker.user)
    make_statement(first, ds["b"], "Not ours.", user=pairs["b"][1].user)  # another pair: never counted here
    engine.end_round_now(first)
    table_proposal(first, ds["a"], {"x": "x1", "y": "y2"}, user=policymaker.user)
    post_floor_message(first, ds["a"], "Take it.", user=policymaker.user)
    engine.finish_run(first)
    second, _pairs, _ds = _table(course=first.course, name="Afternoon table")
    second.seats.filter(delegation__key="a").update(pair=pair)  # the same pair plays a again, silently
    engine.finish_run(second)
    client.force_login(scientist.user)

    page = client.get(reverse("evaluation:home")).content.decode()
    french = client.get(reverse("evaluation:home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<th scope="col">Who acted</th>' in page
    morning, afternoon = _who_acted_cells(page)
    assert (
        morning
        == "<span>Scientist (you): statement 1</span><br><span>Policymaker: floor 1, caucus 1, proposal 1</span>"
    )
    assert afternoon == "<span>Scientist (you): —</span><br><span>Policymaker: —</span>"
    assert "Not ours" not in page
    assert _who_acted_cells(french)[0].startswith("<span>Scientifique (vous): déclaration 1</span>")
