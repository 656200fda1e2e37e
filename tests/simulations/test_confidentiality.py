"""Confidentiality: every page and partial a participant can reach never shows another delegation's brief,
notes, caucus or points; facilitators see no caucus before the debrief; the console and exports are 404 to
participants and the debrief opens only once the run is finished.

Delegation b's material carries unique markers (BRIEF-MARKER-b, SCIENTIST-MARKER-b, POLICYMAKER-MARKER-b, a
caucus text CAUCUS-SECRET-b) and its points are four-digit numbers found nowhere else, so any leak shows."""

import itertools

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.console import post_announcement
from simulations.domain.negotiation import cast_vote, post_caucus_message, table_proposal
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
B_POINTS = {"x": {"x1": 4111, "x2": 4122}, "y": {"y1": 4233, "y2": 4244}}
B_BATNA = 8300


def b_secrets():
    totals = {str(B_POINTS["x"][x] + B_POINTS["y"][y]) for x, y in itertools.product(("x1", "x2"), ("y1", "y2"))}
    singles = {str(v) for issue in B_POINTS.values() for v in issue.values()}
    return {
        "BRIEF-MARKER-b",
        "SCIENTIST-MARKER-b",
        "POLICYMAKER-MARKER-b",
        "CAUCUS-SECRET-b",
        "PRIVATE-NOTE-TO-b",
        str(B_BATNA),
        *totals,
        *singles,
    }


@pytest.fixture
def table():
    scenario = build_scenario(
        {"a": 10, "b": B_BATNA},
        {"a": {"x": {"x1": 20, "x2": 5}, "y": {"y1": 10, "y2": 0}}, "b": B_POINTS},
        rounds=(
            ("opening", 10, ["statement"]),
            ("caucus", 10, ["caucus"]),
            ("negotiation", 10, ["floor", "propose", "amend", "support", "caucus"]),
            ("vote", 10, ["vote"]),
        ),
    )
    run, pairs = seated_run(scenario)
    return run, pairs, {d.key: d for d in scenario.delegations.all()}


def check(response, secrets, where):
    body = response.content.decode()
    leaked = sorted(s for s in secrets if s in body)
    assert not leaked, f"{where} leaks {leaked}"
    return response


def participant_pages(client, run, proposal=None):
    """GET and POST every page and partial a participant of delegation a can reach in the current round."""
    r = lambda name, *args: reverse(f"simulations:{name}", args=[run.pk, *args])  # noqa: E731
    yield "room", client.get(r("room"))
    yield "room htmx", client.get(r("room"), **HX)
    yield "poll (stale stamp)", client.get(r("room_updates"), {"v": "stale"}, **HX)
    yield "own brief", client.get(r("brief", "a"))
    yield "my runs", client.get(reverse("simulations:my_runs"))
    yield "preview", client.post(r("negotiate_preview"), {"issue-x": "x1", "issue-y": "y2"}, **HX)
    yield "preview plain", client.post(r("negotiate_preview"), {"issue-x": "x2", "issue-y": "y1"})
    yield "statement", client.post(r("negotiate_statement"), {"text": "A speaks"}, **HX)
    yield "caucus", client.post(r("negotiate_caucus"), {"text": "A whispers"}, **HX)
    yield "floor", client.post(r("negotiate_floor"), {"text": "A says"}, **HX)
    yield "package", client.post(r("negotiate_package"), {"issue-x": "x2", "issue-y": "y2"}, **HX)
    if proposal is not None:
        yield "support", client.post(r("negotiate_support", proposal.pk), **HX)
        yield "vote", client.post(r("negotiate_vote", proposal.pk), {"choice": "no"}, **HX)
        yield "vote plain", client.post(r("negotiate_vote", proposal.pk), {"choice": "yes"})


def test_participant_never_sees_another_delegations_material_in_any_round(client, table):
    run, pairs, ds = table
    post_announcement(run.course, "PRIVATE-NOTE-TO-b", run=run, delegation=ds["b"])
    client.force_login(pairs["a"][1].user)
    secrets = b_secrets()
    proposal = None
    seen = 0
    for number in range(1, 5):
        if number == 2:
            post_caucus_message(run, ds["b"], "CAUCUS-SECRET-b", user=pairs["b"][1].user)
        if number == 3:
            proposal = table_proposal(run, ds["b"], {"x": "x1", "y": "y2"}, user=pairs["b"][2].user)
        for where, response in participant_pages(client, run, proposal):
            check(response, secrets, f"round {number}: {where}")
            seen += 1
        engine.end_round_now(run)
    assert seen > 40


