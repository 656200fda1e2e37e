"""The form builder's rules: every kind of question, scope, conditions, eligibility, retirement and refusals
that protect stored answers."""

import datetime

import pytest

from participants.domain.answers import save_answers
from participants.domain.applications import NotEligible, list_submission_problems, start_application
from participants.domain.errors import ApplicationRefused
from participants.domain.questions import (
    QuestionRefused,
    add_question,
    clean_answer,
    delete_question,
    eligibility_refusals,
    is_shown,
    missing_answers,
    move_question,
    questions_for,
    retire_question,
    update_question,
)
from participants.enums import MemberRole, QuestionKind, QuestionPurpose, QuestionScope
from participants.models import Answer, AuditLogEntry, Question
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.questions import QuestionFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


# --- Each kind of answer ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, extra, raw, stored",
    [
        (QuestionKind.SHORT_TEXT, {}, "  Nairobi  ", "Nairobi"),
        (QuestionKind.LONG_TEXT, {"word_limit": 5}, "one two three", "one two three"),
        (QuestionKind.SINGLE_CHOICE, {"choices": ["Full", "Partial"]}, "Partial", "Partial"),
        (QuestionKind.MULTIPLE_CHOICE, {"choices": ["A", "B", "C"]}, ["C", "A"], ["A", "C"]),
        (QuestionKind.YES_NO, {}, "yes", "yes"),
        (QuestionKind.NUMBER, {}, "2,5", 2.5),
        (QuestionKind.NUMBER, {}, "7", 7),
        (QuestionKind.DATE, {}, "2025-02-05", "2025-02-05"),
        (QuestionKind.COUNTRY, {}, "KE", "KE"),
    ],
)
def test_clean_answer_accepts_each_kind(kind, extra, raw, stored):
    question = QuestionFactory.build(kind=kind, **extra)

    assert clean_answer(question, raw) == stored


@pytest.mark.parametrize(
    "kind, extra, raw, reason",
    [
        (QuestionKind.SHORT_TEXT, {}, "x" * 301, "300 characters"),
        (QuestionKind.LONG_TEXT, {"word_limit": 2}, "one two three", "2 words"),
        (QuestionKind.SINGLE_CHOICE, {"choices": ["Full", "Partial"]}, "Other", "options offered"),
        (QuestionKind.MULTIPLE_CHOICE, {"choices": ["A", "B"]}, ["A", "Z"], "options offered"),
        (QuestionKind.YES_NO, {}, "maybe", "options offered"),
        (QuestionKind.NUMBER, {}, "ten", "a number"),
        (QuestionKind.NUMBER, {}, "1e400", "sensible size"),
        (QuestionKind.NUMBER, {}, "NaN", "sensible size"),
        (QuestionKind.DATE, {}, "05/02/2025", "YYYY-MM-DD"),
        (QuestionKind.DATE, {}, "0001-01-01", "between the years"),
        (QuestionKind.COUNTRY, {}, "XX", "options offered"),
        (QuestionKind.SHORT_TEXT, {}, "a\x00b", "NUL"),
    ],
)
def test_clean_answer_refuses_bad_input_with_the_reason(kind, extra, raw, reason):
    question = QuestionFactory.build(kind=kind, **extra)

    with pytest.raises(ApplicationRefused, match=reason):
        clean_answer(question, raw)


def test_empty_answer_is_a_draft_not_an_error():
    assert clean_answer(QuestionFactory.build(kind=QuestionKind.NUMBER), "  ") is None


# --- Scope, conditions and completeness --------------------------------------------------------------------


def test_member_question_is_answered_by_each_member_and_pair_question_once(facilitator):
    application = make_application()
    course = application.course
    own = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="Home airport")
    joint = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="Project title", scope="pair")
    lead = application.members.get(is_lead=True)
    partner = application.members.get(is_lead=False)

    save_answers(application, application.lead, {own.pk: "NBO", joint.pk: "Water diplomacy"})

    answers = list(application.answers.all())
    assert Answer.objects.get(question=own).member == lead
    assert Answer.objects.get(question=joint).member is None
    assert missing_answers([own, joint], answers, member=lead) == []
    assert missing_answers([own, joint], answers, member=partner) == ["Home airport"]
    assert missing_answers([own, joint], answers) == []


