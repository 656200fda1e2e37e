import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from evaluation.domain.answers import submit_response
from evaluation.domain.follow_up import open_due_waves, record_consent
from evaluation.domain.instruments import ensure_default_instruments
from evaluation.domain.session_feedback import feedback_instrument, submit_session_feedback
from evaluation.enums import InstrumentPurpose, QuestionKind
from evaluation.models import Answer, FollowUpConsent, FollowUpRequest, Instrument, JointOutput
from tests.factories.course import CourseFactory
from tests.factories.evaluation import FollowUpWaveFactory, InstrumentFactory, QuestionFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory

pytestmark = pytest.mark.django_db

QUERIES = 10  # session and user are cached; the record reads its edition in a fixed number, the estimates in one


@pytest.fixture
def seat(client):
    instrument = InstrumentFactory()
    _pair, scientist, policymaker = make_pair(course=instrument.course)
    client.force_login(scientist.user)
    return client, instrument, scientist, policymaker


def test_participant_answers_then_changes_an_answer(seat):
    client, instrument, scientist, _ = seat
    question = QuestionFactory(instrument=instrument, kind=QuestionKind.LIKERT_7)
    url = reverse("evaluation:answer", args=[instrument.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {f"q{question.pk}": "3"}).status_code == 302
    page = client.get(url).content.decode()
    assert re.search(rf'name="q{question.pk}" value="3"[^>]*checked', page)  # the answer is shown again
    client.post(url, {f"q{question.pk}": "6"})

    assert list(Answer.objects.values_list("number", flat=True)) == [6.0]


def test_refused_answer_keeps_what_was_typed(seat):
    client, instrument, _scientist, _ = seat
    number = QuestionFactory(instrument=instrument, kind=QuestionKind.NUMBER, min_value=0, max_value=10)
    text = QuestionFactory(instrument=instrument, kind=QuestionKind.SHORT_TEXT)

    response = client.post(
        reverse("evaluation:answer", args=[instrument.pk]), {f"q{number.pk}": "11", f"q{text.pk}": "Kept words"}
    )

    assert response.status_code == 400
    assert 'value="11"' in response.content.decode() and "Kept words" in response.content.decode()
    assert not Answer.objects.exists()


def test_closed_instrument_says_why(seat):
    client, instrument, _scientist, _ = seat
    question = QuestionFactory(instrument=instrument)
    url = reverse("evaluation:answer", args=[instrument.pk])

    with time_machine.travel(instrument.closes_at + datetime.timedelta(minutes=1)):
        response = client.post(url, {f"q{question.pk}": "3"})

    assert response.status_code == 409
    assert "can no longer be sent or changed" in response.content.decode()


def test_learner_record_shows_own_scores_and_nothing_of_the_partner(client):
    course = CourseFactory()
    ensure_default_instruments(course)
    _pair, me, partner = make_pair(course=course)
    pre = Instrument.objects.get(course=course, purpose=InstrumentPurpose.KNOWLEDGE_PRE)
    items = list(pre.questions.all())
    when = pre.opens_at + datetime.timedelta(hours=1)
    submit_response(pre, me, {q.pk: q.correct_key for q in items[:4]}, now=when)  # 4 of 4 answered correct
    submit_response(pre, partner, {q.pk: "zz-wrong" for q in items}, now=when)
    client.force_login(me.user)

    page = client.get(reverse("evaluation:home")).content.decode()

    assert course.title in page and ">100<" in page  # their knowledge score before: 100 %
    assert partner.full_name not in page and "zz-wrong" not in page


def test_consent_then_follow_up_with_an_output_and_a_refused_link(seat):
    client, instrument, scientist, _ = seat
    course = instrument.course
    FollowUpWaveFactory(course=course)

    client.post(reverse("evaluation:consent", args=[course.slug]), {"consent": "yes"})
    assert FollowUpConsent.objects.get(participant=scientist).is_active
    open_due_waves()
    request = FollowUpRequest.objects.get(participant=scientist)
    url = reverse("evaluation:follow_up", args=[request.pk])

    refused = client.post(
        url,
        {
            "in_contact": "yes",
            "output_0_kind": "paper",
            "output_0_title": "Our paper",
            "output_0_url": "javascript:alert(1)",
        },
    )
    saved = client.post(
        url,
        {
            "in_contact": "yes",
            "output_0_kind": "paper",
            "output_0_title": "Our paper",
            "output_0_url": "https://doi.org/10.1/x",
            "used_from_course": ["batna"],
        },
    )

    assert refused.status_code == 400 and "Our paper" in refused.content.decode()
    assert saved.status_code == 302
    assert JointOutput.objects.get().evidence_url == "https://doi.org/10.1/x"
    client.post(reverse("evaluation:consent", args=[course.slug]), {"action": "withdraw"})
    assert not FollowUpConsent.objects.get(participant=scientist).is_active


def test_someone_elses_follow_up_is_404(seat, client):
    client_, instrument, _scientist, policymaker = seat
    FollowUpWaveFactory(course=instrument.course)
    record_consent(policymaker, True)
    request = FollowUpRequest.objects.get(participant=policymaker)

    assert client_.get(reverse("evaluation:follow_up", args=[request.pk])).status_code == 404


@pytest.mark.parametrize("instruments", [1, 3])
def test_record_page_reads_a_fixed_number_of_queries(seat, django_assert_num_queries, instruments):
    client, instrument, _scientist, _ = seat
    QuestionFactory(instrument=instrument)
    for _ in range(instruments - 1):
        QuestionFactory(instrument=InstrumentFactory(course=instrument.course))
    url = reverse("evaluation:home")
    client.get(url)

    with django_assert_num_queries(QUERIES):
        response = client.get(url)

    assert response.content.decode().count('class="btn"') == instruments


def test_record_names_the_session_an_answer_is_about(client):
    course = CourseFactory()
    ensure_default_instruments(course)
    session = SessionFactory(course=course, title="Three kinds of science diplomacy")
    _pair, scientist, _ = make_pair(course=course)
    instrument = feedback_instrument(course)
    rating = next(q for q in instrument.questions.all() if q.key == "rating")
    with time_machine.travel(session.starts_at + datetime.timedelta(minutes=30), tick=False):
        submit_session_feedback(instrument, session, scientist, {rating.pk: 4})
    client.force_login(scientist.user)

    page = client.get(reverse("evaluation:home")).content.decode()

    assert "(<bdi>Three kinds of science diplomacy</bdi>)" in page and f"session:{session.pk}" not in page
