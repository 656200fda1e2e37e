"""Review for reviewers and the course team: CVs from the review form with a view log, withdrawn applications
gone for reviewers, confidence, discussion threads, calibration on the board, reviewer progress and reminders."""

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from participants.domain.blind import hidden_answer_keys, register_identifying_answers, visible_answers
from participants.domain.review import ReviewRefused, assign_reviewer, ensure_default_criteria, save_review
from participants.domain.reviewer_progress import reviewer_progress, send_review_reminders
from participants.enums import ApplicationStatus, OutboxMailKind
from participants.models import DiscussionMessage, DocumentView, OutboxMail, ReviewConfig
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.review import ReviewConfigFactory, ReviewFactory, submitted_application
from tests.participants.applicant_support import TINY_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned():
    course = CourseFactory()
    ReviewConfigFactory(course=course)
    application = submitted_application(course)
    lead = application.members.get(is_lead=True)
    lead.cv.save("cv.pdf", ContentFile(TINY_PDF), save=True)
    lead.cv_original_name = "Lead_CV.pdf"
    lead.save(update_fields=["cv_original_name"])
    reviewer = ReviewerFactory()
    assignment = assign_reviewer(application, reviewer)
    return application, reviewer, assignment, lead


def _scores(course, value=4):
    return {c.pk: value for c in ensure_default_criteria(course)}


def test_assigned_reviewer_opens_the_cv_from_the_review_form_and_the_view_is_logged(client, assigned):
    application, reviewer, _, lead = assigned
    client.force_login(reviewer)
    cv = reverse("participants:download_cv", args=[application.pk, lead.pk])

    page = client.get(reverse("participants:review_application", args=[application.pk]))
    response = client.get(cv)

    assert cv in page.content.decode()
    assert response.status_code == 200
    assert f"application-{application.pk}-scientist-cv.pdf" in response["Content-Disposition"]
    view = DocumentView.objects.get()
    assert (view.viewer, view.member, view.application) == (reviewer, lead, application)


def test_the_team_sees_who_opened_which_document(client, assigned):
    application, reviewer, _, lead = assigned
    client.force_login(reviewer)
    client.get(reverse("participants:download_cv", args=[application.pk, lead.pk]))
    client.force_login(FacilitatorFactory())

    page = client.get(reverse("participants:selection_application", args=[application.course.slug, application.pk]))

    assert f"{reviewer.get_full_name()} opened the CV of the scientist" in page.content.decode()


def test_a_reviewer_who_declared_a_conflict_cannot_open_the_cv(client, assigned):
    application, reviewer, assignment, lead = assigned
    assignment.conflict_declared_at = timezone.now()
    assignment.save()
    client.force_login(reviewer)

    assert client.get(reverse("participants:download_cv", args=[application.pk, lead.pk])).status_code == 404


def test_a_withdrawn_application_is_gone_for_its_reviewers(client, assigned):
    application, reviewer, assignment, lead = assigned
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    client.force_login(reviewer)

    assert client.get(reverse("participants:review_application", args=[application.pk])).status_code == 404
    assert client.post(reverse("participants:review_application", args=[application.pk])).status_code == 404
    assert client.get(reverse("participants:download_cv", args=[application.pk, lead.pk])).status_code == 404
    assert f"#{application.pk}" not in client.get(reverse("participants:review_queue")).content.decode()
    with pytest.raises(ReviewRefused, match="withdrawn"):
        save_review(assignment, _scores(application.course))
    assert reviewer_progress(application.course) == []


def test_confidence_is_saved_and_shown_on_the_board(client, assigned):
    application, reviewer, assignment, _ = assigned
    save_review(assignment, _scores(application.course), confidence=1)
    client.force_login(FacilitatorFactory())

    page = client.get(reverse("participants:selection_board", args=[application.course.slug]) + "?low_confidence=on")

    assert f"#{application.pk}" in page.content.decode()
    assert assignment.review.confidence == 1


def _two_reviews(application, scores=(1, 5)):
    out = []
    for value in scores:
        assignment = assign_reviewer(application, ReviewerFactory())
        out.append(save_review(assignment, _scores(application.course, value)))
    return out


