import datetime

import pytest
import time_machine

from evaluation.domain.errors import AnswerRefused
from evaluation.domain.instruments import ensure_default_instruments
from evaluation.domain.session_feedback import (
    approve_comment,
    feedback_instrument,
    feedback_links,
    not_answered,
    session_rows,
    speaker_from_token,
    speaker_token,
    speaker_view,
    submit_session_feedback,
    switch_feedback,
)
from evaluation.models import Response
from programme.enums import SessionKind
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def week():
    course = CourseFactory()
    ensure_default_instruments(course)
    speaker = SpeakerFactory(course=course)
    session = SessionFactory(course=course, speakers=[speaker])
    people = []
    for _ in range(3):
        _pair, scientist, policymaker = make_pair(course=course)
        people += [scientist, policymaker]
    instrument = feedback_instrument(course)
    questions = {q.key: q for q in instrument.questions.all()}
    return course, session, speaker, people, instrument, questions


def _during(session, hours=0.5):
    return time_machine.travel(session.starts_at + datetime.timedelta(hours=hours), tick=False)


def test_feedback_opens_when_the_session_starts_and_updates_until_the_course_ends(week):
    course, session, _speaker, people, instrument, q = week

    with pytest.raises(AnswerRefused, match="opens when the session starts"):
        submit_session_feedback(
            instrument, session, people[0], {q["rating"].pk: 4}, now=session.starts_at - datetime.timedelta(minutes=1)
        )
    submit_session_feedback(instrument, session, people[0], {q["rating"].pk: 4}, now=session.starts_at)
    submit_session_feedback(
        instrument, session, people[0], {q["rating"].pk: 2}, now=instrument.closes_at - datetime.timedelta(minutes=1)
    )

    response = Response.objects.get()
    assert response.session_id == session.pk and response.answers.get().number == 2.0
    with pytest.raises(AnswerRefused, match="closed on"):
        submit_session_feedback(instrument, session, people[0], {q["rating"].pk: 5}, now=instrument.closes_at)


def test_switched_off_session_takes_no_feedback_and_offers_no_link(week):
    course, session, _speaker, people, instrument, q = week
    switch_feedback(session, on=False)

    with _during(session):
        with pytest.raises(AnswerRefused, match="switched feedback off"):
            submit_session_feedback(instrument, session, people[0], {q["rating"].pk: 4})
        assert feedback_links(people[0], course, [session]) == {}
        switch_feedback(session, on=True)
        assert feedback_links(people[0], course, [session]) == {
            str(session.uid): [("Rate this session", f"/evaluation/sessions/{session.pk}/")]
        }


def test_breaks_take_no_feedback(week):
    course, _session, _speaker, people, instrument, q = week
    coffee = SessionFactory(course=course, kind=SessionKind.BREAK)

    with pytest.raises(AnswerRefused, match="Breaks"):
        submit_session_feedback(instrument, coffee, people[0], {q["rating"].pk: 4}, now=coffee.starts_at)


def test_who_has_not_answered_and_speakers_see_only_aggregates_and_approved_comments(week):
    course, session, speaker, people, instrument, q = week
    for n, person in enumerate(people[:5]):
        values = {q["rating"].pk: 3 + n % 3, q["comment"].pk: f"Private remark {n}"}
        submit_session_feedback(instrument, session, person, values, now=session.starts_at)
    approve_comment(session, "Clear and useful (edited by the team).")

    assert not_answered(instrument, session) == [people[5]]
    (row,) = speaker_view(speaker_from_token(speaker_token(speaker)))
    assert row["rating"].mean == pytest.approx(3.8) and row["rating"].n == 5
    assert row["comments"] == ["Clear and useful (edited by the team)."]
    assert speaker_from_token(speaker_token(speaker) + "x") is None


def test_session_rating_under_five_answers_is_suppressed(week):
    course, session, _speaker, people, instrument, q = week
    for person in people[:4]:
        submit_session_feedback(instrument, session, person, {q["rating"].pk: 5}, now=session.starts_at)

    (row,) = session_rows(course, instrument)

    assert row["answered"] == 4 and row["rating"].suppressed and row["rating"].mean is None
