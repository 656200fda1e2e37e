import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from evaluation.domain.answers import has_answered, initial_values, own_response, submit_response
from evaluation.domain.errors import AnswerRefused
from evaluation.enums import QuestionKind, RespondentUnit
from evaluation.forms import AnswerForm
from evaluation.models import Answer, Response, ResponseReceipt
from tests.factories.evaluation import InstrumentFactory, QuestionFactory, choices
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    instrument = InstrumentFactory()
    pair, scientist, policymaker = make_pair(course=instrument.course)
    return instrument, scientist, policymaker


def _question(instrument, kind, **extra):
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.KNOWLEDGE):
        extra.setdefault("choices", choices("Yes", "No", "Perhaps"))
    if kind == QuestionKind.KNOWLEDGE:
        extra.setdefault("correct_key", "b")
    return QuestionFactory(instrument=instrument, kind=kind, **extra)


def _form(questions, data):
    return AnswerForm(questions, {f"q{q.pk}": v for q, v in data.items()})


# --- Each question type: accepted values, refused values with the typed input kept ------------------------


@pytest.mark.parametrize(
    "kind, good, stored, bad",
    [
        (QuestionKind.LIKERT_5, "4", {"number": 4.0}, "6"),
        (QuestionKind.LIKERT_7, "7", {"number": 7.0}, "0"),
        (QuestionKind.SINGLE, "c", {"choices": ["c"]}, "z"),
        (QuestionKind.MULTIPLE, ["a", "c"], {"choices": ["a", "c"]}, ["a", "z"]),
        (QuestionKind.NUMBER, "12.5", {"number": 12.5}, "NaN"),
        (QuestionKind.SHORT_TEXT, "Eye-opening", {"text": "Eye-opening"}, "x" * 301),
        (QuestionKind.LONG_TEXT, "More time, please.", {"text": "More time, please."}, "a\x00b"),
        (QuestionKind.KNOWLEDGE, "b", {"choices": ["b"], "number": 1.0}, "q"),
    ],
)
def test_question_type_stores_its_value_and_refuses_bad_input(cohort, kind, good, stored, bad):
    instrument, scientist, _ = cohort
    question = _question(instrument, kind, min_value=0, max_value=100)

    form = _form([question], {question: good})
    assert form.is_valid(), form.errors
    submit_response(instrument, scientist, form.values())

    answer = Answer.objects.get(question=question)
    for field, value in stored.items():
        assert getattr(answer, field) == value
    refused = _form([question], {question: bad})
    assert not refused.is_valid()
    assert refused[f"q{question.pk}"].value() == bad  # what was typed is shown again


def test_knowledge_item_scores_a_wrong_answer_zero(cohort):
    instrument, scientist, _ = cohort
    question = _question(instrument, QuestionKind.KNOWLEDGE)

    submit_response(instrument, scientist, {question.pk: "a"})

    assert Answer.objects.get(question=question).number == 0.0


def test_required_question_left_empty_is_refused_and_optional_one_is_not_stored(cohort):
    instrument, scientist, _ = cohort
    required = _question(instrument, QuestionKind.LIKERT_5)
    optional = _question(instrument, QuestionKind.SHORT_TEXT, required=False)

    assert not _form([required, optional], {required: "", optional: ""}).is_valid()
    form = _form([required, optional], {required: "3", optional: ""})
    assert form.is_valid()
    submit_response(instrument, scientist, form.values())
    assert Answer.objects.filter(question=optional).count() == 0


# --- Windows and resubmission ------------------------------------------------------------------------------


def test_resubmission_before_close_updates_the_one_response(cohort):
    instrument, scientist, _ = cohort
    question = _question(instrument, QuestionKind.LIKERT_5)

    submit_response(instrument, scientist, {question.pk: 2})
    submit_response(instrument, scientist, {question.pk: 5})

    assert Response.objects.filter(instrument=instrument).count() == 1
    assert list(Answer.objects.values_list("number", flat=True)) == [5.0]
    response = own_response(instrument, scientist)
    assert response.updated_at is not None and initial_values(response) == {question.pk: 5}