def test_board_flags_disagreement_above_the_team_threshold_and_filters_by_it(client):
    course = CourseFactory()
    ReviewConfigFactory(course=course, discussion_threshold=1.5)
    split, agreed = submitted_application(course), submitted_application(course)
    _two_reviews(split, (1, 5))
    _two_reviews(agreed, (4, 4))
    client.force_login(FacilitatorFactory())
    board = reverse("participants:selection_board", args=[course.slug])

    page = client.get(board + "?needs_discussion=on").content.decode()
    ordered = client.get(board + "?sort=disagreement").content.decode()

    assert f"#{split.pk}<" in page.replace("</a>", "<") and f"#{agreed.pk}<" not in page.replace("</a>", "<")
    assert "Needs discussion: the reviewers" in page
    assert ordered.index(f'id="app-{split.pk}"') < ordered.index(f'id="app-{agreed.pk}"')


def test_discussion_opens_to_a_reviewer_once_they_reviewed(client, assigned):
    application, reviewer, assignment, _ = assigned
    facilitator = FacilitatorFactory()
    url = reverse("participants:review_discussion", args=[application.pk])
    client.force_login(reviewer)

    assert client.post(url, {"body": "Too early"}).status_code == 404
    save_review(assignment, _scores(application.course))
    client.post(url, {"body": "The motivation is thin."})
    client.force_login(facilitator)
    client.post(url, {"body": "Let us talk on Monday."})
    client.force_login(reviewer)
    page = client.get(reverse("participants:review_application", args=[application.pk])).content.decode()

    assert list(DiscussionMessage.objects.values_list("body", flat=True)) == [
        "The motivation is thin.",
        "Let us talk on Monday.",
    ]
    assert "Let us talk on Monday." in page


def test_reviewer_progress_counts_overdue_after_the_due_date(assigned):
    application, reviewer, _, _ = assigned
    ReviewConfig.objects.filter(course=application.course).update(
        reviews_due_at=timezone.now() - datetime.timedelta(days=1)
    )

    [row] = reviewer_progress(application.course)

    assert (row.assigned, row.done, row.left, row.overdue) == (1, 0, 1, 1)


def test_reminders_go_through_the_outbox_once_a_day(assigned, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://course.example"
    application, reviewer, _, _ = assigned
    facilitator = FacilitatorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = send_review_reminders(application.course, by=facilitator)
    second = send_review_reminders(application.course, by=facilitator)

    assert (first, second) == (1, 0)
    row = OutboxMail.objects.get(kind=OutboxMailKind.REVIEW_REMINDER)
    assert row.recipient == reviewer.email and row.status == "sent"
    assert "https://course.example/apply/reviews/" in mail.outbox[-1].body


def test_progress_page_reminds_one_reviewer(client, assigned):
    application, reviewer, _, _ = assigned
    client.force_login(FacilitatorFactory())
    url = reverse("participants:review_progress", args=[application.course.slug])

    page = client.get(url)
    client.post(url, {"reviewer": str(reviewer.pk)})

    assert reviewer.email in page.content.decode()
    assert OutboxMail.objects.filter(recipient=reviewer.email, kind=OutboxMailKind.REVIEW_REMINDER).count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_progress_page_query_count_is_constant(client, django_assert_num_queries, count):
    course = CourseFactory()
    ReviewConfigFactory(course=course)
    for _ in range(count):
        ReviewFactory(assignment=assign_reviewer(submitted_application(course), ReviewerFactory()))
    client.force_login(FacilitatorFactory())

    # session user, course, review settings, progress
    with django_assert_num_queries(4):
        response = client.get(reverse("participants:review_progress", args=[course.slug]))

    assert response.content.decode().count('data-label="Assigned"') == count


def test_identifying_answers_are_hidden_only_in_blind_review():
    course = CourseFactory()
    config = ReviewConfigFactory(course=course)

    def provider(c):
        return {"home_institution"} if c == course else set()

    register_identifying_answers(provider)
    answers = {"home_institution": "University of X", "topic": "water"}

    assert visible_answers(course, answers) == answers
    config.blind_review = True
    config.save()
    assert hidden_answer_keys(course) == {"home_institution"}
    assert visible_answers(course, answers) == {"topic": "water"}
