"""Machine-readable schedules of a release, for venue and conference apps.

- ``schedule_json``: the “schedule.json” layout that frab, pretalx and the c3voc tools exchange.
- ``schedule_xml``: the Frab/pentabarf ``schedule.xml``; valid against ``fixtures/frab/schedule.xml.xsd``,
  our copy of the public schema used by pretalx and c3voc (docs/programme.md, “Exports”).

Both are built from a release snapshot (stable ``guid`` = the session's uid) plus the public materials,
listed as attachments.
"""

import datetime
import xml.etree.ElementTree as ET

from django.conf import settings
from django.urls import reverse

GENERATOR = "Accord"
SLOT = "00:15"


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _duration(session):
    minutes = session.duration_minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _days(course, programme):
    """[(index, date, sessions)], one per programme day, numbered from 1."""
    return [(i, day, programme.on_day(course, day)) for i, day in enumerate(programme.days(course), start=1)]


def _rooms(programme):
    names = sorted({s.room for s in programme.sessions if s.room})
    return names + ([""] if any(not s.room for s in programme.sessions) else [])


def _room_label(name):
    return name or "No room"


def _day_bounds(course, day):
    start = datetime.datetime.combine(day, datetime.time(0), tzinfo=course.tzinfo)
    return start, start + datetime.timedelta(days=1)


def _event(course, session, materials):
    local = session.starts_at.astimezone(course.tzinfo)
    return {
        "guid": session.uid,
        "id": session.uid,
        "date": local.isoformat(),
        "start": f"{local:%H:%M}",
        "duration": _duration(session),
        "room": _room_label(session.room),
        "slug": f"{course.slug}-{session.uid[:8]}",
        "url": _absolute(reverse("course:programme_session", args=[course.slug, session.uid])),
        "title": session.title,
        "subtitle": "",
        "track": session.track_label,
        "type": session.kind_label,
        "language": "en",
        "abstract": session.abstract,
        "description": session.audience_label,
        "persons": [{"id": sp.id, "public_name": sp.name, "biography": sp.bio} for sp in session.speakers],
        "links": [],
        "attachments": [
            {"url": _absolute(reverse("course:material_download", args=[course.slug, m.pk])), "title": m.title}
            for m in materials.get(session.uid, [])
        ],
    }


def schedule_json(course, programme, materials):
    """The schedule as a dict ready for json.dumps; ``materials`` from materials_by_session(cohort=False)."""
    release = programme.release
    days = []
    for index, day, sessions in _days(course, programme):
        start, end = _day_bounds(course, day)
        rooms = {}
        for session in sessions:
            rooms.setdefault(_room_label(session.room), []).append(_event(course, session, materials))
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": start.isoformat(),
                "day_end": end.isoformat(),
                "rooms": rooms,
            }
        )
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": f"v{release.number} – {release.title}",
            "base_url": _absolute("/"),
            "conference": {
                "acronym": course.slug,
                "title": course.title,
                "start": course.starts_on.isoformat(),
                "end": course.ends_on.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": SLOT,
                "time_zone_name": course.timezone,
                "url": _absolute(reverse("course:programme", args=[course.slug])),
                "rooms": [{"name": _room_label(name)} for name in _rooms(programme)],
                "days": days,
            },
        },
    }


def _text(parent, tag, value="", **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    element.text = str(value) if value is not None else ""
    return element


def schedule_xml(course, programme, materials):
    """The Frab/pentabarf schedule.xml as UTF-8 bytes."""
    release = programme.release
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", {"name": GENERATOR})
    _text(root, "version", f"v{release.number} – {release.title}")
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", course.slug)
    _text(conference, "title", course.title)
    _text(conference, "start", course.starts_on.isoformat())
    _text(conference, "end", course.ends_on.isoformat())
    days = _days(course, programme)
    _text(conference, "days", len(days))
    _text(conference, "timeslot_duration", SLOT)
    _text(conference, "base_url", _absolute("/"))
    _text(conference, "time_zone_name", course.timezone)
    for index, day, sessions in days:
        start, end = _day_bounds(course, day)
        day_element = ET.SubElement(
            root,
            "day",
            {"index": str(index), "date": day.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
        )
        by_room = {}
        for session in sessions:
            by_room.setdefault(_room_label(session.room), []).append(session)
        for room_name, room_sessions in by_room.items():
            room = ET.SubElement(day_element, "room", {"name": room_name})
            for session in room_sessions:
                _xml_event(room, _event(course, session, materials))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _xml_event(room, data):
    event = ET.SubElement(room, "event", {"guid": data["guid"], "id": str(_numeric_id(data["id"]))})
    for tag in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track", "type", "language"):
        _text(event, tag, data[tag])
    _text(event, "abstract", data["abstract"])
    _text(event, "description", data["description"])
    persons = ET.SubElement(event, "persons")
    for person in data["persons"]:
        _text(persons, "person", person["public_name"], id=person["id"])
    ET.SubElement(event, "links")
    attachments = ET.SubElement(event, "attachments")
    for attachment in data["attachments"]:
        _text(attachments, "attachment", attachment["title"], href=attachment["url"])


def _numeric_id(uid):
    """Frab's event id is an integer: a stable one from the uid (its first 7 hex digits)."""
    return int(uid.replace("-", "")[:7], 16)
