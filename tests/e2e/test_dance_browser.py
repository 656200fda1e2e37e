"""Chromium: the dance chart and its table on the debrief (at 1366 and 375 px), table names that never overlap
when four tables are compared (measured by the browser), and the replay's slider, with and without JavaScript.
Set SCREENSHOT_DIR to keep screenshots of the pages."""

import os

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {
    "a": {"x": {"x1": 6, "x2": 3, "x3": 0}, "y": {"y1": 2, "y2": 1, "y3": 0}},
    "b": {"x": {"x1": 0, "x2": 1, "x3": 2}, "y": {"y1": 0, "y2": 3, "y3": 6}},
    "c": {"x": {"x1": 1, "x2": 2, "x3": 1}, "y": {"y1": 1, "y2": 2, "y3": 1}},
}
TALK = ["floor", "propose", "amend", "support"]
STRATEGIES = {"a": "hard_liner", "b": "concession_maker", "c": "integrative"}


def played_tables(count=4):
    """``count`` finished, bot-played tables of one scenario in one course (the first one is returned)."""
    scenario = build_scenario(
        {"a": 1, "b": 1, "c": 1},
        SCORES,
        rounds=(("r1", 10, TALK), ("r2", 10, TALK), ("r3", 10, TALK), ("vote", 10, ["vote"])),
    )
    course = CourseFactory()
    runs = []
    for n in range(count):
        run, pairs = seated_run(scenario, course=course, name=f"Table {'ABCD'[n]} (morning group)")
        delegations = bot_delegations(run, ["a", "b", "c"])
        for _ in range(4):
            act_once(run, delegations, strategy_by_seat=STRATEGIES)
            engine.end_round_now(run)
        run.refresh_from_db()
        runs.append((run, pairs))
    return runs


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def shot(page, name):
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, name), full_page=True)


def label_boxes(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#agreement-chart g.agreement-point text')).map(t => {
            const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; })"""
    )


def test_debrief_dance_chart_and_four_tables_without_overlapping_names(browser, live_server):
    runs = played_tables()
    run, _ = runs[0]
    for width in (1366, 375):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, FacilitatorFactory())
        page.goto(live_server.url + reverse("simulations:debrief", args=[run.pk]))

        assert page.locator("#dance-points svg.dance-panel").count() == 3
        assert page.locator("svg#dance-path circle.move").count() >= 2
        assert page.locator("table.dance-table tbody tr").count() == page.locator("svg#dance-path circle.move").count()
        for box in (page.locator("#dance-points svg.dance-panel").nth(i).bounding_box() for i in range(3)):
            assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["width"] >= 250
        boxes = label_boxes(page)
        assert len(boxes) == 4
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
        shot(page, f"debrief-{width}.png")
        context.close()


def test_replay_slider_moves_through_the_run_with_and_without_javascript(browser, live_server):
    (run, pairs), *_ = played_tables(1)
    for javascript in (True, False):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=javascript)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, live_server, FacilitatorFactory())
        url = live_server.url + reverse("simulations:replay", args=[run.pk])
        page.goto(url + "?t=0&view=facilitator")
        assert "Minute 0:" in page.locator("#replay-heading").inner_text()
        end = page.locator("#replay-t").get_attribute("max")
        if javascript:
            page.locator("#replay-t").fill(end)  # sets the value and fires input and change
            expect(page.locator(".replay-state")).to_have_attribute("data-minute", end, timeout=5_000)
            assert page.locator("#replay-minute").inner_text() == end
            assert "finished" in page.locator("#replay-heading").inner_text()
            assert f"t={end}" in page.url  # the frame's address can be shared
            assert page.locator("svg#dance-path").count() == 1  # the facilitator's view carries the dance
            shot(page, "replay-1366.png")
        else:
            page.get_by_role("link", name="End").click()
            assert page.locator(".replay-state").get_attribute("data-minute") == end
            page.locator("#replay-view").select_option("a")
            page.get_by_role("button", name="Show").click()
            assert "what this delegation saw" in page.locator(".replay-state").inner_text()
        context.close()
    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    log_in(page, live_server, pairs["a"][1].user)
    page.goto(live_server.url + reverse("simulations:replay", args=[run.pk]) + "?t=1")
    assert page.locator("#replay-t").bounding_box()["width"] <= 375
    shot(page, "replay-375.png")
    phone.close()
