import datetime
import zoneinfo

import icalendar
import pytest

from programme.domain.feeds import build_calendar, feed_etag, session_uid
from programme.domain.programme import move_session, remove_session
from programme.domain.releases import publish_release
from programme.domain.snapshots import read_snapshot
from tests.factories.course import CourseFactory
from tests.factories.programme import RoomFactory, SessionFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def publish(course, title):
    release, _ = publish_release(course, title=title, notify=False)
    programme = read_snapshot(release.snapshot, release)
    return programme, icalendar.Calendar.from_ical(
        build_calendar(course, programme, programme.sessions, name="Test", cancelled=programme.cancelled)
    )


def events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_feed_parses_back_with_times_in_course_zone_and_vtimezone():
    course = CourseFactory(starts_on=datetime.date(2026, 9, 21), ends_on=datetime.date(2026, 9, 25))
    room = RoomFactory(course=course, name="Budinich Hall")
    speaker = SpeakerFactory(course=course, name="Dr Lena Varga")
    session = SessionFactory(course=course, title="Opening", room=room, speakers=[speaker])

    _, calendar = publish(course, "v1")

    event = events(calendar)[session_uid(session)]
    assert event.decoded("DTSTART") == datetime.datetime(2026, 9, 21, 9, 0, tzinfo=ROME)
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert event.decoded("DTEND") == datetime.datetime(2026, 9, 21, 10, 0, tzinfo=ROME)
    assert str(event["SUMMARY"]) == "Opening"
    assert "Budinich Hall" in str(event["LOCATION"])
    assert "Dr Lena Varga" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 1
    assert "LAST-MODIFIED" in event and "DTSTAMP" in event
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Rome"]
    assert {c.name for c in timezones[0].subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_feed_uids_are_stable_across_releases_and_sequence_grows():
    course = CourseFactory()
    session = SessionFactory(course=course, title="Tuesday panel", starts_at=local(course, 1, 11))
    _, first = publish(course, "v1")

    move_session(session, by=datetime.timedelta(hours=2))
    _, second = publish(course, "v2")

    assert set(events(first)) == set(events(second)) == {session_uid(session)}
    moved = events(second)[session_uid(session)]
    assert int(moved["SEQUENCE"]) == 2
    assert moved.decoded("DTSTART").astimezone(course.tzinfo).hour == 13


def test_feed_marks_cancelled_sessions_cancelled():
    course = CourseFactory()
    kept = SessionFactory(course=course, title="Kept")
    dropped = SessionFactory(course=course, title="Dropped", starts_at=local(course, 1, 9))
    publish(course, "v1")

    remove_session(dropped)
    _, calendar = publish(course, "v2")

    by_uid = events(calendar)
    assert str(by_uid[session_uid(kept)]["STATUS"]) == "CONFIRMED"
    assert str(by_uid[session_uid(dropped)]["STATUS"]) == "CANCELLED"


def test_feed_etag_changes_only_with_the_release_and_kind():
    course = CourseFactory()
    SessionFactory(course=course)
    first, _ = publish_release(course, title="v1", notify=False)
    second, _ = publish_release(course, title="v2", notify=False)

    assert feed_etag(first, "public") == feed_etag(first, "public")
    assert feed_etag(first, "public") != feed_etag(second, "public")
    assert feed_etag(first, "public") != feed_etag(first, "pair1")
