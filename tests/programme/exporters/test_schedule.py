import json
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from programme.domain.queries.materials import materials_by_session
from programme.exporters.schedule import schedule_json, schedule_xml
from programme.views.common import published_programme
from tests.programme.support import published_week

pytestmark = pytest.mark.django_db

SCHEMA = Path(settings.BASE_DIR) / "fixtures" / "frab" / "schedule.xml.xsd"


def _schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def test_schedule_xml_is_valid_against_the_frab_schema():
    week = published_week()
    programme = published_programme(week.course)

    body = schedule_xml(week.course, programme, materials_by_session(week.course, cohort=False))

    schema = _schema()
    document = etree.fromstring(body)
    assert schema.validate(document), schema.error_log
    events = document.findall(".//event")
    assert {e.findtext("title") for e in events} == {
        "Science for diplomacy",
        "Role-play: fisheries",
        "Other group's workshop",
    }
    lecture = next(e for e in events if e.findtext("title") == "Science for diplomacy")
    assert lecture.get("guid") == str(week.lecture.uid)
    assert lecture.findtext("start") == "09:00" and lecture.findtext("duration") == "01:00"
    assert lecture.findtext("room") == "Aula Magna"
    assert [p.text for p in lecture.findall("persons/person")] == ["Ana Diplomat"]


def test_schedule_xml_lists_public_materials_only():
    week = published_week()
    programme = published_programme(week.course)

    body = schedule_xml(week.course, programme, materials_by_session(week.course, cohort=False)).decode()

    assert "Public slides" in body
    assert "Cohort reading" not in body


def test_schema_refuses_an_event_without_a_title():
    week = published_week(materials=False)
    body = schedule_xml(week.course, published_programme(week.course), {})
    document = etree.fromstring(body)
    event = document.find(".//event")
    event.remove(event.find("title"))

    assert not _schema().validate(document)


def test_schedule_json_groups_events_by_day_and_room():
    week = published_week()

    data = schedule_json(week.course, published_programme(week.course), materials_by_session(week.course, cohort=False))

    conference = json.loads(json.dumps(data))["schedule"]["conference"]
    assert conference["time_zone_name"] == week.course.timezone
    first_day = conference["days"][0]
    (event,) = first_day["rooms"]["Aula Magna"]
    assert event["guid"] == str(week.lecture.uid)
    assert event["persons"][0]["public_name"] == "Ana Diplomat"
    assert [a["title"] for a in event["attachments"]] == ["Public slides"]
