import pytest
from django.core.exceptions import ValidationError

from evaluation.domain.defaults import DEFAULT_INSTRUMENTS, KNOWLEDGE_ITEMS
from evaluation.domain.instruments import add_question, ensure_default_instruments
from evaluation.enums import InstrumentPurpose, QuestionBlock, QuestionKind
from evaluation.models import Instrument, Question
from tests.factories.course import CourseFactory
from tests.factories.evaluation import InstrumentFactory

pytestmark = pytest.mark.django_db


def test_default_set_is_created_once_with_auto_scored_knowledge_items():
    course = CourseFactory()

    created = ensure_default_instruments(course)
    again = ensure_default_instruments(course)

    assert len(created) == len(DEFAULT_INSTRUMENTS) and again == []
    pre = Instrument.objects.get(course=course, purpose=InstrumentPurpose.KNOWLEDGE_PRE)
    post = Instrument.objects.get(course=course, purpose=InstrumentPurpose.KNOWLEDGE_POST)
    assert pre.closes_at <= post.opens_at
    keys = [q.key for q in pre.questions.all()]
    assert keys == [q.key for q in post.questions.all()] == [i["key"] for i in KNOWLEDGE_ITEMS]
    assert all(q.kind == QuestionKind.KNOWLEDGE and q.correct_key for q in pre.questions.all())
    confidence = Instrument.objects.get(course=course, purpose=InstrumentPurpose.CONFIDENCE_POST)
    blocks = list(confidence.questions.values_list("block", flat=True))
    assert blocks.count(QuestionBlock.RETROSPECTIVE) == blocks.count(QuestionBlock.NOW) == 5
    assert Instrument.objects.get(course=course, purpose=InstrumentPurpose.REACTION).is_anonymous


def test_knowledge_item_without_a_correct_answer_is_refused():
    instrument = InstrumentFactory()

    with pytest.raises(ValidationError) as info:
        add_question(
            instrument, kind=QuestionKind.KNOWLEDGE, key="k", text="?", choices=[{"label": "a"}, {"label": "b"}]
        )

    assert "correct_key" in info.value.message_dict
    assert not Question.objects.exists()


def test_scale_needs_anchors_and_choices_need_two_options():
    instrument = InstrumentFactory()

    with pytest.raises(ValidationError, match="anchors"):
        add_question(instrument, kind=QuestionKind.LIKERT_7, key="s", text="?")
    with pytest.raises(ValidationError, match="two choices"):
        add_question(instrument, kind=QuestionKind.SINGLE, key="c", text="?", choices=[{"label": "only"}])
    question = add_question(
        instrument, kind=QuestionKind.MULTIPLE, key="m", text="?", choices=[{"label": "x"}, {"label": " y "}]
    )
    assert question.choices == [{"key": "a", "label": "x"}, {"key": "b", "label": "y"}]
