"""A facilitator starts a run with 20-second rounds; a participant's room follows every round to the end
without a reload, each transition within 2 s of the round's server-side end.

No Celery worker runs here: the room's 1-second poll makes the lazy check, which alone must move the run.
"""

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse

from simulations.domain.engine import start_run
from simulations.domain.runs import assign_pair
from simulations.models import Run, RunEvent
from tests.factories.course import FacilitatorFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROUND_SECONDS = 20
FOLLOW_SECONDS = 2.0  # the bound: the room shows a transition within 2 s


def log_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_participant_room_follows_all_rounds_without_reload(browser, page, live_server):
    run = make_run(round_seconds=[ROUND_SECONDS] * 3, name="Table A")
    pair, scientist, _ = make_pair(run.course)
    own, other = run.scenario.delegations.all()[:2]
    assign_pair(run, pair, own)
    log_in(page.context, live_server, FacilitatorFactory())

    participant_context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    participant = participant_context.new_page()
    participant.set_default_timeout(15_000)
    errors = []
    participant.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        log_in(participant_context, live_server, scientist.user)
        participant.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        participant.evaluate("window.__sameDocument = true")
        room = participant.locator("#room")
        assert room.get_attribute("data-run-state") == "draft"
        assert own.brief in participant.content() and other.brief not in participant.content()

        page.goto(live_server.url + reverse("simulations:run_detail", args=[run.pk]))
        page.get_by_role("button", name="Start").click()
        page.wait_for_selector('#run-status[data-run-state="running"]')

        seen, lags = [], []
        for number in (1, 2, 3):
            participant.wait_for_selector(f'#room[data-round="{number}"][data-run-state="running"]', timeout=30_000)
            shown_at = time.time()
            seen.append(number)
            if number > 1:
                lags.append(shown_at - run.rounds.get(number=number - 1).ends_at.timestamp())
            clock = participant.locator("#room [data-countdown-to]")
            assert clock.count() == 1
            assert participant.locator("#room .round-title").text_content().strip() == f"Round {number}"
        participant.wait_for_selector('#room[data-run-state="finished"]', timeout=30_000)
        lags.append(time.time() - run.rounds.get(number=3).ends_at.timestamp())

        assert seen == [1, 2, 3]
        assert all(0 <= lag <= FOLLOW_SECONDS for lag in lags), f"the room followed a transition late: {lags}"
        width = participant.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the room overflows a 375 px screen ({width}px)"
        assert participant.evaluate("window.__sameDocument === true"), "the room must never reload"
        assert not [e for e in errors if "Content Security Policy" in e], errors
        # The facilitator's page followed too, and the log holds every transition once.
        page.wait_for_selector('#run-status[data-run-state="finished"]', timeout=5_000)
        assert Run.objects.get(pk=run.pk).state == "finished"
        assert list(RunEvent.objects.filter(run=run, kind="round_advanced").values_list("from_round", flat=True)) == [
            1,
            2,
            3,
        ]
    finally:
        participant_context.close()


def test_room_countdown_is_right_on_a_device_with_a_wrong_clock(browser, live_server):

    run = make_run(round_seconds=[90], name="Table B")
    pair, scientist, _ = make_pair(run.course)
    assign_pair(run, pair, run.scenario.delegations.first())
    start_run(run)
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        log_in(context, live_server, scientist.user)
        phone = context.new_page()
        # The device believes it is two hours and seven minutes later than it is.
        phone.clock.install(time=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=2, minutes=7))
        phone.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        phone.wait_for_timeout(1200)

        shown = phone.locator("#room [data-countdown-to]").text_content().strip()

        minutes, seconds = (int(part) for part in shown.split(":"))
        assert 80 <= minutes * 60 + seconds <= 90, shown
    finally:
        context.close()
