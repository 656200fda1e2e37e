"""Two delegations negotiate in Chromium (two browser contexts): statements, a proposal, an amendment, floor
messages that appear for the other side within 2 s, votes and an agreement; the facilitator drives the rounds
with "End round now" and then sees the debrief chart with the agreement point."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain import engine
from simulations.models import Outcome, Proposal
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_MS = 2_000  # a new floor message or proposal must reach the other room within 2 s


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def open_room(browser, live_server, user, run, errors):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    log_in(context, live_server, user)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
    page.evaluate("window.__sameDocument = true")
    return context, page


def end_round(facilitator, number_after):
    facilitator.get_by_role("button", name="End round now").click()
    if number_after is None:
        facilitator.wait_for_selector('#run-status[data-run-state="finished"]')
    else:
        facilitator.wait_for_selector(f'#run-status[data-round="{number_after}"]')


def test_two_delegations_table_amend_vote_and_agree(browser, page, live_server):
    run, pairs = seated_run(two_by_two(), start=False, name="Table A")
    log_in(page.context, live_server, FacilitatorFactory())
    errors = []
    context_a, room_a = open_room(browser, live_server, pairs["a"][1].user, run, errors)
    context_b, room_b = open_room(browser, live_server, pairs["b"][1].user, run, errors)
    try:
        page.goto(live_server.url + reverse("simulations:run_detail", args=[run.pk]))
        page.get_by_role("button", name="Start").click()
        page.wait_for_selector('#run-status[data-run-state="running"]')

        # Round 1: opening statements; each side sees the other's.
        room_a.wait_for_selector("#statement-text")
        room_a.fill("#statement-text", "Delegation A wants the x1 option.")
        room_a.get_by_role("button", name="Make the statement").click()
        room_b.wait_for_selector("text=Delegation A wants the x1 option.", timeout=FOLLOW_MS + 1_000)
        room_b.fill("#statement-text", "Delegation B cares most about y.")
        room_b.get_by_role("button", name="Make the statement").click()
        room_a.wait_for_selector("text=Delegation B cares most about y.", timeout=FOLLOW_MS + 1_000)

        end_round(page, 2)
        end_round(page, 3)

        # Round 3: A shapes a package with a live private preview, then tables it.
        room_a.wait_for_selector("#issue-x")
        room_a.select_option("#issue-x", "x1")
        room_a.select_option("#issue-y", "y1")
        room_a.wait_for_selector("#package-preview >> text=30 points")
        assert "beats your BATNA" in room_a.locator("#package-preview").text_content()
        room_a.fill("#package-rationale", "Our opening package")
        room_a.get_by_role("button", name="Table the package").click()
        room_b.wait_for_selector('[data-proposal="Proposal 1"]', timeout=FOLLOW_MS + 1_000)
        # B sees its own points for it, never A's.
        own_score = room_b.locator('[data-proposal="Proposal 1"] .own-score').text_content()
        assert "5 points" in own_score and "does not beat" in own_score

        # A drafts on the floor while B speaks: the draft survives the re-render.
        room_a.fill("#floor-text", "draft not sent yet")
        room_b.fill("#floor-text", "We can accept x1 if y goes our way.")
        room_b.get_by_role("button", name="Speak").click()
        room_a.wait_for_selector("text=We can accept x1 if y goes our way.", timeout=FOLLOW_MS + 1_000)
        assert room_a.input_value("#floor-text") == "draft not sent yet"

        # B amends Proposal 1.
        room_b.select_option("#issue-x", "x1")
        room_b.select_option("#issue-y", "y2")
        room_b.wait_for_selector("#package-preview >> text=25 points")
        room_b.select_option("#package-amends", label="an amendment of Proposal 1")
        room_b.get_by_role("button", name="Table the package").click()
        room_a.wait_for_selector('[data-proposal="Proposal 1 v2"]', timeout=FOLLOW_MS + 1_000)
        amended = Proposal.objects.get(version=2)
        assert amended.parent.version == 1 and amended.package == {"x": "x1", "y": "y2"}

        # Round 4: both vote yes on the amendment.
        end_round(page, 4)
        for room in (room_a, room_b):
            button = room.locator(f"#proposal-{amended.pk}").get_by_role("button", name="Yes")
            button.wait_for()
            button.click()
            room.wait_for_selector(f'#proposal-{amended.pk} button[aria-pressed="true"]:has-text("Yes")')

        end_round(page, None)
        room_a.wait_for_selector('#room[data-run-state="finished"]', timeout=FOLLOW_MS + 1_000)
        outcome = Outcome.objects.get(run=run)
        assert outcome.proposal == amended

        # The facilitator's debrief shows the chart with this table's agreement.
        page.goto(live_server.url + reverse("simulations:debrief", args=[run.pk]))
        chart = page.locator("svg#agreement-chart")
        assert chart.count() == 1
        assert page.locator('svg#agreement-chart g.agreement-point[data-table="Table A"]').count() == 1
        assert "Agreement: <bdi>Proposal 1 v2</bdi>" in page.content()
        assert room_a.evaluate("window.__sameDocument === true") and room_b.evaluate("window.__sameDocument === true")
        assert not [e for e in errors if "Content Security Policy" in e], errors
    finally:
        context_a.close()
        context_b.close()


def test_forms_survive_a_poll_answered_after_the_forms_own_swap(browser, live_server):
    """A slow poll in flight while a message is sent must not land on the replaced room (which would make
    htmx's hx-preserve remove the preserved forms): the forms' hx-sync aborts it."""
    run, pairs = seated_run(two_by_two(), name="Table A")
    engine.end_round_now(run)
    engine.end_round_now(run)  # round 3: floor and proposals
    context = browser.new_context()
    try:
        log_in(context, live_server, pairs["a"][1].user)
        room = context.new_page()
        room.set_default_timeout(10_000)
        room.goto(live_server.url + reverse("simulations:room", args=[run.pk]))

        def slow_poll(route):
            time.sleep(0.9)
            route.continue_()

        room.route("**/room/updates/**", slow_poll)
        for n in range(2):
            room.fill("#floor-text", f"message {n}")
            room.wait_for_timeout(300 + 150 * n)  # a poll is in flight
            room.get_by_role("button", name="Speak").click()
            room.wait_for_selector(f"text=message {n}")
            room.wait_for_timeout(1_500)  # the slow poll's answer would have arrived by now
            assert room.locator("#floor-text").count() == 1
            assert room.locator("[id^=package-form]").count() == 1
    finally:
        context.close()
