"""The negotiation tools in the room: forms per round, htmx answers, plain posts, errors, the preview, and the
poll noticing new floor messages without making the unchanged answer more expensive."""

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.negotiation import (
    amend_proposal,
    post_caucus_message,
    post_floor_message,
    support_proposal,
    table_proposal,
)
from simulations.models import FloorMessage, Proposal, Run, Statement, Vote
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def table(client):
    scenario = two_by_two()
    run, pairs = seated_run(scenario)
    client.force_login(pairs["a"][1].user)
    return run, pairs


def url(name, run, *args):
    return reverse(f"simulations:{name}", args=[run.pk, *args])


def go_to(run, number):
    while Run.objects.get(pk=run.pk).current_round < number:
        engine.end_round_now(run)
    run.refresh_from_db()


def test_room_shows_statement_form_only_in_statement_round(client, table):
    run, _ = table

    html = client.get(url("room", run)).content.decode()
    assert 'id="statement-form-r1-v0"' in html and "floor-form" not in html and "package-form" not in html

    go_to(run, 3)
    html = client.get(url("room", run)).content.decode()
    assert "statement-form" not in html and "floor-form-r3-0" in html and "package-form-r3-0" in html


def test_room_names_the_round_actions_and_says_when_there_is_nothing_to_vote_on(client, table):
    run, _ = table

    first = client.get(url("room", run)).content.decode()
    go_to(run, 4)
    vote_round = client.get(url("room", run)).content.decode()

    assert '<span class="badge badge-info" data-action="statement">Opening statement</span>' in first
    assert "No proposal has been tabled, so there is nothing to vote on." in vote_round


def test_statement_htmx_answers_room_partial_with_new_stamp(client, table):
    run, _ = table

    response = client.post(url("negotiate_statement", run), {"text": "We come in peace."}, **HX)

    run.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'data-stamp="{run.room_stamp}"' in html and "We come in peace." in html
    assert Statement.objects.get().text == "We come in peace."


def test_statement_plain_post_redirects_to_room(client, table):
    run, _ = table

    response = client.post(url("negotiate_statement", run), {"text": "Without JavaScript."})

    assert response.status_code == 302 and response["Location"] == url("room", run)


