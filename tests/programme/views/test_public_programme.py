import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from programme.domain.programme import update_session
from programme.domain.releases import publish_release
from programme.enums import SessionKind, Track
from tests.factories.course import CourseFactory
from tests.factories.programme import SessionFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db


def publish(course, title="v1"):
    release, _ = publish_release(course, title=title, notify=False)
    return release


def text_of(body):
    """The page's text without tags, as a reader sees it."""
    return re.sub(r"<[^>]+>", "", body)


def programme_url(course, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("course:programme", args=[course.slug]) + (f"?{query}" if query else "")


def test_programme_before_first_release_says_so(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Draft only")

    body = client.get(programme_url(course)).content.decode()

    assert "has not been published yet" in body
    assert "Draft only" not in body


def test_programme_shows_latest_release_not_the_draft(client):
    course = CourseFactory()
    session = SessionFactory(course=course, title="Published title")
    publish(course)
    update_session(session, title="Draft title")

    body = client.get(programme_url(course)).content.decode()

    assert "Published title" in body
    assert "Draft title" not in body


def test_programme_has_one_tab_per_day_and_shows_the_chosen_day(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Monday lecture")
    SessionFactory(course=course, title="Wednesday workshop", starts_at=local(course, 2, 14))
    publish(course)
    wednesday = course.starts_on + datetime.timedelta(days=2)

    body = client.get(programme_url(course, day=wednesday.isoformat())).content.decode()

    assert body.count('class="tab-weekday"') == 5
    assert f'?day={wednesday.isoformat()}"' in body
    assert "Wednesday workshop" in body
    assert "Monday lecture" not in body


def test_programme_unknown_day_falls_back_to_first_day(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Monday lecture")
    publish(course)

    response = client.get(programme_url(course, day="not-a-date"))

    assert response.status_code == 200
    assert "Monday lecture" in response.content.decode()


def test_programme_filters_by_track_and_kind(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Arctic lecture", track=Track.SCIENCE_FOR_DIPLOMACY, kind=SessionKind.LECTURE)
    SessionFactory(
        course=course,
        title="Negotiation workshop",
        track=Track.SKILLS,
        kind=SessionKind.WORKSHOP,
        starts_at=local(course, 0, 11),
    )
    publish(course)

    by_track = client.get(programme_url(course, track=Track.SKILLS)).content.decode()
    by_kind = client.get(programme_url(course, kind=SessionKind.LECTURE)).content.decode()
    bad = client.get(programme_url(course, kind="nonsense"))

    assert "Negotiation workshop" in by_track and "Arctic lecture" not in by_track
    assert "Arctic lecture" in by_kind and "Negotiation workshop" not in by_kind
    assert bad.status_code == 200


def test_programme_htmx_request_gets_only_the_panel(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Monday lecture")
    publish(course)

    body = client.get(programme_url(course), headers={"HX-Request": "true"}).content.decode()

    assert body.lstrip().startswith('<div id="programme-panel"')
    assert "<html" not in body


def test_programme_shows_cet_and_cest_across_the_dst_change():
    """Clocks go back on Sunday 25 October 2026: Saturday is CEST (UTC+2), Sunday afternoon CET (UTC+1)."""
    client = Client()
    course = CourseFactory(starts_on=datetime.date(2026, 10, 23), ends_on=datetime.date(2026, 10, 27))
    SessionFactory(course=course, title="Saturday session", starts_at=local(course, 1, 10))
    SessionFactory(course=course, title="Sunday session", starts_at=local(course, 2, 10))
    publish(course)

    saturday = text_of(client.get(programme_url(course, day="2026-10-24")).content.decode())
    sunday = text_of(client.get(programme_url(course, day="2026-10-25")).content.decode())

    assert "10:00–11:00 CEST (UTC+2)" in saturday
    assert "10:00–11:00 CET (UTC+1)" in sunday
    assert "CEST" not in sunday.split("Sunday 25 October 2026")[1]


def test_programme_session_across_the_dst_change_night():
    """A session from 01:30 to 03:30 local on the night the clocks go back lasts three real hours."""
    course = CourseFactory(starts_on=datetime.date(2026, 10, 23), ends_on=datetime.date(2026, 10, 27))
    starts = datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC)  # 01:30 CEST
    SessionFactory(course=course, title="Night watch", starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    publish(course)

    body = text_of(Client().get(programme_url(course, day="2026-10-25")).content.decode())

    assert "01:30 CEST (UTC+2) – 03:30 CET (UTC+1)" in body


def test_speaker_page_lists_their_sessions(client):
    course = CourseFactory()
    speaker = SpeakerFactory(course=course, name="Prof. Ingrid Solberg", affiliation="Polar Institute")
    SessionFactory(course=course, title="Arctic cooperation", speakers=[speaker])
    # a title no generated bio can contain (the factory's bio is random text: "Other" once matched "Others")
    SessionFactory(course=course, title="Desalination workshop", starts_at=local(course, 1, 9))
    publish(course)

    response = client.get(reverse("course:programme_speaker", args=[course.slug, speaker.pk]))

    body = response.content.decode()
    assert "Prof. Ingrid Solberg" in body and "Polar Institute" in body
    assert "Arctic cooperation" in body and "Desalination workshop" not in body


def test_speaker_page_names_the_day_of_each_session(client):
    course = CourseFactory()
    speaker = SpeakerFactory(course=course)
    SessionFactory(course=course, title="Monday lecture", speakers=[speaker])
    SessionFactory(course=course, title="Wednesday panel", speakers=[speaker], starts_at=local(course, 2, 14))
    publish(course)
    monday, wednesday = course.starts_on, course.starts_on + datetime.timedelta(days=2)

    body = client.get(reverse("course:programme_speaker", args=[course.slug, speaker.pk])).content.decode()

    monday_part = body.split(f"{monday:%A} {monday.day} {monday:%B %Y}")[1]
    assert "Monday lecture" in monday_part.split(f"{wednesday:%A} {wednesday.day} {wednesday:%B %Y}")[0]
    assert "Wednesday panel" in monday_part.split(f"{wednesday:%A} {wednesday.day} {wednesday:%B %Y}")[1]


def test_speaker_page_of_unpublished_speaker_is_404(client):
    course = CourseFactory()
    speaker = SpeakerFactory(course=course)
    SessionFactory(course=course)
    publish(course)

    response = client.get(reverse("course:programme_speaker", args=[course.slug, speaker.pk]))

    assert response.status_code == 404


def test_changelog_page_lists_changes_between_releases(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Opening")
    panel = SessionFactory(course=course, title="Tuesday panel", starts_at=local(course, 1, 11))
    publish(course, "First programme")
    panel.starts_at += datetime.timedelta(hours=2)
    panel.ends_at += datetime.timedelta(hours=2)
    panel.save()
    publish(course, "Tuesday panel moved")

    body = client.get(reverse("course:programme_changes", args=[course.slug])).content.decode()

    assert "v2 – <bdi>Tuesday panel moved</bdi>" in body and "v1 – <bdi>First programme</bdi>" in body
    latest = body.split("v2 – <bdi>Tuesday panel moved</bdi>")[1].split("v1 – <bdi>First programme</bdi>")[0]
    assert "Moved" in latest and "Tuesday panel" in latest and "Opening" not in latest
    assert "<details" not in latest  # the current release's changes are open, older ones folded
    assert "<summary>2 changes</summary>" in body.split("v1 – <bdi>First programme</bdi>")[1]


def test_current_programme_redirects_to_the_running_or_next_edition(client):
    CourseFactory(slug="old", starts_on=datetime.date(2020, 6, 1), ends_on=datetime.date(2020, 6, 5))
    upcoming = CourseFactory(slug="upcoming")

    response = client.get(reverse("course:current_programme"))

    assert response.status_code == 302
    assert response["Location"] == reverse("course:programme", args=[upcoming.slug])


@pytest.mark.parametrize("count", [5, 50])
def test_programme_page_queries_do_not_grow_with_sessions(client, django_assert_num_queries, count):
    course = CourseFactory()
    speaker = SpeakerFactory(course=course)
    for i in range(count):
        starts = local(course, i % 5, 8) + datetime.timedelta(minutes=30 * (i // 5))
        SessionFactory(
            course=course, speakers=[speaker], starts_at=starts, ends_at=starts + datetime.timedelta(minutes=25)
        )
    publish(course)

    with django_assert_num_queries(2):
        response = client.get(programme_url(course))

    assert response.status_code == 200


def test_programme_history_restore_gets_the_full_page_and_varies_on_htmx(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Monday lecture")
    publish(course)

    response = client.get(programme_url(course), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_speakers_index_lists_published_speakers(client):
    course = CourseFactory()
    published = SpeakerFactory(course=course, name="Dr Leila Haddad")
    SpeakerFactory(course=course, name="Not Speaking")
    SessionFactory(course=course, speakers=[published])
    publish(course)

    body = client.get(reverse("course:programme_speakers", args=[course.slug])).content.decode()

    assert reverse("course:programme_speaker", args=[course.slug, published.pk]) in body
    assert "Not Speaking" not in body


def test_programme_bad_day_keeps_the_filters(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Skills workshop", track=Track.SKILLS)
    SessionFactory(course=course, title="Other lecture", track=Track.OTHER, starts_at=local(course, 0, 11))
    publish(course)

    body = client.get(programme_url(course, day="2099-99-99", track=Track.SKILLS)).content.decode()

    assert "Skills workshop" in body and "Other lecture" not in body


@pytest.mark.parametrize("count", [1, 3])
def test_changelog_page_queries_do_not_grow_with_releases(client, django_assert_num_queries, count):
    course = CourseFactory()
    for i in range(count):
        SessionFactory(course=course, speakers=[SpeakerFactory(course=course)], starts_at=local(course, i % 5, 9))
        publish(course, f"Release {i + 1}")

    with django_assert_num_queries(2):
        response = client.get(reverse("course:programme_changes", args=[course.slug]))

    assert response.content.decode().count('class="card release"') == count


@pytest.mark.parametrize("count", [1, 3])
def test_speakers_and_speaker_pages_queries_do_not_grow(client, django_assert_num_queries, count):
    course = CourseFactory()
    speakers = [SpeakerFactory(course=course) for _ in range(count)]
    for i in range(count):
        SessionFactory(course=course, speakers=speakers, starts_at=local(course, i % 5, 9))
    publish(course)

    with django_assert_num_queries(2):
        index = client.get(reverse("course:programme_speakers", args=[course.slug]))
    with django_assert_num_queries(3):  # the release, the course, whether the speaker has a photo
        page = client.get(reverse("course:programme_speaker", args=[course.slug, speakers[0].pk]))

    assert index.content.decode().count('class="muted small"') == count
    assert page.content.decode().count('class="session-title"') == count


def test_programme_page_links_to_the_calendar_feed(client):
    course = CourseFactory()
    SessionFactory(course=course)
    publish(course)
    feed = reverse("course:programme_feed", args=[course.slug])

    body = client.get(programme_url(course)).content.decode()

    assert f'<a href="{feed}" type="text/calendar">' in body
    assert f'<link rel="alternate" type="text/calendar" title="{course.title} (calendar)" href="{feed}">' in body


@pytest.mark.parametrize(
    ("language", "direction", "heading", "kind"),
    [("fr", "ltr", "<h1>Programme</h1>", "Conférence"), ("ar", "rtl", "<h1>البرنامج</h1>", "محاضرة")],
)
def test_programme_page_speaks_the_browsers_language(language, direction, heading, kind):
    course = CourseFactory()
    SessionFactory(course=course, title="Water diplomacy", kind=SessionKind.LECTURE, starts_at=local(course, 0, 9))
    publish(course, "First programme")

    body = Client(HTTP_ACCEPT_LANGUAGE=language).get(programme_url(course)).content.decode()

    assert f'lang="{language}" dir="{direction}"' in body
    assert heading in body and kind in body
    assert "Water diplomacy" in body  # what the course team typed stays as typed
    assert "Times are in" not in body
