import datetime

import pytest
from django.urls import reverse

from programme.models import ProgrammeRelease, Session
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.programme import PairGroupFactory, RoomFactory, SessionFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def editor_url(course):
    return reverse("course:programme_editor", args=[course.slug])


def test_editor_is_404_for_anonymous_and_participants(client):
    course = CourseFactory()

    anonymous = client.get(editor_url(course))
    client.force_login(UserFactory())
    someone = client.get(editor_url(course))
    nudge = client.post(
        reverse("course:programme_session_nudge", args=[course.slug, SessionFactory(course=course).pk]),
        {"action": "later"},
    )

    assert anonymous.status_code == someone.status_code == nudge.status_code == 404
    assert Session.objects.get().starts_at == local(course, 0, 9)


def test_editor_shows_warnings_next_to_the_sessions(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course, name="Kastler Hall")
    first = SessionFactory(course=course, room=room, title="First")
    SessionFactory(course=course, room=room, title="Second")

    body = facilitator_client.get(editor_url(course)).content.decode()

    card = body.split(f'data-session="{first.pk}"')[1].split("</article>")[0]
    assert "Kastler Hall is double-booked" in card
    assert "Warnings: 2" in body


def test_nudge_later_with_htmx_moves_and_returns_the_editor_body(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)

    response = facilitator_client.post(
        reverse("course:programme_session_nudge", args=[course.slug, session.pk]), {"action": "later"}, headers=HTMX
    )

    session.refresh_from_db()
    assert session.starts_at == local(course, 0, 9, 15)
    assert session.ends_at == local(course, 0, 10, 15)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="editor-body"')
    assert '09:15</time>–<time datetime="' in body and "10:15</time> CE" in body


def test_nudge_longer_without_js_redirects_to_the_day(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course, starts_at=local(course, 1, 9))

    response = facilitator_client.post(
        reverse("course:programme_session_nudge", args=[course.slug, session.pk]), {"action": "longer"}
    )

    session.refresh_from_db()
    assert session.ends_at == local(course, 1, 10, 15)
    assert response.status_code == 302
    # Back to the day, scrolled to the edited card.
    assert response["Location"].endswith(f"?day={course.starts_on + datetime.timedelta(days=1)}#session-{session.pk}")


def test_nudge_room_buttons_step_through_the_rooms_and_stop_at_the_ends(facilitator_client):
    course = CourseFactory()
    first, second = RoomFactory(course=course, name="A hall"), RoomFactory(course=course, name="B room")
    session = SessionFactory(course=course, room=first)
    url = reverse("course:programme_session_nudge", args=[course.slug, session.pk])

    facilitator_client.post(url, {"action": "room_next"})
    session.refresh_from_db()
    assert session.room == second
    response = facilitator_client.post(url, {"action": "room_next"}, follow=True)
    session.refresh_from_db()
    assert session.room == second
    assert "no room further that way" in response.content.decode()
    facilitator_client.post(url, {"action": "room_previous"})
    session.refresh_from_db()
    assert session.room == first and session.starts_at == local(course, 0, 9)


def test_compact_view_is_remembered_across_actions(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)
    url = reverse("course:programme_editor", args=[course.slug])

    facilitator_client.get(url + "?view=compact")
    body = facilitator_client.post(
        reverse("course:programme_session_nudge", args=[course.slug, session.pk]),
        {"action": "later"},
        HTTP_HX_REQUEST="true",
    ).content.decode()

    assert "day-grid compact" in body and "data-compact" in body
    assert f'id="session-{session.pk}"' in body


def test_nudge_shorter_refuses_below_fifteen_minutes_and_says_why(facilitator_client):
    course = CourseFactory()
    start = local(course, 0, 9)
    session = SessionFactory(course=course, starts_at=start, ends_at=start + datetime.timedelta(minutes=15))

    response = facilitator_client.post(
        reverse("course:programme_session_nudge", args=[course.slug, session.pk]), {"action": "shorter"}, headers=HTMX
    )

    session.refresh_from_db()
    assert session.ends_at == start + datetime.timedelta(minutes=15)
    assert "was not changed" in response.content.decode()


def test_move_form_changes_day_time_and_room(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course)
    session = SessionFactory(course=course)
    wednesday = course.starts_on + datetime.timedelta(days=2)

    facilitator_client.post(
        reverse("course:programme_session_move", args=[course.slug, session.pk]),
        {"day": wednesday.isoformat(), "start_time": "14:30", "room": room.pk},
        headers=HTMX,
    )

    session.refresh_from_db()
    assert session.starts_at == local(course, 2, 14, 30)
    assert session.ends_at == local(course, 2, 15, 30)
    assert session.room == room


