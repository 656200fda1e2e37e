"""The calendar feeds as a strict RFC 5545 reader sees them: raw lines first, then parsed back with icalendar."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse

from programme.domain.agenda import feed_token_for
from programme.domain.feeds import PRODID, session_uid
from programme.domain.programme import remove_session, update_session
from programme.domain.releases import publish_release
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import PairGroupFactory, RoomFactory, SessionFactory, SpeakerFactory, local

pytestmark = pytest.mark.django_db

CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=[^:]*)*:")
LONG_ABSTRACT = (
    "Négociations sur l’Arctique, « science ouverte » et coopération: 北极科学合作 — "
    "a deliberately long abstract, with commas, semicolons; and a second line\nthat must survive folding "
    "into lines of at most seventy-five octets without splitting a multi-byte character. " * 2
)


def unfolded_lines(body):
    """Check the physical lines (CRLF, at most 75 octets, UTF-8 on each line) and return the unfolded ones."""
    assert body.endswith(b"\r\n"), "the feed must end with CRLF"
    physical = body[:-2].split(b"\r\n")
    lines = []
    for raw in physical:
        assert b"\n" not in raw and b"\r" not in raw, f"bare line break in {raw!r}"
        assert len(raw) <= 75, f"line of {len(raw)} octets is not folded: {raw!r}"
        text = raw.decode("utf-8")  # a fold in the middle of a multi-byte character would fail here
        if text[:1] in (" ", "\t"):
            assert lines, "the first line cannot be a continuation"
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def assert_valid_calendar(body):
    """RFC 5545 checks beyond what icalendar's parser enforces; returns the parsed calendar."""
    lines = unfolded_lines(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    stack, top_level = [], []
    for line in lines:
        assert CONTENT_LINE.match(line), f"not a content line: {line!r}"
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
        elif name == "END":
            assert stack and stack.pop() == value, f"END:{value} does not close the open component"
        elif stack == ["VCALENDAR"]:
            top_level.append(name.split(";")[0])
    assert not stack
    assert top_level.count("PRODID") == 1 and top_level.count("VERSION") == 1
    assert f"PRODID:{PRODID}" in lines and "VERSION:2.0" in lines
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines

    calendar = icalendar.Calendar.from_ical(body)
    timezones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    for tz in timezones.values():
        assert tz.subcomponents, "a VTIMEZONE needs STANDARD or DAYLIGHT rules"
        for rule in tz.subcomponents:
            assert {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO"} <= set(rule)
    events = calendar.walk("VEVENT")
    assert events
    uids = [str(event["UID"]) for event in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique within the feed"
    referenced = set()
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"} <= set(event)
        assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0), "DTSTAMP must be in UTC"
        assert event.decoded("DTEND") > event.decoded("DTSTART")
        for prop in ("DTSTART", "DTEND"):
            referenced.add(event[prop].params["TZID"])
    assert referenced and referenced <= set(timezones), f"TZID {referenced - set(timezones)} has no VTIMEZONE"
    stamps = [line for line in lines if line.startswith("DTSTAMP")]
    assert len(stamps) == len(events) and all(line.endswith("Z") for line in stamps)
    return calendar


def course_with_a_clock_change():
    """A week across the night the clocks go back in Europe/Rome (Sunday 25 October 2026)."""
    course = CourseFactory(starts_on=datetime.date(2026, 10, 22), ends_on=datetime.date(2026, 10, 26))
    pair, scientist, _ = make_pair(course=course)
    group = PairGroupFactory(course=course, name="Group A", pairs=[pair])
    room = RoomFactory(course=course, name="Budinich Lecture Hall")
    speaker = SpeakerFactory(course=course, name="Dr Amara Okafor, PhD; Senior Adviser")
    before = SessionFactory(
        course=course, title="Saturday lecture", room=room, speakers=[speaker], abstract=LONG_ABSTRACT
    )
    before.starts_at, before.ends_at = local(course, 2, 10), local(course, 2, 11)
    before.save()
    night = datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC)  # 01:30 CEST, ends 03:30 CET
    SessionFactory(course=course, title="Night watch", starts_at=night, ends_at=night + datetime.timedelta(hours=3))
    SessionFactory(
        course=course, title="Group A role-play", for_everyone=False, groups=[group], starts_at=local(course, 4, 9)
    )
    dropped = SessionFactory(course=course, title="Dropped later", starts_at=local(course, 0, 9))
    publish_release(course, title="First programme", notify=False)
    remove_session(dropped)
    update_session(before, title="Saturday lecture (new title)")
    publish_release(course, title="Second programme", notify=False)
    return course, scientist, before, dropped


def test_public_feed_is_strictly_valid_across_a_clock_change(client):
    course, _, before, dropped = course_with_a_clock_change()

    body = client.get(reverse("course:programme_feed", args=[course.slug])).content

    calendar = assert_valid_calendar(body)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert str(events["Saturday lecture (new title)"]["DESCRIPTION"]).endswith(LONG_ABSTRACT)
    assert "Dr Amara Okafor, PhD; Senior Adviser" in str(events["Saturday lecture (new title)"]["DESCRIPTION"])
    night = events["Night watch"]
    assert night.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)
    assert night.decoded("DTEND").utcoffset() == datetime.timedelta(hours=1)
    # In UTC: Python subtracts two datetimes of the same zone by wall clock, which would say two hours.
    utc = datetime.UTC
    assert night.decoded("DTEND").astimezone(utc) - night.decoded("DTSTART").astimezone(utc) == datetime.timedelta(
        hours=3
    )
    assert str(events["Dropped later"]["STATUS"]) == "CANCELLED"
    assert str(events["Dropped later"]["UID"]) == session_uid(dropped)


def test_public_feed_sequence_grows_only_for_changed_sessions(client):
    course, _, before, dropped = course_with_a_clock_change()

    calendar = icalendar.Calendar.from_ical(client.get(reverse("course:programme_feed", args=[course.slug])).content)

    sequences = {str(e["SUMMARY"]): int(e["SEQUENCE"]) for e in calendar.walk("VEVENT")}
    assert sequences == {
        "Saturday lecture (new title)": 2,
        "Night watch": 1,
        "Group A role-play": 1,
        "Dropped later": 2,
    }


def test_personal_feed_is_strictly_valid(client):
    course, scientist, _, _ = course_with_a_clock_change()
    token = feed_token_for(scientist.user, course)

    body = client.get(reverse("course:personal_feed", args=[token.secret])).content

    calendar = assert_valid_calendar(body)
    assert "Group A role-play" in {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_feed_before_the_first_release_is_an_empty_valid_calendar(client):
    course = CourseFactory()
    SessionFactory(course=course, title="Draft only")

    response = client.get(reverse("course:programme_feed", args=[course.slug]))

    lines = unfolded_lines(response.content)
    assert response.status_code == 200
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert not any("Draft only" in line for line in lines)