def test_other_delegations_brief_is_404_and_does_not_leak(client, table):
    run, pairs, _ = table
    client.force_login(pairs["a"][1].user)

    response = check(client.get(reverse("simulations:brief", args=[run.pk, "b"])), b_secrets(), "brief b")

    assert response.status_code == 404


def test_console_exports_and_run_pages_are_404_for_participants(client, table):
    run, pairs, _ = table
    client.force_login(pairs["a"][1].user)
    urls = [
        reverse("simulations:console", args=[run.course_id]),
        reverse("simulations:console_home"),
        reverse("simulations:run_detail", args=[run.pk]),
        *(
            reverse("simulations:export", args=[run.pk, k, f])
            for k in ("transcript", "results")
            for f in ("csv", "json")
        ),
    ]

    for address in urls:
        assert check(client.get(address), b_secrets(), address).status_code == 404, address
    assert client.post(reverse("simulations:console_announce", args=[run.course_id]), {"text": "x"}).status_code == 404


def test_debrief_is_404_until_the_run_is_finished(client, table):
    run, pairs, _ = table
    client.force_login(pairs["a"][1].user)
    address = reverse("simulations:debrief", args=[run.pk])

    assert check(client.get(address), b_secrets(), "debrief before finish").status_code == 404
    engine.finish_run(run)
    response = client.get(address)

    assert response.status_code == 200 and "BRIEF-MARKER-b" in response.content.decode()  # revealed at the debrief


def test_facilitator_sees_no_caucus_before_the_finish(client, table):
    run, pairs, ds = table
    engine.end_round_now(run)
    post_caucus_message(run, ds["b"], "CAUCUS-SECRET-b", user=pairs["b"][1].user)
    client.force_login(FacilitatorFactory())
    pages = [
        reverse("simulations:run_detail", args=[run.pk]),
        reverse("simulations:console", args=[run.course_id]),
        reverse("simulations:export", args=[run.pk, "transcript", "json"]),
        reverse("simulations:export", args=[run.pk, "transcript", "csv"]),
        reverse("simulations:debrief", args=[run.pk]),
    ]

    for address in pages:
        assert "CAUCUS-SECRET-b" not in client.get(address).content.decode(), address
    engine.finish_run(run)
    assert "CAUCUS-SECRET-b" in client.get(reverse("simulations:debrief", args=[run.pk])).content.decode()


def test_post_settlement_round_shows_each_delegation_only_its_own_points(client, table):
    """a and b agree on x2,y1 (a 15, b 8355); x1,y2 gives a 20 and b 8355 again: the one improvement. a's room
    in the post-settlement round shows a's points and gain, never b's points, BATNA or the joint gain."""

    run, pairs, ds = table
    for _ in range(2):
        engine.end_round_now(run)
    proposal = table_proposal(run, ds["a"], {"x": "x2", "y": "y1"}, user=pairs["a"][1].user)
    engine.end_round_now(run)
    for key in "ab":
        cast_vote(run, ds[key], proposal, "yes")
    run = engine.end_round_now(run)
    run = engine.open_post_settlement(run)
    client.force_login(pairs["a"][1].user)
    secrets = b_secrets()

    r = lambda name, *args: reverse(f"simulations:{name}", args=[run.pk, *args])  # noqa: E731
    room = check(client.get(r("room")), secrets, "post-settlement room")
    body = room.content.decode()
    assert "Improvement 1" in body and "+5 over the agreement" in body and "20 points" in body
    assert "joint gain" not in body.lower()  # the joint gain would reveal b's margin
    for where, response in participant_pages(client, run, proposal):
        check(response, secrets, f"post-settlement round: {where}")
    voted = check(client.post(r("negotiate_improvement_vote", 1), {"choice": "yes"}, **HX), secrets, "vote")
    assert voted.status_code == 200 and "improvement 1: <strong>yes</strong>" in voted.content.decode()
    plain = client.post(r("negotiate_improvement_vote", 9), {"choice": "yes"})
    check(plain, secrets, "vote on an unknown improvement")
    assert plain.status_code == 400 and "no such improvement" in plain.content.decode()
