import pytest
from django.core.management import call_command

from evaluation.domain.answers import submit_response
from evaluation.domain.follow_up import open_due_waves, record_consent, submit_follow_up
from evaluation.domain.privacy import erase_participant_data
from evaluation.enums import ContactAnswer, QuestionKind
from evaluation.models import (
    Answer,
    ErasureRecord,
    FollowUpConsent,
    FollowUpRequest,
    JointOutput,
    Response,
    ResponseReceipt,
)
from tests.factories.evaluation import FollowUpWaveFactory, InstrumentFactory, QuestionFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    attributed = InstrumentFactory()
    course = attributed.course
    anonymous = InstrumentFactory(course=course, is_anonymous=True)
    q1 = QuestionFactory(instrument=attributed, kind=QuestionKind.LIKERT_5)
    q2 = QuestionFactory(instrument=anonymous, kind=QuestionKind.LIKERT_5)
    _pair, scientist, policymaker = make_pair(course=course)
    for person in (scientist, policymaker):
        submit_response(attributed, person, {q1.pk: 4})
        submit_response(anonymous, person, {q2.pk: 5})
        record_consent(person, True)
    FollowUpWaveFactory(course=course)
    open_due_waves()
    for request in FollowUpRequest.objects.all():
        submit_follow_up(
            request,
            in_contact=ContactAnswer.YES,
            used_from_course=[],
            helped="",
            hindered="",
            outputs=[("paper", "A paper", "")],
        )
    return course, scientist, policymaker, anonymous


def test_erasure_removes_own_answers_and_keeps_anonymous_ones(answered):
    course, scientist, policymaker, anonymous = answered

    record = erase_participant_data(scientist)

    assert not Response.objects.filter(participant=scientist).exists()
    assert not ResponseReceipt.objects.filter(participant=scientist).exists()
    assert not FollowUpRequest.objects.filter(participant=scientist).exists()
    assert not FollowUpConsent.objects.filter(participant=scientist).exists()
    assert JointOutput.objects.count() == 1  # the partner's report stays
    assert Response.objects.filter(participant=policymaker).count() == 1
    assert Response.objects.filter(instrument=anonymous).count() == 2  # anonymous aggregates stay
    assert Answer.objects.filter(response__instrument=anonymous).count() == 2
    assert (record.responses, record.follow_ups) == (1, 1)
    columns = {f.name for f in ErasureRecord._meta.concrete_fields}
    assert columns == {"id", "course", "erased_at", "responses", "follow_ups"}  # counts, nobody's name


def test_erasure_command_finds_the_participant_by_email(answered, capsys):
    course, scientist, _policymaker, _anonymous = answered

    call_command("erase_evaluation_data", scientist.user.email, course=course.slug)

    assert "1 responses and 1 follow-ups erased" in capsys.readouterr().out
    assert not Response.objects.filter(participant=scientist).exists()
