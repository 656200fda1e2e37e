"""Chromium: dragging a session on the editor's grid, the button alternative, and a speaker uploading slides
on a phone-width page."""

import pytest
from django.urls import reverse

from programme.domain import speakers as speaking
from programme.models import Material, Session
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.programme import TINY_PDF, RoomFactory, SessionFactory, SpeakerFactory, local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, client, user):
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def editor_with_two_rooms(page, live_server, client):
    course = CourseFactory()
    RoomFactory(course=course, name="A – Budinich Hall")
    second = RoomFactory(course=course, name="B – Seminar Room")
    session = SessionFactory(
        course=course,
        title="Opening",
        room=course.rooms.get(name__startswith="A"),
        starts_at=local(course, 0, 9),
        ends_at=local(course, 0, 10),
    )
    sign_in(page, live_server, client, FacilitatorFactory())
    page.goto(live_server.url + reverse("course:programme_editor", args=[course.slug]))
    page.locator(".day-grid.time-grid").wait_for()
    return course, second, session


GRAB = {"x": 12, "y": 10}


def test_dragging_a_card_moves_it_to_that_time_and_room(page, live_server, client):
    course, second, session = editor_with_two_rooms(page, live_server, client)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.evaluate("window.__noReload = true")
    card = page.locator(f"#session-{session.pk}")
    grid = page.locator(".day-grid.time-grid")
    card_box, grid_box = card.bounding_box(), grid.bounding_box()
    room_box = page.locator(f'.room-name[data-room="{second.pk}"]').bounding_box()
    hour_box = page.locator(".grid-hour", has_text="11:00").bounding_box()
    # Grabbed by its time line (not a button): aim that point at 11:00, as far below as it is from the top.
    target = {
        "x": room_box["x"] + room_box["width"] / 2 - grid_box["x"],
        "y": hour_box["y"] + 2 + GRAB["y"] - grid_box["y"],
    }
    assert card_box["height"] > GRAB["y"]

    card.drag_to(grid, source_position=GRAB, target_position=target)

    page.locator(f"#session-{session.pk} .session-time", has_text="11:00").wait_for()
    moved = Session.objects.get(pk=session.pk)
    assert moved.room_id == second.pk
    assert moved.starts_at == local(course, 0, 11) and moved.ends_at == local(course, 0, 12)
    assert page.evaluate("window.__noReload === true"), "the move must swap in place"
    assert page.evaluate(f"document.activeElement.id === 'session-{session.pk}'"), "focus stays on the moved card"
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_buttons_move_a_card_without_a_pointer_and_keep_it_in_view(page, live_server, client):
    course, second, session = editor_with_two_rooms(page, live_server, client)
    page.evaluate("window.__noReload = true")

    page.get_by_role("button", name="Move to the room on the right: Opening").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"""() => document.getElementById('session-{session.pk}').dataset.gridCol ===
        document.querySelector('.room-name[data-room="{second.pk}"]').dataset.gridCol"""
    )
    page.wait_for_function("() => document.activeElement && document.activeElement.dataset.keepFocus === 'room_next'")
    page.get_by_role("button", name="Start 15 minutes later: Opening").focus()
    page.keyboard.press("Enter")
    page.locator(f"#session-{session.pk} .session-time", has_text="09:15").wait_for()
    page.wait_for_function("() => document.activeElement && document.activeElement.dataset.keepFocus === 'later'")

    moved = Session.objects.get(pk=session.pk)
    assert moved.room_id == second.pk and moved.starts_at == local(course, 0, 9, 15)
    in_view = page.evaluate(
        f"""(() => {{ const r = document.getElementById('session-{session.pk}').getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight; }})()"""
    )
    assert in_view and page.evaluate("window.__noReload === true")


def test_compact_day_fits_a_1366_screen(browser, live_server, client):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        course = CourseFactory()
        rooms = [RoomFactory(course=course, name=f"Room {n}") for n in range(4)]
        for hour in range(9, 18):
            SessionFactory(course=course, room=rooms[hour % 4], starts_at=local(course, 0, hour), title=f"S{hour}")
        sign_in(page, live_server, client, FacilitatorFactory())
        page.goto(live_server.url + reverse("course:programme_editor", args=[course.slug]) + "?view=compact")
        grid = page.locator(".day-grid.time-grid.compact")
        grid.wait_for()
        box = grid.bounding_box()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert box["height"] < 768, box
        assert width <= 1366
    finally:
        context.close()


def test_speaker_uploads_slides_on_a_phone(phone_page, live_server, client, tmp_path):
    speaker = SpeakerFactory(email="ana@speakers.example", name="Ana Diplomat")
    session = SessionFactory(course=speaker.course, speakers=[speaker], title="Water diplomacy")
    user, _ = speaking.use_sign_in_link(speaking.issue_sign_in_link(speaker))
    sign_in(phone_page, live_server, client, user)
    slides = tmp_path / "water.pdf"
    slides.write_bytes(TINY_PDF)

    phone_page.goto(live_server.url + reverse("course:speaker_area", args=[speaker.course.slug]))
    card = phone_page.locator(f"#session-{session.pk}")
    card.get_by_text("Upload slides or a reading").click()
    card.get_by_label("Title").fill("Water diplomacy – slides")
    card.get_by_label("File").set_input_files(str(slides))
    card.get_by_role("button", name="Upload").click()

    phone_page.get_by_text("Uploaded “Water diplomacy – slides”").wait_for()
    link = phone_page.get_by_role("link", name="Water diplomacy – slides")
    assert link.is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert Material.objects.get().session == session
