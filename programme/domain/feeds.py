"""iCalendar (RFC 5545) feeds of a release: the whole programme, or one participant's agenda.

UIDs are ``session-<session uid>@<site domain>``: stable across releases, so a calendar that re-reads the feed
updates an event instead of adding a duplicate. SEQUENCE is the number of the release in which the session last
changed (it only grows, and stays put while the session does) and LAST-MODIFIED the time of that release.

Cancelled sessions are kept, with STATUS:CANCELLED, rather than dropped: a client that imported the event
(instead of subscribing) learns of the cancellation too, and subscribed clients show it as cancelled.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import pgettext

PRODID = "-//Accord//Course programme//EN"
REFRESH = datetime.timedelta(hours=1)


def site_domain():
    return urlsplit(settings.SITE_URL).hostname or "accord.example"


def session_uid(session):
    return f"session-{session.uid}@{site_domain()}"


def feed_etag(release, kind):
    """Changes only with a new release; ``kind`` separates the public feed from each personal one."""
    number = release.number if release else 0
    course_id = release.course_id if release else "none"
    return f'"programme-{course_id}-r{number}-{kind}"'


def build_calendar(course, programme, sessions, *, name, cancelled=()):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", course.timezone)
    # Ask subscribed calendars to look again every hour (RFC 7986, and the older name some clients read):
    # a re-read costs a 304 until the next release.
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    release = programme.release if programme else None
    stamp = release.published_at if release else datetime.datetime.now(datetime.UTC)
    for session in sessions:
        calendar.add_component(_event(course, session, stamp))
    for session in cancelled:
        calendar.add_component(_event(course, session, stamp, status="CANCELLED"))
    # VTIMEZONE for the course's zone, generated from its tz rules for the years around the events.
    days = [course.starts_on, course.ends_on] + [s.starts_at.date() for s in (*sessions, *cancelled)]
    calendar.add_missing_timezones(
        first_date=datetime.date(min(days).year - 1, 1, 1), last_date=datetime.date(max(days).year + 2, 1, 1)
    )
    return calendar.to_ical()


def _event(course, session, stamp, status="CONFIRMED"):
    zone = course.tzinfo
    event = icalendar.Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", session.ends_at.astimezone(zone))
    event.add("summary", session.title)
    description = session.abstract
    if session.speakers:
        description = (
            pgettext("speakers of a session", "With")
            + " "
            + ", ".join(sp.name for sp in session.speakers)
            + ("\n\n" + description if description else "")
        )
    if description:
        event.add("description", description)
    location = ", ".join(part for part in (session.room, course.venue) if part)
    if location:
        event.add("location", location)
    event.add("categories", [session.kind_label, session.track_label])
    event.add("sequence", session.revision)
    event.add("last-modified", session.revised_at.astimezone(datetime.UTC))
    event.add("status", status)
    return event
