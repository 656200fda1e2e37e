"""The course team's selection pages in Chromium: compact board rows at 1366 px, the whole Decision dropdown
visible, a balance panel that stays in view, and outbox/audit tables that never scroll sideways on a phone.

Issue 21 ("Phone and desk ergonomics") measured about 130 px per board row and a 16,891 px board on a phone."""

import pytest
from django.test import Client
from django.urls import reverse

from participants.domain.audit import record_audit
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.review import OutboxMailFactory, submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 40


@pytest.fixture
def board_world():
    course = CourseFactory()
    facilitator = FacilitatorFactory()
    applications = [submitted_application(course, countries=("KE", "UG")) for _ in range(ROWS)]
    for application in applications[:6]:
        record_audit(
            course, facilitator, "stage_decision", application, before={"outcome": ""}, after={"outcome": "x" * 60}
        )
    OutboxMailFactory.create_batch(3, course=course, recipient="a.very.long.address.for.a.phone@example.org")
    return course, facilitator


def _open(browser, live_server, user, path, width, height):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + path)
    return context, page


def test_board_rows_are_compact_and_the_balance_panel_stays_in_view_at_desk_width(browser, live_server, board_world):
    course, facilitator = board_world
    context, page = _open(
        browser, live_server, facilitator, reverse("participants:selection_board", args=[course.slug]), 1366, 768
    )
    try:
        heights = page.eval_on_selector_all("tr.board-row", "rows => rows.map(r => r.getBoundingClientRect().height)")
        assert len(heights) == ROWS
        assert sorted(heights)[len(heights) // 2] < 56, heights
        # Every option of the Decision dropdown fits: the select is at least as wide as its longest label.
        fits = page.eval_on_selector(
            ".stage-form select",
            """select => { const c = document.createElement('canvas').getContext('2d');
                c.font = getComputedStyle(select).font;
                const widest = Math.max(...[...select.options].map(o => c.measureText(o.text).width));
                return select.clientWidth >= widest; }""",
        )
        assert fits
        assert page.evaluate(
            "document.querySelector('.board').parentElement.scrollWidth <= document.querySelector('.board').parentElement.clientWidth"
        )
        # Scrolled well down the ranking, the tentative cohort is still pinned at the top of the window.
        page.evaluate(f"document.querySelectorAll('tr.board-row')[{ROWS // 2}].scrollIntoView()")
        box = page.eval_on_selector("#balance", "el => el.getBoundingClientRect().toJSON()")
        assert page.evaluate("window.scrollY") > 700
        assert 0 <= box["top"] <= 16, box
    finally:
        context.close()


def test_board_is_short_on_a_phone(browser, live_server, board_world):
    course, facilitator = board_world
    context, page = _open(
        browser, live_server, facilitator, reverse("participants:selection_board", args=[course.slug]), 375, 740
    )
    try:
        heights = page.eval_on_selector_all("tr.board-row", "rows => rows.map(r => r.getBoundingClientRect().height)")
        assert sorted(heights)[len(heights) // 2] < 150, heights
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()


@pytest.mark.parametrize("name", ["selection_outbox", "selection_audit"])
@pytest.mark.parametrize("width", [375, 1366])
def test_outbox_and_audit_tables_never_scroll_sideways(browser, live_server, board_world, name, width):
    course, facilitator = board_world
    context, page = _open(
        browser, live_server, facilitator, reverse(f"participants:{name}", args=[course.slug]), width, 740
    )
    try:
        overflow = page.evaluate(
            """() => { const wrap = document.querySelector('.table-wrap');
                return [document.documentElement.scrollWidth - window.innerWidth, wrap.scrollWidth - wrap.clientWidth]; }"""
        )
        assert overflow == [0, 0]
    finally:
        context.close()
