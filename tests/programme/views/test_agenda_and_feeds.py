import datetime

import icalendar
import pytest
from django.urls import reverse

from programme.domain.agenda import feed_token_for, personal_sessions, simulation_links_for
from programme.domain.feeds import session_uid
from programme.domain.releases import publish_release
from programme.enums import SessionKind
from programme.models import CalendarFeedToken
from programme.views.common import published_programme
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.participants import make_pair
from tests.factories.programme import PairGroupFactory, SessionFactory, SpeakerFactory, local
from tests.factories.simulations import SeatFactory, make_run

pytestmark = pytest.mark.django_db


def publish(course, title="v1"):
    release, _ = publish_release(course, title=title, notify=False)
    return release


def cohort_with_groups(course):
    pair_a, scientist_a, _ = make_pair(course=course)
    pair_b, scientist_b, _ = make_pair(course=course)
    group_a = PairGroupFactory(course=course, name="Group A", pairs=[pair_a])
    group_b = PairGroupFactory(course=course, name="Group B", pairs=[pair_b])
    SessionFactory(course=course, title="Plenary opening")
    SessionFactory(
        course=course,
        title="Simulation for A",
        kind=SessionKind.SIMULATION,
        for_everyone=False,
        groups=[group_a],
        starts_at=local(course, 1, 14),
    )
    SessionFactory(
        course=course,
        title="Simulation for B",
        kind=SessionKind.SIMULATION,
        for_everyone=False,
        groups=[group_b],
        starts_at=local(course, 1, 14),
    )
    return scientist_a, scientist_b


def test_agenda_shows_plenary_and_own_group_sessions_only(client):
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    client.force_login(scientist_a.user)

    body = client.get(reverse("course:agenda", args=[course.slug])).content.decode()

    assert "Plenary opening" in body
    assert "Simulation for A" in body
    assert "Simulation for B" not in body


def test_agenda_shows_the_personal_feed_url_which_serves_the_calendar(client):
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    client.force_login(scientist_a.user)

    body = client.get(reverse("course:agenda", args=[course.slug])).content.decode()

    secret = CalendarFeedToken.objects.get(user=scientist_a.user, course=course).secret
    url = reverse("course:personal_feed", args=[secret])
    assert f'value="http://testserver{url}"' in body
    client.logout()
    assert client.get(url)["Content-Type"].startswith("text/calendar")


def test_agenda_of_a_non_participant_is_404(client):
    course = CourseFactory()
    cohort_with_groups(course)
    publish(course)
    client.force_login(UserFactory())

    assert client.get(reverse("course:agenda", args=[course.slug])).status_code == 404


def test_agenda_requires_login(client):
    course = CourseFactory()

    response = client.get(reverse("course:agenda", args=[course.slug]))

    assert response.status_code == 302


def test_simulation_links_are_empty_without_a_seat_at_any_table():
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    sessions = personal_sessions(published_programme(course), scientist_a)

    assert simulation_links_for(scientist_a, sessions) == {}


@pytest.mark.parametrize("count", [5, 50])
def test_agenda_queries_do_not_grow_with_sessions(client, django_assert_num_queries, count):
    course = CourseFactory()
    pair, scientist, _ = make_pair(course=course)
    group = PairGroupFactory(course=course, pairs=[pair])
    speaker = SpeakerFactory(course=course)
    for i in range(count):
        starts = local(course, i % 5, 8) + datetime.timedelta(minutes=30 * (i // 5))
        SessionFactory(
            course=course,
            speakers=[speaker],
            for_everyone=bool(i % 2),
            groups=[group],
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=25),
        )
    publish(course)
    feed_token_for(scientist.user, course)
    client.force_login(scientist.user)

    with django_assert_num_queries(7):
        response = client.get(reverse("course:agenda", args=[course.slug]))

    assert response.status_code == 200


def test_public_feed_is_a_calendar_with_etag_and_304(client):
    course = CourseFactory()
    session = SessionFactory(course=course, title="Opening")
    publish(course)
    url = reverse("course:programme_feed", args=[course.slug])

    response = client.get(url)
    again = client.get(url, headers={"If-None-Match": response["ETag"]})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [session_uid(session)]
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]


