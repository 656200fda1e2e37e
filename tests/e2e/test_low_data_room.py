"""The low-data room in Chromium (issue 21): a browser that sends Save-Data: on gets a room that polls every 8 s
(not every second), shows "Updated N s ago", still shows a round transition on its next poll, and, hidden, does
not poll at all for a minute but catches up at once when shown again. A participant can turn the mode on and it
is remembered.

No push path here (no Redis stream under the live server): the room polls, which is what low-data mode paces.
"""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain.engine import end_round_now, start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOW_POLL_SECONDS = 8
UPDATED = re.compile(r"^Updated \d+ s ago$")


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def seated_running_table():
    # Rounds of 5 minutes: the room is not in a round's last minute (when it polls every 2 s).
    run = make_run(round_seconds=[300, 300, 300, 300], name="Table L")
    pair, scientist, _ = make_pair(run.course)
    assign_pair(run, pair, run.scenario.delegations.first())
    start_run(run)
    return Run.objects.get(pk=run.pk), scientist.user


def set_hidden(page, hidden):
    page.evaluate(
        """(hidden) => {
            Object.defineProperty(document, "hidden", {value: hidden, configurable: true});
            Object.defineProperty(document, "visibilityState", {value: hidden ? "hidden" : "visible",
                                                                configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


def test_save_data_room_polls_less_shows_transitions_and_catches_up_when_shown(browser, live_server):
    run, user = seated_running_table()
    context = browser.new_context(viewport={"width": 375, "height": 740}, extra_http_headers={"Save-Data": "on"})
    polls = []
    try:
        log_in(context, live_server, user)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("request", lambda r: polls.append(time.time()) if "/room/updates/" in r.url else None)
        page.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        page.evaluate("window.__sameDocument = true")
        assert page.locator("#room-data").get_attribute("data-low-data") == "on"
        assert page.locator('#room[data-round="1"]').count() == 1

        # Polls at most every 8 s, and says how fresh the room is.
        page.wait_for_timeout(6_000)
        assert len(polls) <= 1, f"a low-data room polled {len(polls)} times in 6 s"
        updated = page.locator("#room-data .room-updated")
        assert updated.is_visible()
        assert UPDATED.match(updated.locator(".room-updated-text").text_content().strip())
        assert page.get_by_role("link", name="Refresh").is_visible()

        # A round transition shows on the next poll.
        ended = time.time()
        end_round_now(run)
        page.wait_for_selector('#room[data-round="2"]', timeout=(LOW_POLL_SECONDS + 4) * 1000)
        assert time.time() - ended <= LOW_POLL_SECONDS + 3
        assert UPDATED.match(updated.locator(".room-updated-text").text_content().strip())

        # Hidden: no poll for a minute, so a transition waits...
        set_hidden(page, True)
        hidden_at = time.time()
        end_round_now(run)
        page.wait_for_timeout((LOW_POLL_SECONDS + 3) * 1000)
        assert [t for t in polls if t > hidden_at] == [], "a hidden low-data tab polled within a minute"
        assert page.locator('#room[data-round="2"]').count() == 1
        # ...and shows at once when the tab is shown again.
        shown = time.time()
        set_hidden(page, False)
        page.wait_for_selector('#room[data-round="3"]', timeout=3_000)
        assert time.time() - shown <= 2.5

        # Refresh fetches at once.
        end_round_now(run)
        page.wait_for_timeout(300)
        refreshed = time.time()
        page.get_by_role("link", name="Refresh").click()
        page.wait_for_selector('#room[data-round="4"]', timeout=3_000)
        assert time.time() - refreshed <= 2.5
        assert page.evaluate("window.__sameDocument === true"), "the room must never reload"
    finally:
        context.close()


def test_participant_turns_low_data_on_and_it_is_remembered(browser, live_server):
    run, user = seated_running_table()
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        log_in(context, live_server, user)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        bar = page.locator("#room-data")
        assert bar.get_attribute("data-low-data") == "off"
        assert not bar.locator(".room-updated").is_visible()
        assert page.evaluate("window.AccordPush.pollEveryMs()") == 0  # every tick of the room's 1-second poll

        page.get_by_role("button", name="Use less data").click()
        page.wait_for_selector('#room-data[data-low-data="on"]')
        assert page.evaluate("window.AccordPush.pollEveryMs()") == LOW_POLL_SECONDS * 1000
        turn_off = page.get_by_role("button", name="Turn low data off")
        assert turn_off.is_visible()
        assert page.evaluate("document.activeElement.textContent.trim()") == "Turn low data off"

        page.reload()
        assert page.locator("#room-data").get_attribute("data-low-data") == "on"
        page.get_by_role("button", name="Turn low data off").click()
        page.wait_for_selector('#room-data[data-low-data="off"]')
        page.reload()
        assert page.locator("#room-data").get_attribute("data-low-data") == "off"
    finally:
        context.close()
