"""Chromium: the debrief in Arabic. The page is right to left and its headings are translated; the charts are
not mirrored (their number axes still read left to right, the y labels stay left of the plot), so they stay
readable (docs/negotiation.md, "Languages"). Set SCREENSHOT_DIR to keep a screenshot of the page."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from course.models import LanguagePreference
from simulations.domain import engine
from simulations.domain.bots import act_once, bot_delegations
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCORES = {
    "a": {"x": {"x1": 6, "x2": 3, "x3": 0}, "y": {"y1": 2, "y2": 1, "y3": 0}},
    "b": {"x": {"x1": 0, "x2": 1, "x3": 2}, "y": {"y1": 0, "y2": 3, "y3": 6}},
}
TALK = ["floor", "propose", "amend", "support"]


def finished_table():
    scenario = build_scenario(
        {"a": 1, "b": 1}, SCORES, rounds=(("r1", 10, TALK), ("r2", 10, TALK), ("vote", 10, ["vote"]))
    )
    run, pairs = seated_run(scenario, name="Table A")
    delegations = bot_delegations(run, ["a", "b"])
    for _ in range(3):
        act_once(run, delegations, strategy_by_seat={"a": "integrative", "b": "concession_maker"})
        engine.end_round_now(run)
    run.refresh_from_db()
    return run, pairs


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)  # the remembered language (Arabic) goes into the session
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


X_TICKS = """(id) => Array.from(document.querySelectorAll(`#${id} text[text-anchor="middle"]`))
    .filter(t => /^-?\\d+(\\.\\d+)?$/.test(t.textContent))
    .map(t => [Number(t.textContent), t.getBoundingClientRect().left])"""
Y_TICKS_RIGHT_OF_AXIS = """(id) => {
    const svg = document.getElementById(id);
    const axis = svg.querySelectorAll('line')[1].getBoundingClientRect();
    return Array.from(svg.querySelectorAll('text[text-anchor="end"]'))
      .filter(t => /^-?\\d+(\\.\\d+)?$/.test(t.textContent))
      .map(t => t.getBoundingClientRect().right - axis.left);
}"""


def test_debrief_in_arabic_is_right_to_left_with_charts_that_read_left_to_right(browser, live_server):
    run, pairs = finished_table()
    participant = pairs["a"][1].user
    LanguagePreference.objects.create(user=participant, language="ar")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, participant)

    page.goto(live_server.url + reverse("simulations:debrief", args=[run.pk]))

    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "استخلاص الدروس" in page.locator("h1").inner_text()
    for heading in ("سجل التصويت", "الحزم المرجعية", "رقصة التفاوض", "التسلسل الزمني"):
        assert page.get_by_role("heading", name=heading).count() >= 1
    assert page.get_by_text("Voting record", exact=True).count() == 0  # nothing left in English
    chart = page.locator("#agreement-chart")
    assert chart.evaluate("svg => getComputedStyle(svg).direction") == "ltr"
    assert "نقاط" in chart.inner_html()  # its axis labels and descriptions are in Arabic

    ticks = page.evaluate(X_TICKS, "agreement-chart")
    assert len(ticks) >= 3
    by_value = [left for _, left in sorted(ticks)]
    assert by_value == sorted(by_value)  # larger numbers further right: the axis is not mirrored
    assert all(gap <= 1 for gap in page.evaluate(Y_TICKS_RIGHT_OF_AXIS, "agreement-chart"))  # y labels left of it
    bars = page.locator("#points-chart g.bar rect").all()
    labels = page.locator("#points-chart g.bar text[text-anchor='end']").all()
    assert bars and all(
        label.bounding_box()["x"] + label.bounding_box()["width"] <= bar.bounding_box()["x"] + 1
        for label, bar in zip(labels, bars, strict=True)
    )  # each delegation's name sits left of its bar, as on an English page

    assert "يتجاوز بديله BATNA" in page.locator("#points-chart").inner_html()  # the legend too
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll

    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, "debrief-ar.png"), full_page=True)
    context.close()
