"""The course team's call pages: the edition in local time, the builder, late codes, copying, opening/closing."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from course.models import Course
from participants.domain.answers import save_answers
from participants.domain.questions import add_question
from participants.enums import QuestionKind, QuestionPurpose
from participants.models import AuditLogEntry, FollowUpForm, LateSubmissionCode, Question
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db
ROME = zoneinfo.ZoneInfo("Europe/Rome")


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


@pytest.fixture
def fclient(client, facilitator):
    client.force_login(facilitator)
    return client


def _url(name, *args):
    return reverse(f"participants:{name}", args=args)


def _edition_data(course, **changes):
    data = {
        "title": course.title,
        "slug": course.slug,
        "edition_number": course.edition_number,
        "venue": course.venue,
        "timezone": course.timezone,
        "starts_on": course.starts_on.isoformat(),
        "ends_on": course.ends_on.isoformat(),
        "opens_at": "2030-01-10T09:00",
        "deadline": "2030-02-05T23:59",
        "capacity_pairs": 15,
        "confirm_by_days": 14,
        "referees_required": 0,
        "description": "",
        "call_text": "**Apply** now",
        "what_to_prepare": "",
        "eligibility_text": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "typed, utc",
    [
        ("2030-02-05T23:59", datetime.datetime(2030, 2, 5, 22, 59, tzinfo=datetime.UTC)),  # CET, UTC+1
        ("2030-07-05T23:59", datetime.datetime(2030, 7, 5, 21, 59, tzinfo=datetime.UTC)),  # CEST, UTC+2
    ],
)
def test_deadline_is_typed_in_the_course_time_zone_across_daylight_saving(fclient, typed, utc):
    course = CourseFactory(starts_on=datetime.date(2030, 9, 1), ends_on=datetime.date(2030, 9, 5))

    response = fclient.post(_url("call_edition", course.slug), _edition_data(course, deadline=typed))

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.deadline == utc
    page = fclient.get(_url("call_edition", course.slug)).content.decode()
    assert f'value="{typed}"' in page
    assert "23:59 CET (UTC+1)" in page or "23:59 CEST (UTC+2)" in page


def test_time_skipped_by_the_clock_change_is_refused_with_the_reason_and_typed_text_kept(fclient):
    course = CourseFactory()

    response = fclient.post(
        _url("call_edition", course.slug), _edition_data(course, title="Typed title", deadline="2030-03-31T02:30")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "does not exist on 31 March 2030 in Europe/Rome" in page
    assert 'value="Typed title"' in page
    assert Course.objects.get(pk=course.pk).title != "Typed title"


def test_unknown_time_zone_and_reversed_dates_are_refused(fclient):
    course = CourseFactory()

    response = fclient.post(
        _url("call_edition", course.slug),
        _edition_data(course, timezone="Mars/Olympus", ends_on="2000-01-01", deadline="2030-01-01T00:00"),
    )

    page = response.content.decode()
    assert "not a known time zone" in page
    assert "cannot end before it starts" in page


def test_every_edition_change_is_audited(fclient, facilitator):
    course = CourseFactory()

    fclient.post(_url("call_edition", course.slug), _edition_data(course, venue="ICTP, Trieste"))

    entry = AuditLogEntry.objects.get(course=course, action="edition_changed")
    assert entry.actor == facilitator and entry.after["venue"] == "ICTP, Trieste"


def test_call_text_is_markdown_sanitised_on_the_public_page(fclient, client):
    course = CourseFactory(call_text="**Apply** <script>alert(1)</script> [x](javascript:alert(1))")

    page = client.get(reverse("course:detail", args=[course.slug])).content.decode()

    assert "<strong>Apply</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page


def test_closing_the_call_stops_new_applications(fclient):
    course = CourseFactory()

    fclient.post(_url("call_toggle", course.slug), {"action": "close"})

    assert not Course.objects.open_calls().filter(pk=course.pk).exists()
    assert AuditLogEntry.objects.filter(course=course, action="call_closed").exists()
    fclient.post(_url("call_toggle", course.slug), {"action": "open"})
    assert Course.objects.open_calls().filter(pk=course.pk).exists()


def test_builder_adds_a_question_and_refuses_a_broken_one_keeping_what_was_typed(fclient):
    course = CourseFactory()

    ok = fclient.post(
        _url("call_question_add", course.slug, "application"),
        {
            "label": "Travel funding?",
            "kind": "single_choice",
            "scope": "member",
            "required": "on",
            "choices_text": "Full\nNone",
        },
    )
    bad = fclient.post(
        _url("call_question_add", course.slug, "application"),
        {"label": "Typed question", "kind": "single_choice", "scope": "member", "choices_text": "Only one"},
    )

    assert ok.status_code == 302
    assert Question.objects.get(course=course).choices == ["Full", "None"]
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "at least two options" in page and 'value="Typed question"' in page


def test_builder_refuses_an_edit_that_would_break_answers_with_the_reason(fclient, facilitator):
    application = make_application()
    course = application.course
    question = add_question(
        course, facilitator, kind=QuestionKind.SINGLE_CHOICE, label="Funding", choices=["Full", "None"]
    )
    save_answers(application, application.lead, {question.pk: "Full"})

    response = fclient.post(
        _url("call_question_edit", course.slug, question.pk),
        {"label": "Funding", "kind": "single_choice", "scope": "member", "choices_text": "None\nPartial"},
    )

    assert response.status_code == 400
    assert "“Full” was already chosen" in response.content.decode()
    assert Question.objects.get(pk=question.pk).choices == ["Full", "None"]


def test_delete_is_refused_for_an_answered_question_and_retire_keeps_its_answers(fclient, facilitator):
    application = make_application()
    question = add_question(application.course, facilitator, kind=QuestionKind.SHORT_TEXT, label="City")
    save_answers(application, application.lead, {question.pk: "Trieste"})
    slug = application.course.slug

    fclient.post(_url("call_question_action", slug, question.pk, "delete"))
    assert Question.objects.filter(pk=question.pk).exists()
    fclient.post(_url("call_question_action", slug, question.pk, "retire"))
    assert Question.objects.get(pk=question.pk).is_retired
    assert question.answers.count() == 1


def test_late_code_is_created_shown_once_and_revoked(fclient):
    application = make_application()
    course = application.course

    response = fclient.post(
        _url("call_late_codes", course.slug), {"application": application.pk, "valid_until": "2099-01-01T12:00"}
    )

    assert response.status_code == 200 and "it is shown only once" in response.content.decode()
    code = LateSubmissionCode.objects.get(application=application)
    assert code.valid_until == datetime.datetime(2099, 1, 1, 11, 0, tzinfo=datetime.UTC)
    fclient.post(_url("call_late_code_revoke", course.slug, code.pk))
    code.refresh_from_db()
    assert code.valid_until < datetime.datetime.now(datetime.UTC)
    assert AuditLogEntry.objects.filter(course=course, action="late_code_revoked").exists()


def test_late_code_in_the_past_is_refused(fclient):
    application = make_application()

    response = fclient.post(
        _url("call_late_codes", application.course.slug),
        {"application": application.pk, "valid_until": "2001-01-01T12:00"},
    )

    assert "Choose a time in the future" in response.content.decode()
    assert not LateSubmissionCode.objects.exists()


def test_copy_edition_copies_texts_questions_and_forms_with_dates_moved(fclient, facilitator):
    course = CourseFactory(call_text="Apply", deadline=datetime.datetime(2030, 2, 5, 22, 59, tzinfo=datetime.UTC))
    funding = add_question(course, facilitator, kind=QuestionKind.YES_NO, label="Funding?")
    add_question(
        course, facilitator, kind=QuestionKind.NUMBER, label="Amount", condition_question=funding, condition_value="yes"
    )
    FollowUpForm.objects.create(course=course, key="travel", title="Travel", due_at=course.deadline)

    response = fclient.post(
        _url("call_copy", course.slug), {"title": "Next", "slug": "next-edition", "shift_days": 182}
    )

    assert response.status_code == 302
    copy = Course.objects.get(slug="next-edition")
    assert copy.call_text == "Apply" and copy.call_closed
    # 23:59 CET on 5 February becomes 23:59 CEST on 6 August: the wall clock is kept across the change.
    assert copy.deadline.astimezone(ROME).strftime("%H:%M %Z") == "23:59 CEST"
    copied = {q.label: q for q in Question.objects.filter(course=copy)}
    assert copied["Amount"].condition_question == copied["Funding?"]
    assert copy.followup_forms.get().key == "travel"


def test_facilitator_home_links_lead_to_the_call_pages_not_the_admin(fclient):
    course = CourseFactory()

    page = fclient.get(reverse("course:facilitator_home")).content.decode()

    assert _url("call_edition", course.slug) in page
    assert _url("call_late_codes", course.slug) in page
    assert "/admin/" not in page


def test_new_edition_is_created_in_the_app(fclient):
    data = _edition_data(CourseFactory.build(slug="brand-new", title="Brand new"))

    response = fclient.post(_url("call_new_edition"), data)

    assert response.status_code == 302
    assert Course.objects.get(slug="brand-new").deadline == datetime.datetime(2030, 2, 5, 22, 59, tzinfo=datetime.UTC)


def test_followup_form_page_lists_who_has_not_answered(fclient):
    course = CourseFactory()
    response = fclient.post(
        _url("call_followup_add", course.slug),
        {"title": "Passport", "key": "passport", "due_at": "2030-05-01T12:00", "holds_personal_documents": "on"},
    )
    form = FollowUpForm.objects.get(course=course)
    assert response.status_code == 302 and form.holds_personal_documents

    fclient.post(
        _url("call_followup_question_add", course.slug, form.pk),
        {"label": "Passport number", "kind": "short_text", "required": "on"},
    )

    assert Question.objects.get(followup_form=form).purpose == QuestionPurpose.FOLLOWUP
    assert "Who has answered" in fclient.get(_url("call_followup", course.slug, form.pk)).content.decode()