def test_answer_after_close_is_refused_with_the_reason(cohort):
    instrument, scientist, _ = cohort
    question = _question(instrument, QuestionKind.LIKERT_5)
    submit_response(instrument, scientist, {question.pk: 2})

    with pytest.raises(AnswerRefused, match="closed on .* can no longer be sent or changed"):
        submit_response(instrument, scientist, {question.pk: 5}, now=instrument.closes_at)

    assert Answer.objects.get().number == 2.0


def test_answer_before_open_is_refused_with_the_opening_time(cohort):
    instrument, scientist, _ = cohort
    question = _question(instrument, QuestionKind.LIKERT_5)

    with pytest.raises(AnswerRefused, match="opens on"):
        submit_response(instrument, scientist, {question.pk: 2}, now=instrument.opens_at - datetime.timedelta(1))

    assert not Response.objects.exists()


def test_participant_of_another_edition_is_refused(cohort):
    instrument, _scientist, _ = cohort
    _pair, stranger, _ = make_pair()

    with pytest.raises(AnswerRefused, match="another edition"):
        submit_response(instrument, stranger, {})


def test_pair_instrument_takes_one_response_for_both_members(cohort):
    instrument, scientist, policymaker = cohort
    instrument.unit = RespondentUnit.PAIR
    instrument.save()
    question = _question(instrument, QuestionKind.LIKERT_5)

    submit_response(instrument, scientist, {question.pk: 2})
    submit_response(instrument, policymaker, {question.pk: 4})

    response = Response.objects.get()
    assert response.pair_id == scientist.pair_id and response.participant_id is None
    assert Answer.objects.get().number == 4.0
    assert has_answered(instrument, scientist) and has_answered(instrument, policymaker)


# --- Anonymity, checked in the database itself ------------------------------------------------------------


def test_anonymous_response_stores_nobody_and_no_time(cohort):
    instrument, scientist, policymaker = cohort
    instrument.is_anonymous = True
    instrument.save()
    question = _question(instrument, QuestionKind.LONG_TEXT)

    submit_response(instrument, scientist, {question.pk: "Honest words"})

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Response._meta.db_table}")
        columns = [c[0] for c in cursor.description]
        (row,) = cursor.fetchall()
    stored = dict(zip(columns, row, strict=True))
    assert stored["participant_id"] is None and stored["pair_id"] is None
    assert stored["submitted_at"] is None and stored["updated_at"] is None
    people = {str(scientist.pk), str(scientist.user_id), str(scientist.pair_id)}
    assert not {k for k, v in stored.items() if k != "instrument_id" and str(v) in people}
    # The receipt says who answered, and has no column that points at a response or carries a time.
    receipt_columns = {f.column for f in ResponseReceipt._meta.concrete_fields}
    assert receipt_columns == {"id", "instrument_id", "participant_id", "subject"}
    answer_columns = {f.column for f in Answer._meta.concrete_fields}
    assert not answer_columns & {"participant_id", "user_id", "pair_id", "created_at"}
    assert has_answered(instrument, scientist) and not has_answered(instrument, policymaker)
    assert own_response(instrument, scientist) is None


def test_database_refuses_an_anonymous_response_that_names_someone(cohort):
    instrument, scientist, _ = cohort
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(instrument=instrument, is_anonymous=True, participant=scientist)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(instrument=instrument, is_anonymous=True, submitted_at=timezone.now())


def test_anonymous_response_cannot_be_sent_twice(cohort):
    instrument, scientist, _ = cohort
    instrument.is_anonymous = True
    instrument.save()
    question = _question(instrument, QuestionKind.LIKERT_5)
    submit_response(instrument, scientist, {question.pk: 2})

    with pytest.raises(AnswerRefused, match="nothing links them to you"):
        submit_response(instrument, scientist, {question.pk: 5})

    assert list(Answer.objects.values_list("number", flat=True)) == [2.0]
