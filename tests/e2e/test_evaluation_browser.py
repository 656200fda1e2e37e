"""A participant answers on a phone (session feedback from the agenda, then a questionnaire) and the course team
opens the impact report."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation.domain.instruments import ensure_default_instruments
from evaluation.enums import QuestionKind
from evaluation.models import Answer, Response
from programme.domain.releases import publish_release
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.evaluation import InstrumentFactory, QuestionFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory, SpeakerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def no_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen ({width}px)"


def test_participant_answers_on_a_phone_and_the_team_opens_the_report(phone_page, page, live_server):
    today = timezone.localdate()
    course = CourseFactory(
        title="Week in progress",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=3),
        opens_at=timezone.now() - datetime.timedelta(days=90),
        deadline=timezone.now() - datetime.timedelta(days=60),
    )
    ensure_default_instruments(course)
    session = SessionFactory(
        course=course, title="Three kinds of science diplomacy", speakers=[SpeakerFactory(course=course)]
    )
    publish_release(course, title="Programme", notify=False)
    questionnaire = InstrumentFactory(course=course, title="Midweek check")
    QuestionFactory(instrument=questionnaire, kind=QuestionKind.LIKERT_7, text="How tired are you?")
    QuestionFactory(
        instrument=questionnaire, kind=QuestionKind.SHORT_TEXT, text="One word for the week", required=False
    )
    _pair, scientist, _policymaker = make_pair(course=course)
    errors = []
    phone_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(phone_page, live_server, scientist.user)

    # From the agenda: one tap on the rating sends the feedback.
    phone_page.goto(live_server.url + reverse("course:agenda", args=[course.slug]))
    phone_page.get_by_role("link", name="Rate this session").click()
    phone_page.wait_for_url(f"**/evaluation/sessions/{session.pk}/")  # the agenda has the same heading
    phone_page.get_by_role("heading", name="Three kinds of science diplomacy").wait_for()
    no_overflow(phone_page)
    phone_page.get_by_role("button", name="4 of 5").tap()
    phone_page.get_by_text("Thank you for your feedback").wait_for()
    assert Response.objects.get(session=session).answers.get(question__key="rating").number == 4.0
    assert phone_page.get_by_role("link", name="Change your feedback").is_visible()

    # A questionnaire from the record page: tap a point of the scale, type, send.
    phone_page.goto(live_server.url + reverse("evaluation:home"))
    phone_page.get_by_role("link", name="Midweek check").click()
    phone_page.wait_for_url(f"**/evaluation/answer/{questionnaire.pk}/")
    phone_page.get_by_role("heading", name="Midweek check").wait_for()
    no_overflow(phone_page)
    phone_page.get_by_text("6", exact=True).tap()
    phone_page.get_by_label("One word for the week").fill("Fascinating")
    phone_page.get_by_role("button", name="Send").tap()
    phone_page.get_by_text("your answers to “Midweek check” are saved").wait_for()
    answers = Answer.objects.filter(response__instrument=questionnaire)
    assert sorted(answers.values_list("text", "number"), key=str) == [("", 6.0), ("Fascinating", None)]
    assert errors == []

    # The team opens the report: one answer is far below the minimum cell, so the session's mean is not shown.
    log_in(page, live_server, FacilitatorFactory())
    page.goto(live_server.url + reverse("evaluation:report", args=[course.slug]))
    page.get_by_role("heading", name="Did the course work?", exact=False).wait_for()
    assert page.get_by_role("img", name="Mean rating per session").is_visible()
    row = page.get_by_role("row", name="Three kinds of science diplomacy", exact=False)
    assert "too few" in row.inner_text()
    assert page.get_by_role("heading", name="Method note: what these figures cannot show").is_visible()
