"""The course team's questions in the applicant's journey, in review, on the board and in the exports."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from participants.domain.answers import save_answers
from participants.domain.questions import add_question
from participants.domain.referees import request_reference
from participants.domain.review import assign_reviewer
from participants.enums import ApplicationStatus, QuestionKind, QuestionPurpose
from participants.models import Answer, RefereeRequest, ReviewConfig
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory, UserFactory
from tests.factories.questions import FollowUpFormFactory
from tests.factories.review import ReviewFactory, submitted_application
from tests.participants.applicant_support import TINY_PDF, make_application

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


def _url(name, *args):
    return reverse(f"participants:{name}", args=args)


def _questions(course, facilitator):
    funding = add_question(
        course, facilitator, kind=QuestionKind.SINGLE_CHOICE, label="Travel funding", choices=["Full", "None"]
    )
    brief = add_question(course, facilitator, kind=QuestionKind.LONG_TEXT, label="Policy brief", word_limit=5)
    years = add_question(course, facilitator, kind=QuestionKind.NUMBER, label="Years together", scope="pair")
    letter = add_question(course, facilitator, kind=QuestionKind.DOCUMENT, label="Motivation letter")
    return funding, brief, years, letter


def test_application_page_shows_the_course_questions_and_autosave_keeps_each_valid_answer(client, facilitator):
    application = make_application()
    funding, brief, years, letter = _questions(application.course, facilitator)
    client.force_login(application.lead)

    page = client.get(_url("application", application.pk)).content.decode()
    assert "Travel funding" in page and "Motivation letter" in page and 'data-word-limit="5"' in page

    response = client.post(
        _url("save_answers", application.pk),
        {f"q{funding.pk}": "Full", f"q{brief.pk}": "one two three four five six", f"q{years.pk}": "3"},
        **HX,
    )

    text = response.content.decode()
    assert "Saved, except the answers marked below" in text and "Please keep this to 5 words" in text
    assert Answer.objects.get(question=funding).value == "Full"
    assert Answer.objects.get(question=years).value == 3
    assert not Answer.objects.filter(question=brief).exists()


def test_plain_post_with_a_bad_answer_shows_what_was_typed(client, facilitator):
    application = make_application()
    _funding, brief, _years, _letter = _questions(application.course, facilitator)
    client.force_login(application.lead)

    response = client.post(_url("save_answers", application.pk), {f"q{brief.pk}": "far too many words for this box"})

    page = response.content.decode()
    assert response.status_code == 200 and "far too many words for this box" in page


def test_progress_and_submission_count_custom_questions(client, facilitator):
    application = make_application()
    funding, _brief, _years, _letter = _questions(application.course, facilitator)
    client.force_login(application.lead)

    def problems():
        page = client.get(_url("application", application.pk)).content.decode()
        return page.split('id="submit-problems"')[1].split("</ul>")[0]

    assert problems().count("Travel funding") == 2  # each member answers it
    save_answers(application, application.lead, {funding.pk: "Full"})
    assert problems().count("Travel funding") == 1


def test_document_is_pdf_only_private_and_an_attachment(client, facilitator):
    application = make_application()
    *_rest, letter = _questions(application.course, facilitator)
    client.force_login(application.lead)

    refused = client.post(
        _url("upload_document", application.pk),
        {"question": letter.pk, "document": SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>", "application/pdf")},
    )
    assert "not a PDF" in refused.content.decode()
    client.post(
        _url("upload_document", application.pk),
        {"question": letter.pk, "document": SimpleUploadedFile("letter.html", TINY_PDF, "text/html")},
    )
    answer = Answer.objects.get(question=letter)

    download = client.get(_url("download_document", application.pk, answer.pk))
    assert (
        download["Content-Disposition"].startswith("attachment")
        and "letter.html.pdf" in download["Content-Disposition"]
    )
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(UserFactory())
    assert client.get(_url("download_document", application.pk, answer.pk)).status_code == 404


def test_eligibility_screen_ends_the_journey_with_a_clear_explanation(client, facilitator):
    course = CourseFactory()
    question = add_question(
        course,
        facilitator,
        purpose=QuestionPurpose.ELIGIBILITY,
        kind=QuestionKind.YES_NO,
        label="Are you a national of a developing country?",
        eligible_answers=["yes"],
        ineligible_message="This course is for nationals of developing countries.",
    )
    client.force_login(UserFactory())

    page = client.get(_url("start", course.slug)).content.decode()
    assert "Are you a national of a developing country?" in page
    refused = client.post(_url("start", course.slug), {"role": "scientist", f"q{question.pk}": "no"})
    assert "This course is for nationals of developing countries." in refused.content.decode()
    assert not course.applications.exists()
    unanswered = client.post(_url("start", course.slug), {"role": "scientist"})
    assert unanswered.status_code == 200 and not course.applications.exists()
    started = client.post(_url("start", course.slug), {"role": "scientist", f"q{question.pk}": "yes"})
    assert started.status_code == 302 and course.applications.count() == 1


def test_public_prepare_page_lists_questions_documents_and_word_limits(client, facilitator):
    course = CourseFactory(referees_required=2)
    _questions(course, facilitator)

    page = client.get(_url("prepare", course.slug)).content.decode()

    assert "Policy brief" in page and "up to 5 words" in page
    assert "Motivation letter (PDF, at most 5 MB)" in page and "2 referees" in page


def test_referee_link_works_without_an_account_and_the_applicant_sees_only_the_status(client, facilitator):
    application = make_application()
    referee, token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    assert client.get(_url("referee", token)).status_code == 200
    response = client.post(_url("referee", token), {"statement": "A confidential letter.", "relationship": "Mentor"})
    assert "Thank you" in response.content.decode()
    assert client.get(_url("referee", token)).status_code == 410

    client.force_login(application.lead)
    page = client.get(_url("application", application.pk)).content.decode()
    assert "Submitted" in page and "A confidential letter." not in page
    client.force_login(facilitator)
    application.status = ApplicationStatus.SUBMITTED
    application.save()
    staff_page = client.get(_url("selection_application", application.course.slug, application.pk)).content.decode()
    assert "A confidential letter." in staff_page
    assert RefereeRequest.objects.get(pk=referee.pk).status == "submitted"


def _reviewed(course, count, facilitator, reviewer=None):
    funding = add_question(
        course, facilitator, kind=QuestionKind.SINGLE_CHOICE, label="Travel funding", choices=["Full", "None"]
    )
    apps = []
    for n in range(count):
        application = submitted_application(course)
        Answer.objects.create(
            question=funding,
            application=application,
            member=application.members.get(is_lead=True),
            value="Full" if n % 2 == 0 else "None",
        )
        if reviewer:
            assign_reviewer(application, reviewer)
            ReviewFactory(assignment=application.review_assignments.get(), weighted_score=3)
        apps.append(application)
    return funding, apps


def test_review_form_shows_the_answers(client, facilitator):
    reviewer = ReviewerFactory()
    course = CourseFactory()
    _funding, (application,) = _reviewed(course, 1, facilitator, reviewer)
    client.force_login(reviewer)

    page = client.get(_url("review_application", application.pk)).content.decode()

    assert "Travel funding" in page and "Full" in page


def test_board_filters_and_sorts_by_an_answer(client, facilitator):
    course = CourseFactory()
    funding, apps = _reviewed(course, 3, facilitator)
    client.force_login(facilitator)

    page = client.get(_url("selection_board", course.slug), {"answer": f"{funding.pk}:None"}).content.decode()

    assert page.count('class="board-row') == 1 and f"#{apps[1].pk}" in page
    sorted_page = client.get(_url("selection_board", course.slug), {"sort": funding.pk}).content.decode()
    assert sorted_page.count('class="board-row') == 3


@pytest.mark.parametrize("count", [1, 3])
def test_board_with_custom_answers_query_count_is_constant(client, facilitator, django_assert_num_queries, count):
    course = CourseFactory()
    _reviewed(course, count, facilitator, ReviewerFactory())
    client.force_login(facilitator)

    # user, course, review settings (issue 15), answers (issue 14), reviews, members, applications
    with django_assert_num_queries(7):
        response = client.get(_url("selection_board", course.slug))

    assert response.content.decode().count("<dt>Travel funding</dt>") == count


def test_exports_carry_the_answers(client, facilitator):
    course = CourseFactory()
    funding, apps = _reviewed(course, 2, facilitator)
    client.force_login(facilitator)

    rows = list(csv.DictReader(io.StringIO(client.get(_url("export_applications", course.slug)).content.decode())))
    data = json.loads(client.get(_url("export_applications_json", course.slug)).content)

    key = f"{funding.key} (scientist)"
    assert sorted(r[key] for r in rows) == ["Full", "None"]
    assert data["questions"][0]["key"] == funding.key
    answers = [m["answers"] for a in data["applications"] for m in a["members"] if m["role"] == "scientist"]
    assert sorted(a[funding.key] for a in answers) == ["Full", "None"]


def test_confirmed_member_fills_a_followup_form_and_the_course_team_sees_it(client, facilitator):
    application = submitted_application(status=ApplicationStatus.CONFIRMED)
    form = FollowUpFormFactory(course=application.course, key="passport", holds_personal_documents=True)
    number = add_question(
        application.course,
        facilitator,
        purpose=QuestionPurpose.FOLLOWUP,
        followup_form=form,
        kind=QuestionKind.SHORT_TEXT,
        label="Passport number",
    )
    lead = application.members.get(is_lead=True).user
    client.force_login(lead)

    assert form.title in client.get(_url("followups")).content.decode()
    response = client.post(_url("followup_fill", form.pk), {f"q{number.pk}": "X1234567"})
    assert response.status_code == 302
    client.force_login(facilitator)
    page = client.get(_url("call_followup", application.course.slug, form.pk)).content.decode()
    assert "X1234567" in page and "not answered" in page  # the partner has not answered yet
    client.force_login(UserFactory())
    assert client.get(_url("followup_fill", form.pk)).status_code == 404


def test_multiple_choice_renders_as_a_group_and_saves_every_box_ticked(client, facilitator):
    application = make_application()
    topics = add_question(
        application.course,
        facilitator,
        kind=QuestionKind.MULTIPLE_CHOICE,
        label="Topics",
        choices=["Water", "Health", "Climate"],
    )
    client.force_login(application.lead)

    page = client.get(_url("application", application.pk)).content.decode()
    client.post(_url("save_answers", application.pk), {f"q{topics.pk}": ["Climate", "Water"]}, **HX)

    assert "<legend>Topics</legend>" in page
    assert Answer.objects.get(question=topics).value == ["Water", "Climate"]


def test_blind_review_form_shows_the_answers_by_role_not_by_name(client, facilitator):
    reviewer = ReviewerFactory()
    course = CourseFactory()
    ReviewConfig.objects.update_or_create(course=course, defaults={"blind_review": True})
    _funding, (application,) = _reviewed(course, 1, facilitator, reviewer)
    lead = application.members.get(is_lead=True)
    client.force_login(reviewer)

    page = client.get(_url("review_application", application.pk)).content.decode()

    assert "Travel funding" in page and "Full" in page
    assert lead.full_name not in page and f"{lead.get_role_display()}:" in page