def test_move_form_resizes_in_place_with_a_new_length(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course, title="Role-play block")

    response = facilitator_client.post(
        reverse("course:programme_session_move", args=[course.slug, session.pk]),
        {"day": course.starts_on.isoformat(), "start_time": "09:00", "length_minutes": "210"},
        headers=HTMX,
    )

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(course, 0, 9), local(course, 0, 12, 30))
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="editor-body"')
    assert 'name="length_minutes" value="210"' in body


def test_move_form_refuses_a_length_below_fifteen_minutes(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)

    response = facilitator_client.post(
        reverse("course:programme_session_move", args=[course.slug, session.pk]),
        {"day": course.starts_on.isoformat(), "start_time": "11:00", "length_minutes": "5"},
        headers=HTMX,
    )

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(course, 0, 9), local(course, 0, 10))
    assert "was not moved" in response.content.decode()


def test_move_form_with_bad_input_changes_nothing(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)

    response = facilitator_client.post(
        reverse("course:programme_session_move", args=[course.slug, session.pk]),
        {"day": "someday", "start_time": "25:99"},
        headers=HTMX,
    )

    session.refresh_from_db()
    assert session.starts_at == local(course, 0, 9)
    assert "was not moved" in response.content.decode()


def test_add_session_with_htmx_saves_even_with_a_warning(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course, name="Main Hall")
    SessionFactory(course=course, room=room, title="Existing")

    response = facilitator_client.post(
        reverse("course:programme_session_create", args=[course.slug]),
        {
            "title": "Clashing lecture",
            "kind": "lecture",
            "track": "science_in_diplomacy",
            "room": room.pk,
            "for_everyone": "on",
            "day": course.starts_on.isoformat(),
            "start_time": "09:30",
            "end_time": "10:30",
        },
        headers=HTMX,
    )

    assert Session.objects.filter(title="Clashing lecture").exists()
    assert "Main Hall is double-booked" in response.content.decode()


