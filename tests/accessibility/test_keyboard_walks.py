"""Keyboard-only walks in Chromium (Tab, Enter, Space, typing, and arrows inside a closed list): the application form, the participant room
(table a package, vote on it) and the selection board. Focus stays visible and uncovered at every stop."""

import pytest
from django.urls import reverse

from participants.models import Decision
from simulations.domain import engine
from simulations.models import Proposal, Vote
from tests.accessibility.axe import DESKTOP, PHONE, new_audit_context
from tests.accessibility.conftest import sign_in
from tests.accessibility.keyboard import by_id, by_text, tab_until
from tests.factories.negotiation import seated_run, two_by_two
from tests.security.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, user, path, viewport=DESKTOP):
    context = new_audit_context(browser, viewport=viewport)
    sign_in(context, live_server.url, user)
    page = context.new_page()
    page.goto(live_server.url + path)
    return context, page


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_application_form_by_keyboard(browser, live_server, viewport):
    world = build_world()
    application = world.other_application  # a draft
    context, page = _open(
        browser,
        live_server,
        world.users["other_applicant"],
        reverse("participants:application", args=[application.pk]),
        viewport,
    )
    problems = []
    try:
        tab_until(page, by_id("id_full_name"), problems=problems)
        page.keyboard.type("Amina Wolfeschlegelsteinhausenbergerdorff")
        tab_until(page, by_text("Save"), problems=problems)  # past every field, the sticky bar never covers one
        page.keyboard.press("Enter")
        page.wait_for_load_state("load")
        page.wait_for_function("() => !document.querySelector('.htmx-request')")
    finally:
        context.close()
    member = application.members.get(user=world.users["other_applicant"])
    assert member.full_name == "Amina Wolfeschlegelsteinhausenbergerdorff"
    assert not problems, "\n".join(problems)


def test_room_table_a_package_and_vote_by_keyboard(browser, live_server):
    run, pairs = seated_run(two_by_two(), name="Keyboard table")
    engine.end_round_now(run)
    engine.end_round_now(run)  # round 3: floor and proposals
    user = pairs["a"][1].user
    context, page = _open(browser, live_server, user, reverse("simulations:room", args=[run.pk]))
    problems = []
    try:
        tab_until(page, by_id("issue-x"), problems=problems)
        page.keyboard.press("ArrowDown")  # a closed list: the arrow keys pick its options, first one first
        tab_until(page, by_id("issue-y"), problems=problems)
        page.keyboard.press("ArrowDown")
        tab_until(page, by_text("Table the package"), problems=problems)
        page.keyboard.press("Enter")
        page.wait_for_selector('[data-proposal="Proposal 1"]')
        proposal = Proposal.objects.get(run=run)
        assert proposal.package == {"x": "x1", "y": "y1"}

        engine.end_round_now(run)  # round 4: the vote
        page.wait_for_selector(f"#proposal-{proposal.pk} button[name=choice]")
        page.locator("h1").click()  # start from the top of the page again, as after reading it
        tab_until(page, lambda s: s["name"] == "choice" and s["text"].startswith("Yes"), problems=problems)
        page.keyboard.press("Space")
        page.wait_for_selector(f'#proposal-{proposal.pk} button[aria-pressed="true"]')
    finally:
        context.close()
    assert Vote.objects.filter(proposal=proposal, delegation__key="a").exists()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_selection_board_by_keyboard(browser, live_server, viewport):
    world = build_world()
    application = world.application
    context, page = _open(
        browser,
        live_server,
        world.users["facilitator"],
        reverse("participants:selection_board", args=[world.course.slug]),
        viewport,
    )
    problems = []
    try:
        tab_until(page, by_id(f"outcome-{application.pk}"), problems=problems)
        page.keyboard.type("Accept")
        tab_until(page, by_text("Stage"), problems=problems)
        page.keyboard.press("Enter")
        page.locator(f"#app-{application.pk} .badge-warn").wait_for()
    finally:
        context.close()
    assert Decision.objects.get(application=application).outcome == "accept"
    assert not problems, "\n".join(problems)
