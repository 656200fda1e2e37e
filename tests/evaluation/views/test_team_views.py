import datetime

import pytest
from django.urls import reverse

from evaluation.domain.follow_up import schedule_waves
from evaluation.domain.instruments import ensure_default_instruments
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.evaluation import FollowUpWaveFactory, InstrumentFactory, QuestionFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(client):
    client.force_login(FacilitatorFactory())
    return client


def _instruments(course, n):
    for _ in range(n):
        QuestionFactory(instrument=InstrumentFactory(course=course))


def _waves(course, n):
    for _ in range(n):
        FollowUpWaveFactory(course=course)


def _sessions(course, n):
    for _ in range(n):
        SessionFactory(course=course, speakers=[SpeakerFactory(course=course)])


def _missing(course, n):
    for _ in range(n):
        make_pair(course=course)


LISTS = [
    ("evaluation:instruments", _instruments, lambda c: [c.slug], 3),
    ("evaluation:waves", _waves, lambda c: [c.slug], 3),
    ("evaluation:sessions", _sessions, lambda c: [c.slug], 6),
]


@pytest.mark.parametrize("name, make, args, queries", LISTS, ids=[entry[0] for entry in LISTS])
@pytest.mark.parametrize("items", [1, 3])
def test_list_page_reads_a_fixed_number_of_queries(team, django_assert_num_queries, name, make, args, queries, items):
    course = CourseFactory()
    make(course, items)
    url = reverse(name, args=args(course))
    team.get(url)  # the session and the user are read and cached once

    with django_assert_num_queries(queries):
        response = team.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("items", [1, 3])
def test_who_has_not_answered_reads_a_fixed_number_of_queries(team, django_assert_num_queries, items):
    instrument = InstrumentFactory()
    _missing(instrument.course, items)
    url = reverse("evaluation:missing", args=[instrument.course.slug, instrument.pk])
    team.get(url)

    with django_assert_num_queries(4):
        response = team.get(url)

    assert response.content.decode().count("<li>") >= 2 * items


def test_report_and_exports_of_an_edition(team):
    course = CourseFactory()
    ensure_default_instruments(course)
    schedule_waves(course)

    page = team.get(reverse("evaluation:report", args=[course.slug]))
    as_csv = team.get(reverse("evaluation:report_export", args=[course.slug, "csv"]))
    as_json = team.get(reverse("evaluation:report_export", args=[course.slug, "json"]))

    assert page.status_code == 200 and b"Method note" in page.content and b"<svg" in page.content
    assert as_csv["Content-Type"].startswith("text/csv") and as_csv.content.startswith(b"section,item,measure")
    assert as_json.json()["min_cell"] == 5
    assert team.get(reverse("evaluation:report_export", args=[course.slug, "xml"])).status_code == 404


def test_two_editions_side_by_side(team):
    first, second = CourseFactory(), CourseFactory()

    response = team.get(reverse("evaluation:compare"), {"a": first.slug, "b": second.slug})

    assert response.status_code == 200
    assert first.title in response.content.decode() and second.title in response.content.decode()


def test_builder_adds_a_question_and_keeps_what_was_typed_when_refused(team):
    instrument = InstrumentFactory()
    url = reverse("evaluation:question_add", args=[instrument.course.slug, instrument.pk])

    refused = team.post(
        url,
        {
            "kind": "knowledge",
            "key": "k1",
            "block": "now",
            "text": "Which is right?",
            "choices_text": "One\nTwo",
            "correct_choice": "5",
        },
    )
    added = team.post(
        url,
        {
            "kind": "knowledge",
            "key": "k1",
            "block": "now",
            "text": "Which is right?",
            "choices_text": "One\nTwo",
            "correct_choice": "2",
        },
    )

    assert refused.status_code == 400 and "Which is right?" in refused.content.decode()
    assert "Say which choice is correct." in refused.content.decode()
    assert added.status_code == 302
    question = instrument.questions.get()
    assert question.correct_key == "b" and [c["label"] for c in question.choices] == ["One", "Two"]


def test_instrument_times_are_typed_in_the_course_time_zone(team):
    course = CourseFactory(
        timezone="Europe/Rome", starts_on=datetime.date(2030, 6, 3), ends_on=datetime.date(2030, 6, 7)
    )
    url = reverse("evaluation:instrument_create", args=[course.slug])

    response = team.post(
        url,
        {"title": "Midweek", "unit": "participant", "opens_at": "2030-06-04T09:00", "closes_at": "2030-06-05T18:30"},
    )

    assert response.status_code == 302
    instrument = course.instruments.get()
    assert instrument.opens_at == datetime.datetime(2030, 6, 4, 7, 0, tzinfo=datetime.UTC)  # 09:00 CEST
    page = team.get(reverse("evaluation:instrument_edit", args=[course.slug, instrument.pk])).content.decode()
    assert 'value="2030-06-04T09:00"' in page


def test_question_key_must_be_new_in_its_block(team):
    instrument = InstrumentFactory()
    QuestionFactory(instrument=instrument, key="same")
    url = reverse("evaluation:question_add", args=[instrument.course.slug, instrument.pk])

    response = team.post(url, {"kind": "short_text", "key": "same", "block": "now", "text": "Again?"})
    nul = team.post(url, {"kind": "short_text", "key": "same", "block": "now\x00", "text": "Again?"})

    assert response.status_code == 400 and "already has a question with this key" in response.content.decode()
    assert nul.status_code == 400
