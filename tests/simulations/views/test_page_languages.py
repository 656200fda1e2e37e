"""The participant's pages follow the reader's language (Accept-Language here, the switcher's choice in the
room's own tests): the debrief, the room's refusals and confirmations, the run states; English stays the default.
Scenario text stays as the course team typed it."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain import engine
from tests.factories.negotiation import negotiation_then_vote, seated_run

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def table():
    return seated_run(negotiation_then_vote())


def _client(user, language=None):
    client = Client(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
    client.force_login(user)
    return client


def test_debrief_reads_in_the_readers_language_and_keeps_scenario_text(table):
    run, pairs = table
    engine.finish_run(run)
    url = reverse("simulations:debrief", args=[run.pk])
    user = pairs["a"][1].user

    french = _client(user, "fr").get(url).content.decode()
    english = _client(user).get(url).content.decode()

    assert "Registre des votes" in french and "Voting record" not in french
    assert "Voting record" in english and "Registre des votes" not in english
    delegation = run.scenario.delegations.get(key="a").name
    assert f"<bdi>{delegation}</bdi>" in french  # the course team's words, as typed, isolated


def test_a_refused_action_and_a_confirmation_come_in_the_readers_language(table):
    run, pairs = table
    client = _client(pairs["a"][1].user, "es")
    url = reverse("simulations:negotiate_floor", args=[run.pk])

    refused = client.post(url, {"text": "   "}, **HX).content.decode()
    client.post(url, {"text": "Hola"})  # without htmx: back to the room, with a confirmation

    assert "Escriba primero su mensaje." in refused
    page = client.get(reverse("simulations:room", args=[run.pk])).content.decode()
    assert "Dicho en el pleno." in page


def test_run_states_are_translated_on_my_simulations(table):
    run, pairs = table

    html = _client(pairs["a"][1].user, "pt").get(reverse("simulations:my_runs")).content.decode()

    assert "As minhas simulações" in html and "A decorrer" in html
