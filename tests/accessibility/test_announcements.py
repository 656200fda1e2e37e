"""What a screen reader hears without looking: the room's countdown only at the moments that matter (through
one polite region outside the swapped room), and a form sent back with errors (an alert summary linking to
each field; each field invalid and described by its own error)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from simulations.domain import engine
from simulations.models import Run
from simulations.room.snapshot import forget_table_snapshots
from simulations.room.state import forget_local_state
from tests.accessibility.axe import DESKTOP, dangling_references, new_audit_context, run_axe
from tests.accessibility.conftest import sign_in
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_RECORD_ANNOUNCEMENTS = """() => {
  window.__heard = [];
  const watch = () => {
    const region = document.getElementById("a11y-announcer");
    if (!region) return setTimeout(watch, 20);
    new MutationObserver(() => { if (region.textContent) window.__heard.push(region.textContent); })
      .observe(region, {childList: true, characterData: true, subtree: true});
  };
  watch();
}"""


def test_room_countdown_is_announced_at_one_minute_not_every_second(browser, live_server):
    run, pairs = seated_run(two_by_two(), name="Quiet clock")
    # The round crosses its last minute about 10 s after this: room enough for the page to load first on a
    # loaded CI machine (a room opened with less than a minute left is not told "1 minute left").
    Run.objects.filter(pk=run.pk).update(ends_at=timezone.now() + datetime.timedelta(seconds=70))
    cache.clear()  # the room's cached state and snapshots still hold the round's first deadline
    forget_table_snapshots()
    forget_local_state()
    context = new_audit_context(browser, viewport=DESKTOP)
    sign_in(context, live_server.url, pairs["a"][1].user)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        page.evaluate(_RECORD_ANNOUNCEMENTS)
        page.wait_for_function("() => window.__heard.length > 0", timeout=20_000)
        page.wait_for_timeout(2_500)  # a few more ticks of the clock (and polls of the room)
        heard = page.evaluate("window.__heard")
        live_clock = page.evaluate(
            "() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert], [role=timer]')]"
            ".filter((r) => r.querySelector('[data-countdown-to]')).map((r) => r.id || r.tagName)"
        )
        room_live = page.locator("#room").get_attribute("aria-live")
    finally:
        context.close()
    assert heard == ["1 minute left in this round"], heard
    assert not live_clock, f"the ticking clock sits inside a live region: {live_clock}"
    assert room_live is None


def test_sign_up_errors_are_announced_and_tied_to_their_fields(browser, live_server):
    context = new_audit_context(browser, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("account_signup"))
        page.get_by_label("Email").fill("not an address")
        page.get_by_role("button", name="Create account").click()
        page.wait_for_selector(".error-summary")
        summary = page.locator(".error-summary")
        assert summary.get_attribute("role") == "alert"
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        links = summary.locator("a")
        assert links.count() >= 1
        email = page.locator("#id_email")
        assert email.get_attribute("aria-invalid") == "true"
        described = email.get_attribute("aria-describedby").split()
        assert "id_email_error" in described
        error_text = page.locator("#id_email_error").inner_text()
        assert error_text and error_text.split("\n")[0] in summary.inner_text()
        summary.locator('a[href="#id_email"]').press("Enter")
        assert page.evaluate("document.activeElement.id") == "id_email"
        assert not dangling_references(page)
        assert not run_axe(page)
    finally:
        context.close()


def test_room_announces_the_new_round_once(browser, live_server):
    run, pairs = seated_run(two_by_two(), name="Next round")
    context = new_audit_context(browser, viewport=DESKTOP)
    sign_in(context, live_server.url, pairs["a"][1].user)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("simulations:room", args=[run.pk]))
        page.evaluate(_RECORD_ANNOUNCEMENTS)
        engine.end_round_now(run)
        page.wait_for_selector('#room[data-round="2"]')
        page.wait_for_function("() => window.__heard.length > 0", timeout=5_000)
        page.wait_for_timeout(1_500)
        heard = page.evaluate("window.__heard")
        heading = page.locator("#round-heading").inner_text()
    finally:
        context.close()
    assert len(heard) == 1 and heard[0].startswith("Round 2 of") and heard[0].endswith(heading), heard
