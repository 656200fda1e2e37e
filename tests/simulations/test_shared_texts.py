"""Nothing a participant types is lost or silently overwritten: versioned statements, forms kept (disabled)
while paused, a refused post from an out-of-date page comes back with its text, the caucus says who reads it."""

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.negotiation import StaleTextError, make_statement
from simulations.models import Statement
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    run, pairs = seated_run(two_by_two())
    return run, pairs


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_statement_based_on_an_old_revision_is_refused_with_the_current_text_and_author(table):
    run, pairs = table
    a = run.scenario.delegations.get(key="a")
    scientist, policymaker = pairs["a"][1].user, pairs["a"][2].user
    make_statement(run, a, "The scientist's newer text", user=scientist, base_revision=0)

    with pytest.raises(StaleTextError) as excinfo:
        make_statement(run, a, "The policymaker's draft", user=policymaker, base_revision=0)

    assert excinfo.value.current_text == "The scientist's newer text"
    assert scientist.get_full_name() in str(excinfo.value)
    statement = Statement.objects.get(run=run, delegation=a)
    assert statement.text == "The scientist's newer text" and statement.revision == 1


def test_a_statement_based_on_the_current_revision_is_saved_and_counted(table):
    run, pairs = table
    a = run.scenario.delegations.get(key="a")
    make_statement(run, a, "First", user=pairs["a"][1].user, base_revision=0)

    make_statement(run, a, "Second", user=pairs["a"][2].user, base_revision=1)

    assert Statement.objects.get(run=run, delegation=a).revision == 2


def test_stale_statement_post_without_js_comes_back_with_its_text_and_the_reason(table):
    run, pairs = table
    a = run.scenario.delegations.get(key="a")
    make_statement(run, a, "Partner's statement", user=pairs["a"][1].user, base_revision=0)

    response = client_for(pairs["a"][2].user).post(
        reverse("simulations:negotiate_statement", args=[run.pk]), {"text": "My draft", "base_revision": "0"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Not saved:" in html and "My draft" in html and "Partner&#x27;s statement" in html
    assert 'name="base_revision" value="1"' in html  # saving again now is a deliberate choice
    assert Statement.objects.get(run=run, delegation=a).text == "Partner's statement"


def test_paused_room_keeps_the_forms_disabled(table):
    run, pairs = table
    engine.pause_run(run)

    html = client_for(pairs["a"][1].user).get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert 'id="statement-form-r1-v0-paused"' in html and "disabled" in html
    assert "paused the simulation" in html


def test_post_from_a_page_whose_round_is_over_keeps_the_text(table):
    run, pairs = table
    engine.end_round_now(run)  # the statement round is over; the page still shows its form

    response = client_for(pairs["a"][1].user).post(
        reverse("simulations:negotiate_statement", args=[run.pk]), {"text": "Typed too late", "base_revision": "0"}
    )

    html = response.content.decode()
    assert response.status_code == 400 and "not part of this round" in html
    assert 'id="orphan-text"' in html and "Typed too late" in html


def test_caucus_says_who_reads_it(table):
    run, pairs = table
    engine.end_round_now(run)  # the caucus round

    html = client_for(pairs["a"][1].user).get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert "Read by everyone seated in <bdi>Delegation A</bdi>" in html
    assert pairs["a"][1].full_name in html.split("caucus-readers")[1].split("</p>")[0]
    assert pairs["a"][2].full_name in html.split("caucus-readers")[1].split("</p>")[0]
    assert "Private to your pair" not in html