def test_conditional_question_counts_only_when_shown(facilitator):
    application = make_application()
    course = application.course
    funding = add_question(course, facilitator, kind=QuestionKind.YES_NO, label="Need funding?")
    amount = add_question(
        course,
        facilitator,
        kind=QuestionKind.NUMBER,
        label="How much?",
        condition_question=funding,
        condition_value="yes",
    )
    lead = application.members.get(is_lead=True)

    save_answers(application, application.lead, {funding.pk: "no"})
    assert missing_answers([funding, amount], list(application.answers.all()), member=lead) == []

    save_answers(application, application.lead, {funding.pk: "yes"})
    assert missing_answers([funding, amount], list(application.answers.all()), member=lead) == ["How much?"]
    assert is_shown(amount, {funding.pk: "yes"}) and not is_shown(amount, {funding.pk: "no"})


def test_required_custom_question_blocks_submission_and_optional_does_not(facilitator):
    application = make_application()
    add_question(application.course, facilitator, kind=QuestionKind.SHORT_TEXT, label="Home airport")
    add_question(application.course, facilitator, kind=QuestionKind.SHORT_TEXT, label="Nickname", required=False)
    add_question(application.course, facilitator, kind=QuestionKind.DATE, label="Start date", scope="pair")

    problems = " ".join(list_submission_problems(application))

    assert "Home airport" in problems and "Start date" in problems and "Nickname" not in problems


def test_save_answers_keeps_valid_answers_and_reports_the_others(facilitator):
    application = make_application()
    course = application.course
    good = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="City")
    bad = add_question(course, facilitator, kind=QuestionKind.NUMBER, label="Years")

    errors = save_answers(application, application.lead, {good.pk: "Trieste", bad.pk: "many"})

    assert list(errors) == [bad.pk]
    assert Answer.objects.get(question=good).value == "Trieste"
    assert not Answer.objects.filter(question=bad).exists()


def test_save_answers_is_refused_after_the_deadline(facilitator):
    application = make_application()
    question = add_question(application.course, facilitator, kind=QuestionKind.SHORT_TEXT, label="City")
    later = application.course.deadline + datetime.timedelta(minutes=1)

    with pytest.raises(ApplicationRefused, match="deadline has passed"):
        save_answers(application, application.lead, {question.pk: "Trieste"}, now=later)


# --- Eligibility ---------------------------------------------------------------------------------------------


def _eligibility(course, facilitator):
    return add_question(
        course,
        facilitator,
        purpose=QuestionPurpose.ELIGIBILITY,
        kind=QuestionKind.YES_NO,
        label="Are you a national of a developing country?",
        eligible_answers=["yes"],
        ineligible_message="The course is open to nationals of developing countries only.",
    )


def test_ineligible_answer_ends_the_journey_with_the_explanation(facilitator):
    course = CourseFactory()
    question = _eligibility(course, facilitator)

    with pytest.raises(NotEligible) as refused:
        start_application(UserFactory(), course, MemberRole.SCIENTIST, eligibility={question.pk: "no"})

    assert refused.value.reasons == ["The course is open to nationals of developing countries only."]
    assert not course.applications.exists()


def test_eligible_answer_starts_the_application_and_keeps_the_answer(facilitator):
    course = CourseFactory()
    question = _eligibility(course, facilitator)

    application = start_application(UserFactory(), course, MemberRole.SCIENTIST, eligibility={question.pk: "yes"})

    assert Answer.objects.get(application=application, question=question).value == "yes"


def test_unanswered_eligibility_is_refused(facilitator):
    course = CourseFactory()
    _eligibility(course, facilitator)

    with pytest.raises(ApplicationRefused, match="every eligibility question"):
        start_application(UserFactory(), course, MemberRole.SCIENTIST)


def test_eligibility_refusals_lists_every_failed_answer():
    a = QuestionFactory.build(pk=1, eligible_answers=["yes"], ineligible_message="A")
    b = QuestionFactory.build(pk=2, eligible_answers=["KE", "NG"], ineligible_message="B")

    assert eligibility_refusals([a, b], {1: "no", 2: "FR"}) == ["A", "B"]
    assert eligibility_refusals([a, b], {1: "yes", 2: "KE"}) == []


# --- The builder's own refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"kind": QuestionKind.SINGLE_CHOICE, "choices": ["Only one"]}, "at least two options"),
        ({"kind": QuestionKind.SINGLE_CHOICE, "choices": ["A", "A"]}, "same text"),
        ({"kind": QuestionKind.SHORT_TEXT, "label": "  "}, "needs its text"),
        ({"kind": "essay"}, "kind of question"),
        (
            {"kind": QuestionKind.SHORT_TEXT, "purpose": QuestionPurpose.ELIGIBILITY},
            "yes/no, a single choice or a country",
        ),
        (
            {"kind": QuestionKind.YES_NO, "purpose": QuestionPurpose.ELIGIBILITY, "eligible_answers": ["yes"]},
            "Explain",
        ),
        (
            {"kind": QuestionKind.YES_NO, "purpose": QuestionPurpose.ELIGIBILITY, "eligible_answers": ["perhaps"]},
            "not one of this question's options",
        ),
    ],
)
def test_builder_refuses_a_broken_definition(facilitator, fields, reason):
    course = CourseFactory()
    fields.setdefault("label", "A question")

    with pytest.raises(QuestionRefused, match=reason):
        add_question(course, facilitator, **fields)


