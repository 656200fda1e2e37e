import datetime

import pytest
from django.urls import reverse

from programme.domain.releases import publish_release
from programme.enums import SessionKind, Track
from tests.factories.course import CourseFactory
from tests.factories.programme import RoomFactory, SessionFactory, SpeakerFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen ({width}px)"


def test_public_programme_on_a_phone_switches_days_and_filters(phone_page, live_server):
    course = CourseFactory(title="Phone Course")
    room = RoomFactory(course=course, name="Budinich Lecture Hall")
    speaker = SpeakerFactory(course=course, name="Ambassador Tomás Ferreira (ret.)")
    SessionFactory(
        course=course,
        title="Opening session with a deliberately long title about science diplomacy for everyone",
        room=room,
        speakers=[speaker],
        track=Track.OTHER,
    )
    SessionFactory(
        course=course,
        title="Case study: Arctic cooperation",
        track=Track.SCIENCE_IN_DIPLOMACY,
        starts_at=local(course, 1, 9),
    )
    SessionFactory(
        course=course,
        title="Workshop in pairs: policy briefs",
        kind=SessionKind.WORKSHOP,
        track=Track.SKILLS,
        starts_at=local(course, 1, 11),
    )
    publish_release(course, title="First programme", notify=False)
    console_errors = []
    phone_page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    phone_page.goto(live_server.url + reverse("course:programme", args=[course.slug]) + f"?day={course.starts_on}")

    assert phone_page.get_by_role("heading", name="Opening session", exact=False).is_visible()
    no_overflow(phone_page)
    tabs = phone_page.get_by_role("navigation", name="Days of the course").get_by_role("link")
    assert tabs.count() == 5
    for i in range(5):  # every day can be reached at once: the tabs wrap, none is scrolled out of sight
        box = tabs.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"day tab {i} is off screen: {box}"

    tuesday = course.starts_on + datetime.timedelta(days=1)
    phone_page.get_by_role("link", name=tuesday.strftime("%a %-d %b")).click()
    phone_page.get_by_role("heading", name="Case study: Arctic cooperation").wait_for()
    assert phone_page.get_by_role("heading", name="Workshop in pairs: policy briefs").is_visible()
    assert phone_page.get_by_role("heading", name="Opening session", exact=False).count() == 0
    assert f"day={tuesday}" in phone_page.url
    no_overflow(phone_page)

    phone_page.get_by_label("Track").select_option(Track.SKILLS)
    phone_page.get_by_role("button", name="Filter").click()
    phone_page.get_by_role("heading", name="Case study: Arctic cooperation").wait_for(state="detached")
    assert phone_page.get_by_role("heading", name="Workshop in pairs: policy briefs").is_visible()
    no_overflow(phone_page)
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
