import pytest

from course.demo.editions import seed_editions
from participants.demo.call import seed_call
from participants.enums import QuestionKind, QuestionPurpose
from participants.models import Answer, FollowUpForm, Question

pytestmark = pytest.mark.django_db


def test_seed_call_builds_a_call_with_custom_questions_a_document_and_a_referee_idempotently():
    seed_editions()

    seed_call()
    counts = (Question.objects.count(), Answer.objects.count(), FollowUpForm.objects.count())
    seed_call()

    assert (Question.objects.count(), Answer.objects.count(), FollowUpForm.objects.count()) == counts
    course_questions = Question.objects.filter(course__slug="current")
    assert course_questions.filter(purpose=QuestionPurpose.ELIGIBILITY).exists()
    assert course_questions.filter(kind=QuestionKind.DOCUMENT).exists()
    assert course_questions.filter(condition_question__isnull=False).exists()
    assert course_questions.get(key="travel_funding").course.referees_required == 1
    assert FollowUpForm.objects.get(key="passport").holds_personal_documents
