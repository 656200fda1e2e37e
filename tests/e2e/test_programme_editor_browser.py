import pytest
from django.urls import reverse

from programme.models import Session
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.programme import RoomFactory, SessionFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_nudges_a_session_in_place_and_shows_the_new_warning(page, live_server, client):
    course = CourseFactory()
    room = RoomFactory(course=course, name="Budinich Lecture Hall")
    moving = SessionFactory(
        course=course, room=room, title="Opening", starts_at=local(course, 0, 9), ends_at=local(course, 0, 10)
    )
    SessionFactory(
        course=course, room=room, title="First lecture", starts_at=local(course, 0, 10), ends_at=local(course, 0, 11)
    )
    facilitator = FacilitatorFactory()
    client.force_login(facilitator)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    page.goto(live_server.url + reverse("course:programme_editor", args=[course.slug]))
    assert page.locator(".day-grid.time-grid").count() == 1, "the time grid should be laid out by programme.js"
    page.evaluate("window.__noReload = true")
    page.get_by_role("button", name="Make 15 minutes longer: Opening").click()

    page.get_by_text("Warnings: 2").wait_for()
    assert page.evaluate("window.__noReload === true"), "the page must not reload"
    assert "10:15" in page.locator(f'[data-session="{moving.pk}"] .session-time').text_content()
    assert Session.objects.get(pk=moving.pk).ends_at == local(course, 0, 10, 15)
    # programme.js lays the swapped grid out on htmx:load, which htmx fires when the swap settles, a moment
    # after the new text is already on the page: wait for it (5 s) rather than look at once.
    page.locator(".day-grid.time-grid").wait_for(timeout=5000)
    assert page.locator(".day-grid.time-grid").count() == 1
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_editor_adds_then_moves_and_resizes_a_session_in_place(page, live_server, client):
    course = CourseFactory()
    RoomFactory(course=course, name="Budinich Lecture Hall")
    RoomFactory(course=course, name="Seminar Room A")
    client.force_login(FacilitatorFactory())
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])

    page.goto(live_server.url + reverse("course:programme_editor", args=[course.slug]))
    page.evaluate("window.__noReload = true")
    page.get_by_text("Add a session").click()
    form = page.locator("#add-session-form")
    form.get_by_label("Title").fill("Role-play simulation, round 1")
    form.get_by_label("Starts").fill("14:00")
    form.get_by_label("Ends").fill("15:00")
    form.get_by_role("button", name="Add the session").click()
    page.get_by_role("heading", name="Role-play simulation, round 1").wait_for()

    session = Session.objects.get(title="Role-play simulation, round 1")
    card = page.locator(f'[data-session="{session.pk}"]')
    card.get_by_text("Move or resize").click()
    card.get_by_label("Lasts (minutes)").fill("210")
    card.get_by_role("combobox", name="Room").select_option(label="Seminar Room A")
    card.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text(f"Moved “{session.title}”").wait_for()

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(course, 0, 14), local(course, 0, 17, 30))
    assert session.room.name == "Seminar Room A"
    assert "14:00–17:30" in page.locator(f'[data-session="{session.pk}"] .session-time').text_content()
    assert page.evaluate("window.__noReload === true"), "the page must not reload"


@pytest.mark.parametrize("width,height", [(375, 740), (1366, 768)])
def test_the_nudged_card_stays_in_view_after_each_nudge(page, live_server, client, width, height):
    course = CourseFactory()
    room = RoomFactory(course=course, name="Budinich Lecture Hall")
    for hour in range(8, 16):  # a full day above the card, so the page is several screens long
        SessionFactory(
            course=course,
            room=room,
            title=f"Lecture at {hour}",
            starts_at=local(course, 0, hour),
            ends_at=local(course, 0, hour + 1),
        )
    closing = SessionFactory(
        course=course, room=room, title="Closing", starts_at=local(course, 0, 16), ends_at=local(course, 0, 17)
    )
    client.force_login(FacilitatorFactory())
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + reverse("course:programme_editor", args=[course.slug]))
    card = page.locator(f"#session-{closing.pk}")

    page.get_by_role("button", name="Make 15 minutes longer: Closing").scroll_into_view_if_needed()
    for minutes in (15, 30, 45):
        page.get_by_role("button", name="Make 15 minutes longer: Closing").click()
        card.locator(".session-time", has_text=f"17:{minutes:02d}").wait_for()
        page.wait_for_timeout(300)  # the swap settles, then the editor brings the card back into view
        box = card.bounding_box()
        assert box is not None
        assert box["y"] >= 0 and box["y"] + min(box["height"], height) <= height + 1, (width, minutes, box)
        assert page.evaluate(f"document.activeElement.closest('#session-{closing.pk}') !== null")
