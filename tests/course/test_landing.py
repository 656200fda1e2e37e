import datetime
import zoneinfo

import pytest
from django.urls import reverse

from course.timezones import format_course_datetime
from tests.factories.course import CourseFactory

ROME = zoneinfo.ZoneInfo("Europe/Rome")


def test_deadline_formatted_in_course_zone_with_offset_in_winter():
    course = CourseFactory.build(deadline=datetime.datetime(2024, 2, 5, 23, 59, tzinfo=ROME))
    assert format_course_datetime(course, course.deadline) == "5 February 2024, 23:59 CET (UTC+1)"


def test_deadline_formatted_in_course_zone_with_offset_in_summer():
    course = CourseFactory.build(deadline=datetime.datetime(2024, 6, 5, 12, 0, tzinfo=datetime.UTC))
    assert format_course_datetime(course, course.deadline) == "5 June 2024, 14:00 CEST (UTC+2)"


@pytest.mark.django_db
def test_landing_page_lists_open_call_with_countdown(client):
    course = CourseFactory(title="Open Edition")
    CourseFactory(
        title="Closed Edition",
        opens_at=course.opens_at - datetime.timedelta(days=400),
        deadline=course.opens_at - datetime.timedelta(days=300),
    )
    response = client.get(reverse("course:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Open Edition" in body
    assert "data-countdown-to" in body
    assert format_course_datetime(course, course.deadline) in body
    open_section = body.split("Open calls")[1].split("Past editions")[0]
    assert "Closed Edition" not in open_section


@pytest.mark.django_db
def test_landing_page_without_open_calls_says_so(client):
    response = client.get(reverse("course:home"))
    assert "No call for applications is open right now" in response.content.decode()
