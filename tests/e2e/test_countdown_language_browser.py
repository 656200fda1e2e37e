"""The call's countdown ticks in the page's language: its units come translated from the template."""

import re

import pytest
from django.urls import reverse

from tests.factories.course import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "language,pattern",
    [("fr", r"^\d+ j \d+ h \d+ min \d+ s$"), ("ar", r"^\d+ ي \d+ س \d+ د \d+ ث$"), ("en-gb", r"^\d+d \d+h \d+m \d+s$")],
)
def test_the_countdown_speaks_the_page_language(page, live_server, language, pattern):
    course = CourseFactory()  # the call closes in 30 days
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])

    page.goto(live_server.url + reverse("course:detail", args=[course.slug]))
    countdown = page.locator("time.countdown").first
    page.wait_for_function("el => el.dataset.countdownStarted === '1'", arg=countdown.element_handle())

    assert re.match(pattern, countdown.inner_text().strip()), countdown.inner_text()
