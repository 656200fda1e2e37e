"""On a phone: the team ticks who is in the room; a participant checks in with the code shown in the room."""

import pytest
from django.test import Client
from django.urls import reverse

from logistics.models import AttendanceMark, SessionCheckIn
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_team_ticks_on_a_phone_and_a_participant_checks_in(phone_page, live_server):
    course = CourseFactory(slug="attendance-edition")
    session = SessionFactory(course=course, title="Negotiation workshop")
    _, scientist, policymaker = make_pair(course=course)
    errors = []
    phone_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    log_in(phone_page, live_server, FacilitatorFactory())
    phone_page.goto(live_server.url + reverse("logistics:tick_list", args=[course.slug, session.pk]))
    phone_page.evaluate("window.__noReload = true")
    phone_page.get_by_role("button", name=scientist.full_name).click()
    phone_page.locator(f"#tick-{scientist.pk}.is-present").wait_for()
    assert phone_page.locator("#present-count").inner_text() == "1"
    assert phone_page.evaluate("window.__noReload") is True
    assert AttendanceMark.objects.filter(participant=scientist, session=session).exists()
    phone_page.get_by_role("button", name="Show a code in the room").click()
    code = SessionCheckIn.objects.get(session=session).code
    assert phone_page.get_by_label("Check-in code", exact=True).inner_text() == code

    log_in(phone_page, live_server, policymaker.user)
    phone_page.goto(live_server.url + reverse("logistics:mine", args=[course.slug]))
    phone_page.get_by_label("Code shown in the room").fill(code.lower())
    phone_page.get_by_role("button", name="Check in").click()
    phone_page.get_by_text("Checked in: Negotiation workshop").wait_for()
    assert AttendanceMark.objects.filter(participant=policymaker, session=session).count() == 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width  # nothing wider than the phone
    assert not errors, errors
