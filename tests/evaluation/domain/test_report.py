"""The impact report: figures from real answers, the minimum-cell rule, nothing written by reading."""

import pytest
from django.test import override_settings

from evaluation.domain.answers import submit_response
from evaluation.domain.exports import report_to_csv, report_to_json
from evaluation.domain.instruments import ensure_default_instruments
from evaluation.domain.queries.report import impact_report
from evaluation.enums import InstrumentPurpose, QuestionBlock
from evaluation.models import Instrument
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def _open(instrument):
    return instrument.opens_at + (instrument.closes_at - instrument.opens_at) / 2


def _answer_confidence(course, people, before, after):
    """Every confidence item answered ``before`` and ``after`` (lists, one value per person)."""
    pre = Instrument.objects.get(course=course, purpose=InstrumentPurpose.CONFIDENCE_PRE)
    post = Instrument.objects.get(course=course, purpose=InstrumentPurpose.CONFIDENCE_POST)
    for person, b, a in zip(people, before, after, strict=False):
        submit_response(pre, person, {q.pk: b for q in pre.questions.all()}, now=_open(pre))
        values = {q.pk: (a if q.block == QuestionBlock.NOW else b) for q in post.questions.all()}
        submit_response(post, person, values, now=_open(post))


@pytest.fixture
def course():
    course = CourseFactory()
    ensure_default_instruments(course)
    return course


def _people(course, pairs):
    people = []
    for _ in range(pairs):
        _pair, scientist, policymaker = make_pair(course=course)
        people += [scientist, policymaker]
    return people


def test_learning_block_matches_hand_computed_paired_change(course):
    people = _people(course, 3)[:5]
    _answer_confidence(course, people, before=[3, 4, 2, 5, 1], after=[5, 5, 5, 5, 5])

    block = next(b for b in impact_report(course)["learning"] if b["kind"] == "confidence")

    assert block["overall"].n == 5 and block["overall"].mean_difference == pytest.approx(2.0)
    assert block["overall"].ci_high == pytest.approx(3.963243, abs=1e-5)
    assert block["retrospective"].mean_difference == pytest.approx(2.0)  # retrospective "before" = real one here
    assert block["response_shift"].mean_difference == pytest.approx(0.0)


def test_no_cell_with_fewer_than_five_answers_is_shown(course):
    people = _people(course, 2)  # four people
    _answer_confidence(course, people, before=[3, 4, 2, 5], after=[5, 5, 5, 5])

    report = impact_report(course)

    block = next(b for b in report["learning"] if b["kind"] == "confidence")
    assert block["overall"].suppressed and block["overall"].mean_difference is None
    assert all(item["change"].suppressed for item in block["items"])
    assert report["reach"]["cohort"]["global_south_pct"] is None  # four people
    exported = report_to_json(report)
    assert '"mean_difference": null' in exported and '"mean_difference": 2' not in exported


@override_settings(EVALUATION_MIN_CELL=4)
def test_the_minimum_cell_follows_the_setting(course):
    people = _people(course, 2)
    _answer_confidence(course, people, before=[3, 4, 2, 5], after=[5, 5, 5, 5])

    block = next(b for b in impact_report(course)["learning"] if b["kind"] == "confidence")

    assert not block["overall"].suppressed and block["overall"].n == 4


def test_anonymous_reaction_is_counted_and_texts_are_never_quoted(course):
    people = _people(course, 3)
    reaction = Instrument.objects.get(course=course, purpose=InstrumentPurpose.REACTION)
    questions = {q.key: q for q in reaction.questions.all()}
    for n, person in enumerate(people):
        values = {questions["overall"].pk: 4 + n % 2, questions["recommend"].pk: "a", questions["change"].pk: "Secret"}
        submit_response(reaction, person, values, now=_open(reaction))

    report = impact_report(course)

    items = {i["key"]: i for i in report["reaction"]["overall"]["items"]}
    assert items["overall"]["summary"]["mean"] == pytest.approx(4.5) and items["overall"]["n"] == 6
    assert ("Yes", 6) in items["recommend"]["distribution"]
    assert "Secret" not in report_to_json(report) and "Secret" not in report_to_csv(report)


def test_report_reads_in_a_fixed_number_of_queries(course, django_assert_max_num_queries):
    _answer_confidence(course, _people(course, 3), before=[3] * 6, after=[5] * 6)

    with django_assert_max_num_queries(20):
        impact_report(course)
