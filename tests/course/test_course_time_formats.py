"""Course times in the active language: month and day names translated, the course's zone and offset kept."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from course.timezones import format_course_datetime, format_course_time
from tests.factories.course import CourseFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")
WINTER_DEADLINE = datetime.datetime(2024, 2, 5, 23, 59, tzinfo=ROME)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en-gb", "5 February 2024, 23:59 CET (UTC+1)"),
        ("fr", "5 février 2024 23:59 CET (UTC+1)"),
        ("es", "5 de febrero de 2024 a las 23:59 CET (UTC+1)"),
        ("pt", "5 de Fevereiro de 2024 às 23:59 CET (UTC+1)"),
        ("ar", "5 فبراير، 2024، 11:59 م CET (UTC+1)"),
    ],
)
def test_format_course_datetime_speaks_the_active_language_and_keeps_the_offset(language, expected):
    course = CourseFactory.build(deadline=WINTER_DEADLINE)

    with translation.override(language):
        assert format_course_datetime(course, course.deadline) == expected


def test_format_course_time_with_seconds_in_french():
    course = CourseFactory.build()
    instant = datetime.datetime(2024, 6, 5, 12, 30, 5, tzinfo=datetime.UTC)

    with translation.override("fr"):
        assert format_course_time(course, instant, seconds=True) == "14:30:05 CEST (UTC+2)"


def test_course_local_keeps_the_course_zone_under_the_date_filter():
    course = CourseFactory.build()
    late_evening_utc = datetime.datetime(2024, 6, 5, 23, 30, tzinfo=datetime.UTC)  # already 6 June in Rome
    template = Template('{% load course_time %}{{ when|course_local:course|date:"l j F, H:i" }}')

    with translation.override("fr"):
        rendered = template.render(Context({"when": late_evening_utc, "course": course}))

    assert rendered == "jeudi 6 juin, 01:30"


def test_course_time_range_uses_the_languages_clock():
    course = CourseFactory.build()
    start = datetime.datetime(2024, 6, 5, 12, 0, tzinfo=datetime.UTC)
    template = Template("{% load course_time %}{% course_time_range course start end %}")
    context = Context({"course": course, "start": start, "end": start + datetime.timedelta(minutes=90)})

    with translation.override("en-gb"):
        assert ">14:00</time>–<time" in template.render(context)
        assert template.render(context).endswith(">15:30</time> CEST (UTC+2)")
    with translation.override("ar"):
        assert ">2:00 م</time>" in template.render(context)
