import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from course.timezones import format_course_datetime
from participants.domain.review import assign_reviewer
from participants.domain.selection import answer_attendance, release_decisions, stage_decision
from participants.enums import ApplicationStatus
from participants.models import AuditLogEntry, DecisionEmailTemplate, OutboxMail
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.review import ReviewFactory, submitted_application


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory()


def board_url(course):
    return reverse("participants:selection_board", args=[course.slug])


def test_staging_with_htmx_answers_the_row_and_the_balance_out_of_band(client, facilitator):
    course = CourseFactory(capacity_pairs=4)
    application = submitted_application(course, countries=("KE", "KE"))
    client.force_login(facilitator)

    response = client.post(
        reverse("participants:selection_stage", args=[course.slug, application.pk]),
        {"outcome": "accept"},
        headers={"HX-Request": "true", "HX-Target": f"app-{application.pk}"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="app-{application.pk}"')
    assert 'id="balance"' in html and 'hx-swap-oob="true"' in html
    assert '<meter id="capacity-meter"' in html and 'value="1"' in html
    assert "Kenya 2" in html


def test_staging_without_javascript_redirects_to_the_board(client, facilitator):
    application = submitted_application()
    client.force_login(facilitator)

    response = client.post(
        reverse("participants:selection_stage", args=[application.course.slug, application.pk]), {"outcome": "reject"}
    )

    assert response.status_code == 302
    assert application.decision.outcome == "reject"


def test_staging_a_released_application_is_refused_and_changes_nothing(client, facilitator):
    application = submitted_application()
    stage_decision(application, "reject", by=facilitator)
    release_decisions(application.course, by=facilitator)
    client.force_login(facilitator)

    client.post(
        reverse("participants:selection_stage", args=[application.course.slug, application.pk]), {"outcome": "accept"}
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision.outcome == "reject"


def test_board_filters_by_region_and_cross_country(client, facilitator):
    course = CourseFactory()
    kenyan = submitted_application(course, countries=("KE", "KE"))
    mixed = submitted_application(course, countries=("BR", "AR"))
    client.force_login(facilitator)

    html = client.get(board_url(course), {"region": "Latin America & Caribbean"}).content.decode()
    assert f'id="app-{mixed.pk}"' in html and f'id="app-{kenyan.pk}"' not in html

    html = client.get(board_url(course), {"cross_country": "on"}).content.decode()
    assert f'id="app-{mixed.pk}"' in html and f'id="app-{kenyan.pk}"' not in html


def test_board_htmx_filter_answers_only_the_rows(client, facilitator):
    course = CourseFactory()
    submitted_application(course)
    client.force_login(facilitator)

    html = client.get(board_url(course), headers={"HX-Request": "true", "HX-Target": "board-rows"}).content.decode()

    assert html.lstrip().startswith('<tbody id="board-rows">')


def test_staged_decisions_stay_invisible_to_applicants_until_release(client, facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    client.force_login(application.lead)
    url = reverse("participants:confirm_attendance", args=[application.pk])

    before = client.get(url).content.decode()
    client.post(url, {"answer": "confirmed"})
    release_decisions(application.course, by=facilitator)
    after = client.get(url).content.decode()

    assert "Submitted" in before and "Accept" not in before and "I confirm" not in before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED  # the early POST changed nothing
    assert "Accepted" in after and "I confirm my attendance" in after


def test_applicants_never_see_reviews(client, facilitator):
    application = submitted_application()
    ReviewFactory(assignment__application=application, comment="Secret reviewer comment")
    client.force_login(application.lead)

    html = client.get(reverse("participants:confirm_attendance", args=[application.pk])).content.decode()
    detail = client.get(reverse("participants:selection_application", args=[application.course.slug, application.pk]))

    assert "Secret reviewer comment" not in html
    assert detail.status_code == 404


def test_release_page_twice_sends_each_email_once(client, facilitator, django_capture_on_commit_callbacks):
    application = submitted_application()
    course = application.course
    stage_decision(application, "accept", by=facilitator)
    client.force_login(facilitator)
    url = reverse("participants:selection_release", args=[course.slug])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert len(mail.outbox) == 2
    assert "Nothing to release" in response.content.decode()
    assert OutboxMail.objects.filter(status="sent").count() == 2


def test_both_members_confirm_through_the_confirm_page(client, facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(application.course, by=facilitator)
    url = reverse("participants:confirm_attendance", args=[application.pk])

    for member in application.members.all():
        client.force_login(member.user)
        client.post(url, {"answer": "confirmed"})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    assert application.pair.participants.count() == 2


def test_email_template_with_an_unknown_placeholder_rerenders_what_was_typed(client, facilitator):
    course = CourseFactory()
    client.force_login(facilitator)

    response = client.post(
        reverse("participants:selection_email_edit", args=[course.slug, "accepted"]),
        {"subject": "Welcome", "body": "Dear {{ nmaes }}, typed text"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Unknown placeholder" in html and "typed text" in html
    assert not DecisionEmailTemplate.objects.exists()


def test_email_template_preview_shows_the_saved_wording(client, facilitator):
    course = CourseFactory(title="Edition Z")
    client.force_login(facilitator)
    client.post(
        reverse("participants:selection_email_edit", args=[course.slug, "rejected"]),
        {"subject": "About {{ course }}", "body": "Dear {{ names }}"},
    )

    html = client.get(reverse("participants:selection_emails", args=[course.slug])).content.decode()

    assert "About Edition Z" in html
    assert AuditLogEntry.objects.filter(action="edit_email_template").exists()


def test_export_applications_csv_is_an_attachment_with_scores(client, facilitator):
    application = submitted_application()
    ReviewFactory(assignment__application=application, weighted_score=4.25)
    client.force_login(facilitator)

    response = client.get(reverse("participants:export_applications", args=[application.course.slug]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["weighted mean"] == "4.25"


def test_export_cohort_csv_lists_confirmed_participants(client, facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(application.course, by=facilitator)
    for member in application.members.all():
        answer_attendance(application, member.user, "confirmed")
    client.force_login(facilitator)

    response = client.get(reverse("participants:export_cohort", args=[application.course.slug]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2 and {r["pair"] for r in rows} == {str(application.pair.pk)}


# --- Constant queries on list pages ---------------------------------------------------------------------------


def _course_with(count, facilitator):
    course = CourseFactory(capacity_pairs=10)
    reviewer = ReviewerFactory()
    for _ in range(count):
        application = submitted_application(course, genders=("woman", "man"))
        assign_reviewer(application, reviewer)
        ReviewFactory(assignment=application.review_assignments.get(), weighted_score=3)
        stage_decision(application, "accept", by=facilitator)
    return course


@pytest.mark.parametrize("count", [1, 3])
def test_board_query_count_is_constant(client, facilitator, django_assert_num_queries, count):
    course = _course_with(count, facilitator)
    client.force_login(facilitator)

    # user, course, review settings (discussion threshold, issue 15), answers to the course's own questions
    # (issue 14), reviews, members, applications
    with django_assert_num_queries(7):
        response = client.get(board_url(course))

    assert response.content.decode().count('class="board-row') == count


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_audit_and_cohort_query_counts_are_constant(client, facilitator, django_assert_num_queries, count):
    course = _course_with(count, facilitator)
    release_decisions(course, by=facilitator)
    for application in course.applications.all():
        for member in application.members.all():
            answer_attendance(application, member.user, "confirmed")
    client.force_login(facilitator)

    with django_assert_num_queries(4):
        outbox = client.get(reverse("participants:selection_outbox", args=[course.slug]))
    with django_assert_num_queries(3):
        audit = client.get(reverse("participants:selection_audit", args=[course.slug]))
    with django_assert_num_queries(5):
        cohort = client.get(reverse("participants:selection_cohort", args=[course.slug]))

    assert (
        outbox.content.decode().count('badge-warn">Queued') + outbox.content.decode().count('badge-ok">Sent')
        == 2 * count
    )
    assert audit.status_code == 200
    assert cohort.content.decode().count("(application #") == count


@pytest.mark.parametrize("count", [1, 3])
def test_release_page_query_count_is_constant(client, facilitator, django_assert_num_queries, count):
    course = _course_with(count, facilitator)
    client.force_login(facilitator)

    with django_assert_num_queries(9):
        response = client.get(reverse("participants:selection_release", args=[course.slug]))

    assert response.content.decode().count("→ <strong>Accept</strong>") == count


def test_waitlisted_applicants_see_their_place_on_the_waitlist(client, facilitator):
    application = submitted_application()
    stage_decision(application, "waitlist", by=facilitator, waitlist_position=4)
    release_decisions(application.course, by=facilitator)
    client.force_login(application.lead)

    html = client.get(reverse("participants:confirm_attendance", args=[application.pk])).content.decode()

    assert "Waitlisted" in html and "number 4 on the waitlist" in html


def test_staged_waitlist_place_stays_off_the_applicants_pages_until_release(client, facilitator):
    application = submitted_application()
    stage_decision(application, "waitlist", by=facilitator, waitlist_position=2)
    client.force_login(application.lead)
    pages = [reverse("participants:dashboard"), reverse("participants:application", args=[application.pk])]

    before = [client.get(url).content.decode() for url in pages]
    release_decisions(application.course, by=facilitator)
    after = [client.get(url).content.decode() for url in pages]

    assert all("waitlist" not in html.lower() for html in before)
    assert all("on the waitlist, number 2" in html for html in after)


def test_accepted_pair_sees_confirm_by_date_and_link_on_dashboard_and_application(client, facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(application.course, by=facilitator)
    application.refresh_from_db()
    confirm_by = format_course_datetime(application.course, application.decision.confirm_by)
    client.force_login(application.members.exclude(user=application.lead).get().user)
    confirm_url = reverse("participants:confirm_attendance", args=[application.pk])

    for url in (reverse("participants:dashboard"), reverse("participants:application", args=[application.pk])):
        html = client.get(url).content.decode()
        assert f"confirms attendance by <strong>{confirm_by}</strong>" in html
        assert confirm_url in html
        assert "closes in" not in html  # the call's countdown means nothing to a selected pair


def test_facilitator_application_page_links_each_members_cv(client, facilitator):
    application = submitted_application()
    members = list(application.members.all())
    members[0].cv = "cvs/one.pdf"
    members[0].save(update_fields=["cv"])
    client.force_login(facilitator)

    html = client.get(
        reverse("participants:selection_application", args=[application.course.slug, application.pk])
    ).content.decode()

    assert reverse("participants:download_cv", args=[application.pk, members[0].pk]) in html
    assert "No CV uploaded." in html


def test_board_states_the_income_data_source_and_its_date(client, facilitator):
    course = CourseFactory()
    client.force_login(facilitator)

    html = client.get(board_url(course)).content.decode()

    assert "World Bank" in html and "fiscal year 2025 (FY25)" in html and "released 1 July 2024" in html
