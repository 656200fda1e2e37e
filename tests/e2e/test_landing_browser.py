import pytest
from django.urls import reverse

from tests.factories.course import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_page_on_a_phone_shows_call_and_live_countdown(phone_page, live_server):
    CourseFactory(title="Phone Edition")
    console_errors = []
    phone_page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    phone_page.goto(live_server.url + reverse("course:home"))

    assert phone_page.get_by_role("heading", name="Phone Edition").is_visible()
    countdown = phone_page.locator("[data-countdown-to]").first
    first = countdown.text_content()
    phone_page.wait_for_timeout(1100)
    assert countdown.text_content() != first, "the countdown should tick in the browser"
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen ({width}px)"
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