def test_add_session_with_errors_keeps_what_was_typed(facilitator_client):
    course = CourseFactory()

    response = facilitator_client.post(
        reverse("course:programme_session_create", args=[course.slug]),
        {
            "title": "Backwards",
            "kind": "lecture",
            "track": "other",
            "day": course.starts_on.isoformat(),
            "start_time": "11:00",
            "end_time": "10:00",
        },
        headers=HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert not Session.objects.exists()
    assert 'value="Backwards"' in body
    assert "must end at least 15 minutes after it starts" in body


def test_edit_session_form_saves_in_course_time(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)

    response = facilitator_client.post(
        reverse("course:programme_session_edit", args=[course.slug, session.pk]),
        {
            "title": "Renamed",
            "kind": "panel",
            "track": "skills",
            "day": course.starts_on.isoformat(),
            "start_time": "16:00",
            "end_time": "17:30",
            "for_everyone": "on",
        },
    )

    session.refresh_from_db()
    assert response.status_code == 302
    assert (session.title, session.kind) == ("Renamed", "panel")
    assert session.starts_at == local(course, 0, 16)


def test_remove_session(facilitator_client):
    course = CourseFactory()
    session = SessionFactory(course=course)

    facilitator_client.post(reverse("course:programme_session_remove", args=[course.slug, session.pk]), headers=HTMX)

    assert not Session.objects.exists()


def test_publish_requires_every_warning_to_be_acknowledged(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)
    url = reverse("course:programme_publish", args=[course.slug])
    page = facilitator_client.get(url).content.decode()
    assert page.count('name="acknowledged"') == 2

    refused = facilitator_client.post(url, {"title": "First"})

    assert refused.status_code == 200
    assert "Tick every warning" in refused.content.decode()
    assert not ProgrammeRelease.objects.exists()


def test_publish_with_acknowledged_warnings_creates_a_release(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)
    url = reverse("course:programme_publish", args=[course.slug])
    form = facilitator_client.get(url).context["form"]
    keys = [key for key, _ in form.fields["acknowledged"].choices]

    response = facilitator_client.post(url, {"title": "First programme", "acknowledged": keys})

    assert response.status_code == 302
    release = ProgrammeRelease.objects.get()
    assert (release.number, release.title) == (1, "First programme")


def test_publish_without_warnings_needs_only_a_title(facilitator_client):
    course = CourseFactory()
    SessionFactory(course=course)
    url = reverse("course:programme_publish", args=[course.slug])

    missing_title = facilitator_client.post(url, {"title": ""})
    response = facilitator_client.post(url, {"title": "First"})

    assert missing_title.status_code == 200
    assert response.status_code == 302
    assert ProgrammeRelease.objects.count() == 1


def test_publish_refuses_when_a_new_warning_appeared_since_the_page_was_opened(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)
    url = reverse("course:programme_publish", args=[course.slug])
    keys = [key for key, _ in facilitator_client.get(url).context["form"].fields["acknowledged"].choices]
    SessionFactory(course=course, room=room, title="Added meanwhile", starts_at=local(course, 0, 9, 30))

    response = facilitator_client.post(url, {"title": "First", "acknowledged": keys})

    assert response.status_code == 200
    assert "Added meanwhile" in response.content.decode()
    assert not ProgrammeRelease.objects.exists()


def fill_week(course, count):
    """``count`` sessions spread over the week, each in a room, with a speaker and a group."""
    rooms = [RoomFactory(course=course) for _ in range(2)]
    speaker = SpeakerFactory(course=course)
    group = PairGroupFactory(course=course)
    for i in range(count):
        starts = local(course, i % 5, 8) + datetime.timedelta(minutes=30 * (i // 5))
        SessionFactory(
            course=course,
            room=rooms[i % 2],
            speakers=[speaker],
            for_everyone=bool(i % 2),
            groups=[group],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=25),
        )


@pytest.mark.parametrize("count", [5, 50])
def test_editor_queries_do_not_grow_with_sessions(facilitator_client, django_assert_num_queries, count):
    course = CourseFactory()
    fill_week(course, count)

    with django_assert_num_queries(13):
        response = facilitator_client.get(editor_url(course))

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_publish_page_queries_do_not_grow_with_sessions(facilitator_client, django_assert_num_queries, count):
    course = CourseFactory()
    fill_week(course, count)

    with django_assert_num_queries(15):
        response = facilitator_client.get(reverse("course:programme_publish", args=[course.slug]))

    assert response.status_code == 200


def test_add_session_page_puts_the_slot_first_and_defaults_to_the_first_day(facilitator_client):
    course = CourseFactory()

    body = facilitator_client.get(reverse("course:programme_session_create", args=[course.slug])).content.decode()

    assert f'name="day" value="{course.starts_on.isoformat()}"' in body
    assert body.index('name="end_time"') < body.index('name="room"') < body.index('name="abstract"')


def test_add_link_of_a_room_column_opens_the_form_with_day_and_room_chosen(facilitator_client):
    course = CourseFactory()
    room = RoomFactory(course=course, name="Seminar Room B")
    wednesday = course.starts_on + datetime.timedelta(days=2)
    editor = facilitator_client.get(editor_url(course) + f"?day={wednesday.isoformat()}").content.decode()
    link = reverse("course:programme_session_create", args=[course.slug]) + f"?day={wednesday}&amp;room={room.pk}"
    assert link in editor

    page = facilitator_client.get(link.replace("&amp;", "&")).content.decode()
    odd = facilitator_client.get(reverse("course:programme_session_create", args=[course.slug]) + "?room=%C2%B2x")

    assert f'name="day" value="{wednesday.isoformat()}"' in page
    assert f'<option value="{room.pk}" selected>Seminar Room B (60 seats)</option>' in page
    assert odd.status_code == 200


def _double_booking(course):
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room, title="First")
    return SessionFactory(course=course, room=room, title="Second")


def test_publish_acknowledge_all_acknowledges_the_warnings_shown(facilitator_client):
    course = CourseFactory()
    _double_booking(course)
    url = reverse("course:programme_publish", args=[course.slug])
    page = facilitator_client.get(url)
    seen = [w.key for w in page.context["form"].warnings]

    response = facilitator_client.post(url, {"title": "v1", "seen": seen, "acknowledge_all": "on"})

    assert response.status_code == 302
    assert ProgrammeRelease.objects.get(course=course).number == 1
    assert "Acknowledge all 2 and publish" in page.content.decode()


def test_publish_acknowledge_all_refuses_a_warning_that_appeared_since(facilitator_client):
    course = CourseFactory()
    second = _double_booking(course)
    url = reverse("course:programme_publish", args=[course.slug])
    seen = [w.key for w in facilitator_client.get(url).context["form"].warnings]
    second.starts_at += datetime.timedelta(minutes=15)
    second.ends_at += datetime.timedelta(minutes=15)
    second.save()

    response = facilitator_client.post(url, {"title": "v1", "seen": seen, "acknowledge_all": "on"})

    assert response.status_code == 200 and not ProgrammeRelease.objects.exists()
    assert "New warnings appeared" in response.content.decode()


def test_publish_lists_warnings_acknowledged_earlier_without_asking_again(facilitator_client):
    course = CourseFactory()
    _double_booking(course)
    url = reverse("course:programme_publish", args=[course.slug])
    seen = [w.key for w in facilitator_client.get(url).context["form"].warnings]
    facilitator_client.post(url, {"title": "v1", "seen": seen, "acknowledge_all": "on"})

    page = facilitator_client.get(url).content.decode()
    response = facilitator_client.post(url, {"title": "v2"})

    assert "acknowledged in an earlier release, unchanged since" in page
    assert response.status_code == 302 and ProgrammeRelease.objects.filter(course=course).count() == 2