def test_condition_must_name_an_option_of_the_other_question(facilitator):
    course = CourseFactory()
    funding = add_question(course, facilitator, kind=QuestionKind.YES_NO, label="Need funding?")

    with pytest.raises(QuestionRefused, match="not one of the options"):
        add_question(
            course,
            facilitator,
            kind=QuestionKind.NUMBER,
            label="How much?",
            condition_question=funding,
            condition_value="maybe",
        )


def test_pair_question_cannot_depend_on_a_member_answer(facilitator):
    course = CourseFactory()
    funding = add_question(course, facilitator, kind=QuestionKind.YES_NO, label="Need funding?")

    with pytest.raises(QuestionRefused, match="cannot depend on what one member"):
        add_question(
            course,
            facilitator,
            kind=QuestionKind.NUMBER,
            scope=QuestionScope.PAIR,
            label="How much?",
            condition_question=funding,
            condition_value="yes",
        )


# --- Never losing an answer: retire, refuse, delete only when unanswered ------------------------------------


def _answered_choice(facilitator):
    application = make_application()
    question = add_question(
        application.course, facilitator, kind=QuestionKind.SINGLE_CHOICE, label="Funding", choices=["Full", "None"]
    )
    save_answers(application, application.lead, {question.pk: "Full"})
    return application, question


def test_question_with_answers_cannot_be_deleted_only_retired(facilitator):
    application, question = _answered_choice(facilitator)

    with pytest.raises(QuestionRefused, match="Retire it instead"):
        delete_question(question, facilitator)
    retire_question(question, facilitator)

    assert Question.objects.get(pk=question.pk).is_retired
    assert Answer.objects.filter(question=question).count() == 1
    assert question not in questions_for(application.course)
    assert question in questions_for(application.course, include_retired=True)


def test_unanswered_question_can_be_deleted(facilitator):
    course = CourseFactory()
    question = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="City")

    delete_question(question, facilitator)

    assert not Question.objects.filter(pk=question.pk).exists()
    assert AuditLogEntry.objects.filter(course=course, action="question_deleted").exists()


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"kind": QuestionKind.SHORT_TEXT}, "kind cannot change"),
        ({"scope": QuestionScope.PAIR}, "Who answers it"),
        ({"choices": ["None", "Partial"]}, "“Full” was already chosen"),
    ],
)
def test_change_that_would_break_answers_is_refused_with_the_reason(facilitator, change, reason):
    _application, question = _answered_choice(facilitator)

    with pytest.raises(QuestionRefused, match=reason):
        update_question(question, facilitator, **change)

    stored = Question.objects.get(pk=question.pk)
    assert stored.kind == QuestionKind.SINGLE_CHOICE and stored.choices == ["Full", "None"]


def test_safe_change_to_an_answered_question_is_kept_and_audited(facilitator):
    _application, question = _answered_choice(facilitator)

    update_question(question, facilitator, label="Travel funding", choices=["Full", "None", "Partial"])

    stored = Question.objects.get(pk=question.pk)
    assert stored.label == "Travel funding" and stored.choices == ["Full", "None", "Partial"]
    entry = AuditLogEntry.objects.get(action="question_changed")
    assert entry.before["label"] == "Funding" and entry.after["label"] == "Travel funding"


def test_lower_word_limit_than_an_answer_uses_is_refused(facilitator):
    application = make_application()
    question = add_question(application.course, facilitator, kind=QuestionKind.LONG_TEXT, label="Brief", word_limit=50)
    save_answers(application, application.lead, {question.pk: "one two three four five six"})

    with pytest.raises(QuestionRefused, match="6 words"):
        update_question(question, facilitator, word_limit=3)


def test_move_question_swaps_with_its_neighbour(facilitator):
    course = CourseFactory()
    first = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="First")
    second = add_question(course, facilitator, kind=QuestionKind.SHORT_TEXT, label="Second")

    move_question(second, facilitator, "up")

    assert [q.label for q in questions_for(course)] == ["Second", "First"]
    assert first.pk != second.pk