def test_public_feed_304_for_a_weak_etag_from_a_compressing_proxy(client):
    course = CourseFactory()
    SessionFactory(course=course)
    publish(course)
    url = reverse("course:programme_feed", args=[course.slug])
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": f'"other", W/{etag}'})

    assert response.status_code == 304


def test_public_feed_etag_changes_with_a_new_release(client):
    course = CourseFactory()
    SessionFactory(course=course)
    publish(course)
    url = reverse("course:programme_feed", args=[course.slug])
    old_etag = client.get(url)["ETag"]

    SessionFactory(course=course, title="Added later", starts_at=local(course, 1, 9))
    publish(course, "v2")
    response = client.get(url, headers={"If-None-Match": old_etag})

    assert response.status_code == 200
    assert response["ETag"] != old_etag
    assert b"Added later" in response.content


def test_personal_feed_has_only_own_sessions(client):
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    token = feed_token_for(scientist_a.user, course)

    response = client.get(reverse("course:personal_feed", args=[token.secret]))

    calendar = icalendar.Calendar.from_ical(response.content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["Plenary opening", "Simulation for A"]
    assert calendar.walk("VTIMEZONE")


def test_personal_feed_with_wrong_token_is_404(client):
    course = CourseFactory()
    cohort_with_groups(course)
    publish(course)

    assert client.get(reverse("course:personal_feed", args=["not-a-real-secret"])).status_code == 404


def test_personal_feed_after_reset_old_url_is_404_and_new_one_works(client):
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    old_secret = feed_token_for(scientist_a.user, course).secret
    client.force_login(scientist_a.user)

    response = client.post(reverse("course:agenda_feed_reset", args=[course.slug]))

    new_secret = CalendarFeedToken.objects.get(user=scientist_a.user, course=course).secret
    assert response.status_code == 302
    assert new_secret != old_secret
    client.logout()
    assert client.get(reverse("course:personal_feed", args=[old_secret])).status_code == 404
    assert client.get(reverse("course:personal_feed", args=[new_secret])).status_code == 200


def test_personal_feed_304_when_release_unchanged(client):
    course = CourseFactory()
    scientist_a, _ = cohort_with_groups(course)
    publish(course)
    url = reverse("course:personal_feed", args=[feed_token_for(scientist_a.user, course).secret])
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    publish(course, "v2")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_feeds_queries_do_not_grow_with_sessions(client, django_assert_num_queries, count):
    course = CourseFactory()
    pair, scientist, _ = make_pair(course=course)
    speaker = SpeakerFactory(course=course)
    for i in range(count):
        starts = local(course, i % 5, 8) + datetime.timedelta(minutes=30 * (i // 5))
        SessionFactory(
            course=course, speakers=[speaker], starts_at=starts, ends_at=starts + datetime.timedelta(minutes=25)
        )
    publish(course)
    token = feed_token_for(scientist.user, course)

    with django_assert_num_queries(2):
        public = client.get(reverse("course:programme_feed", args=[course.slug]))
    with django_assert_num_queries(3):
        personal = client.get(reverse("course:personal_feed", args=[token.secret]))

    assert public.status_code == personal.status_code == 200
    assert len(icalendar.Calendar.from_ical(personal.content).walk("VEVENT")) == count


def test_agenda_links_role_play_session_to_the_participants_room(client):
    course = CourseFactory()
    scientist_a, scientist_b = cohort_with_groups(course)
    publish(course)
    run = make_run(course=course)
    SeatFactory(run=run, delegation=run.scenario.delegations.first(), pair=scientist_a.pair)
    client.force_login(scientist_a.user)

    body = client.get(reverse("course:agenda", args=[course.slug])).content.decode()

    room_url = reverse("simulations:room", args=[run.pk])
    assert body.count(f'href="{room_url}"') == 1
    assert "Open your simulation" in body
    client.force_login(scientist_b.user)
    assert room_url not in client.get(reverse("course:agenda", args=[course.slug])).content.decode()