def test_refused_action_plain_post_shows_error_and_typed_text(client, table):
    run, _ = table

    response = client.post(url("negotiate_floor", run), {"text": "Too early to speak"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "The floor is not open in this round" in html
    assert FloorMessage.objects.count() == 0


def test_refused_action_htmx_is_swapped_with_the_error(client, table):
    run, _ = table
    go_to(run, 3)

    response = client.post(url("negotiate_package", run), {"issue-x": "x1", "rationale": "Half a package"}, **HX)

    html = response.content.decode()
    assert response.status_code == 200 and "missing: Issue y" in html and "Half a package" in html
    assert Proposal.objects.count() == 0


def test_table_amend_support_and_vote_through_views(client, table):
    run, pairs = table
    go_to(run, 3)
    client.post(url("negotiate_package", run), {"issue-x": "x1", "issue-y": "y1", "rationale": "Ours"}, **HX)
    first = Proposal.objects.get()
    client.force_login(pairs["b"][1].user)
    client.post(url("negotiate_package", run), {"issue-x": "x1", "issue-y": "y2", "amends": first.pk}, **HX)
    amended = Proposal.objects.get(version=2)
    client.force_login(pairs["a"][2].user)
    client.post(url("negotiate_support", run, amended.pk), **HX)
    go_to(run, 4)

    response = client.post(url("negotiate_vote", run, amended.pk), {"choice": "yes"}, **HX)

    assert amended.parent == first and amended.number == first.number
    assert amended.supports.get().delegation.key == "a"
    assert Vote.objects.get().choice == "yes"
    assert 'aria-pressed="true">Yes' in response.content.decode()


def test_vote_form_naming_another_delegation_is_refused(client, table):
    run, pairs = table
    go_to(run, 3)
    a = run.scenario.delegations.get(key="a")
    proposal = table_proposal(run, a, {"x": "x1", "y": "y2"})
    go_to(run, 4)

    response = client.post(url("negotiate_vote", run, proposal.pk), {"choice": "yes", "delegation": "b"}, **HX)

    assert "only act for your own delegation" in response.content.decode()
    assert Vote.objects.count() == 0


def test_preview_returns_own_points_only(client, table):
    run, _ = table

    response = client.post(url("negotiate_preview", run), {"issue-x": "x1", "issue-y": "y2"}, **HX)

    html = response.content.decode()
    assert "20 points" in html and "beats your BATNA" in html and "25" not in html


def test_preview_incomplete_package_says_what_is_missing(client, table):
    run, _ = table

    response = client.post(url("negotiate_preview", run), {"issue-x": "x1"}, **HX)

    assert "missing: Issue y" in response.content.decode()


def test_actions_404_for_unseated_user(client, table):
    run, _ = table
    client.force_login(FacilitatorFactory())

    assert client.post(url("negotiate_statement", run), {"text": "hi"}).status_code == 404
    assert client.post(url("negotiate_preview", run), {"issue-x": "x1"}).status_code == 404
    assert Statement.objects.count() == 0


def test_poll_rerenders_when_another_delegation_speaks(client, table):
    run, pairs = table
    go_to(run, 3)
    stamp = Run.objects.get(pk=run.pk).room_stamp
    assert client.get(url("room_updates", run), {"v": stamp}, **HX).status_code == 204
    b = run.scenario.delegations.get(key="b")

    post_floor_message(run, b, "Hello from B", user=pairs["b"][1].user)

    response = client.get(url("room_updates", run), {"v": stamp}, **HX)
    assert response.status_code == 200 and "Hello from B" in response.content.decode()


def test_poll_unchanged_stays_one_query_and_tiny(client, table, django_assert_num_queries):
    run, _ = table
    go_to(run, 3)
    stamp = Run.objects.get(pk=run.pk).room_stamp

    with django_assert_num_queries(2):  # the user with its roles, the run's stamp (the session is cached)
        response = client.get(url("room_updates", run), {"v": stamp}, **HX)

    assert response.status_code == 204 and len(response.content) < 1024


def test_finished_room_links_to_debrief(client, table):
    run, _ = table
    engine.finish_run(run)

    html = client.get(url("room", run)).content.decode()

    assert url("debrief", run) in html


@pytest.mark.parametrize("count", [1, 3])
def test_room_with_proposals_and_messages_does_not_grow_queries(client, table, django_assert_num_queries, count):
    # the checked poll writes presence to the cache only (never a query), so no batching to pin here
    run, pairs = table
    go_to(run, 3)
    a, b = run.scenario.delegations.order_by("position")

    for n in range(count):
        first = table_proposal(run, b, {"x": "x2", "y": "y2"}, f"Line {n}")
        amended = amend_proposal(run, a, first, {"x": "x1", "y": "y2"})
        support_proposal(run, b, amended)
        post_floor_message(run, b, f"Floor {n}")
        post_caucus_message(run, a, f"Caucus {n}", user=pairs["a"][1].user)
    stamp = Run.objects.get(pk=run.pk).room_stamp

    # user with roles, stamp, run (the session is cached); the table read once at the new stamp (table_snapshot)
    with django_assert_num_queries(20):
        response = client.get(url("room_updates", run), {"v": "old"}, **HX)

    assert response.status_code == 200 and stamp in response.content.decode()


def test_odd_ids_and_keys_answer_404_or_a_reason_never_500(client, table):
    run, _ = table
    go_to(run, 3)

    superscript = client.post(url("negotiate_package", run), {"issue-x": "x1", "issue-y": "y2", "amends": "²"}, **HX)
    huge = client.post(url("negotiate_package", run), {"issue-x": "x1", "issue-y": "y2", "amends": "9" * 30}, **HX)
    nul_key = client.post(url("negotiate_floor", run), {"text": "hi", "delegation": "b\x00"}, **HX)

    assert superscript.status_code == 404 and huge.status_code == 404
    assert nul_key.status_code == 200 and "only act for your own delegation" in nul_key.content.decode()
