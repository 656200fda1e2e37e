"""What the evaluation adds to the apps below it: the survey at the debrief, the feedback link on the agenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.domain.instruments import ensure_default_instruments
from evaluation.enums import InstrumentPurpose
from evaluation.models import Answer, Instrument
from programme.domain.releases import publish_release
from simulations.domain import engine
from tests.factories.course import CourseFactory
from tests.factories.negotiation import seated_run, two_by_two
from tests.factories.programme import SessionFactory

pytestmark = pytest.mark.django_db


def _running_course():
    today = timezone.localdate()
    course = CourseFactory(
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=3),
        opens_at=timezone.now() - datetime.timedelta(days=90),
        deadline=timezone.now() - datetime.timedelta(days=60),
    )
    ensure_default_instruments(course)
    return course


def test_debrief_shows_the_after_run_survey_and_takes_the_answer(client):
    course = _running_course()
    run, pairs = seated_run(two_by_two(), course=course)
    engine.finish_run(run)  # seated_run starts it
    participant = pairs["a"][1]
    client.force_login(participant.user)
    survey = Instrument.objects.get(course=course, purpose=InstrumentPurpose.RUN_SURVEY)
    debrief = reverse("simulations:debrief", args=[run.pk])

    page = client.get(debrief).content.decode()
    assert "How it felt: subjective value" in page and "Shown once at least 5 players" in page
    data = {"run": run.pk, "back": "debrief", **{f"q{q.pk}": "5" for q in survey.questions.all()}}
    response = client.post(reverse("evaluation:answer", args=[survey.pk]) + f"?run={run.pk}", data)

    assert response.status_code == 302 and response["Location"] == debrief
    assert Answer.objects.filter(response__run=run, response__participant=participant).count() == 4
    assert "Save changes" in client.get(debrief).content.decode()


def test_survey_about_a_table_the_pair_did_not_play_is_404(client):
    course = _running_course()
    run, pairs = seated_run(two_by_two(), course=course)
    other, _ = seated_run(two_by_two(), course=course)
    engine.finish_run(other)
    client.force_login(pairs["a"][1].user)
    survey = Instrument.objects.get(course=course, purpose=InstrumentPurpose.RUN_SURVEY)

    assert client.get(reverse("evaluation:answer", args=[survey.pk]) + f"?run={other.pk}").status_code == 404


def test_agenda_offers_feedback_on_a_session_that_has_started(client):
    course = _running_course()
    _run, pairs = seated_run(two_by_two(), course=course)
    SessionFactory(course=course, title="Yesterday's lecture")
    publish_release(course, title="Programme", notify=False)
    client.force_login(pairs["a"][1].user)

    page = client.get(reverse("course:agenda", args=[course.slug])).content.decode()

    assert "Rate this session" in page
