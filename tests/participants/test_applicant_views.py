import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from course.timezones import format_course_datetime
from participants.domain.invitations import invite_partner
from participants.domain.uploads import attach_cv
from participants.enums import ApplicationStatus, InvitationStatus, MemberRole
from participants.models import Application, Invitation
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.participants.applicant_support import TINY_PDF, make_application

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"participants:{name}", args=args)


def _login(client, user):
    client.force_login(user)
    return client


# --- Permissions --------------------------------------------------------------------------------------


def test_application_page_404_for_another_applicant(client):
    application = make_application()
    _login(client, UserFactory())

    assert client.get(_url("application", application.pk)).status_code == 404


def test_cv_download_404_for_another_applicant_and_served_to_partner(client):
    application = make_application(complete=False)
    lead_member = application.members.get(is_lead=True)
    attach_cv(lead_member, application.lead, SimpleUploadedFile("cv.pdf", TINY_PDF))
    url = _url("download_cv", application.pk, lead_member.pk)

    _login(client, UserFactory())
    assert client.get(url).status_code == 404

    _login(client, application.members.get(is_lead=False).user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == TINY_PDF


def test_cv_download_served_to_facilitator_with_basename_only(client):
    application = make_application(complete=False)
    member = application.members.get(is_lead=True)
    attach_cv(member, application.lead, SimpleUploadedFile("../../secret/../My CV.pdf", TINY_PDF))
    _login(client, FacilitatorFactory())

    response = client.get(_url("download_cv", application.pk, member.pk))

    assert response.status_code == 200
    assert 'filename="My CV.pdf"' in response["Content-Disposition"]


def test_save_section_for_another_application_404(client):
    application = make_application(complete=False)
    _login(client, UserFactory())

    response = client.post(_url("save_section", application.pk), {"full_name": "Intruder"})

    assert response.status_code == 404


# --- Starting -------------------------------------------------------------------------------------------


def test_start_application_view_creates_application_and_redirects(client):
    course = CourseFactory()
    user = UserFactory()
    _login(client, user)

    response = client.post(_url("start", course.slug), {"role": MemberRole.POLICYMAKER})

    application = Application.objects.get(course=course)
    assert response.status_code == 302
    assert response["Location"] == _url("application", application.pk)
    assert application.members.get().role == MemberRole.POLICYMAKER


def test_start_application_view_for_second_time_redirects_to_existing(client):
    application = make_application(complete=False, with_partner=False)
    _login(client, application.lead)

    response = client.post(_url("start", application.course.slug), {"role": MemberRole.SCIENTIST})

    assert response["Location"] == _url("application", application.pk)
    assert Application.objects.count() == 1


def test_start_application_view_requires_login(client):
    response = client.get(_url("start", CourseFactory().slug))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Drafts ---------------------------------------------------------------------------------------------


def test_autosave_by_htmx_saves_draft_and_returns_partial(client):
    application = make_application(complete=False, with_partner=False)
    _login(client, application.lead)

    response = client.post(
        _url("save_section", application.pk), {"full_name": "Amina Diallo", "bio": "Halfway"}, HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "All changes saved" in body
    assert "<html" not in body
    assert 'hx-swap-oob="true"' in body
    member = application.members.get()
    assert (member.full_name, member.bio) == ("Amina Diallo", "Halfway")


def test_save_without_js_over_word_limit_keeps_everything_typed(client):
    application = make_application(complete=False, with_partner=False)
    saved_motivation = application.members.get().motivation
    _login(client, application.lead)
    long_motivation = "because " * 301

    response = client.post(
        _url("save_section", application.pk), {"full_name": "Amina Diallo", "motivation": long_motivation}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Please keep this to 300 words (it has 301 now)." in body
    assert long_motivation.strip() in body
    member = application.members.get()
    assert member.full_name == "Amina Diallo"  # the valid answer is saved
    assert member.motivation == saved_motivation  # the one over the limit is not, but is still on the page


def test_save_without_js_valid_redirects(client):
    application = make_application(complete=False, with_partner=False)
    _login(client, application.lead)

    response = client.post(_url("save_section", application.pk), {"position": "Senior adviser"})

    assert response.status_code == 302
    assert application.members.get().position == "Senior adviser"


def test_section_after_deadline_read_only_but_readable(client, settings):
    application = make_application(complete=False, with_partner=False)
    member = application.members.get()
    member.motivation = "My readable draft"
    member.save()
    Application.objects.filter(pk=application.pk).update(course=application.course)
    course = application.course
    course.deadline = course.opens_at + datetime.timedelta(days=1)
    course.save()
    _login(client, application.lead)

    page = client.get(_url("application", application.pk)).content.decode()
    refused = client.post(_url("save_section", application.pk), {"motivation": "late edit"})

    assert "My readable draft" in page
    assert "can no longer be changed" in page
    assert 'hx-post="' not in page
    assert refused.status_code == 302
    member.refresh_from_db()
    assert member.motivation == "My readable draft"


def test_upload_cv_executable_renamed_pdf_refused_with_message(client):
    application = make_application(complete=False, with_partner=False)
    _login(client, application.lead)

    response = client.post(
        _url("upload_cv", application.pk), {"cv": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\0" * 100)}
    )

    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert not application.members.get().cv


# --- Submitting ----------------------------------------------------------------------------------------


def test_submit_view_after_deadline_refused_with_clear_message(client):
    application = make_application()
    course = application.course
    course.deadline = course.opens_at + datetime.timedelta(days=1)
    course.save()
    _login(client, application.lead)

    response = client.post(_url("submit", application.pk))

    assert "The deadline has passed" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_submit_view_complete_application_submits(client):
    application = make_application()
    _login(client, application.members.get(is_lead=False).user)

    response = client.post(_url("submit", application.pk))

    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_application_page_shows_deadline_in_course_time_with_offset(client):
    application = make_application()
    _login(client, application.lead)

    body = client.get(_url("application", application.pk)).content.decode()

    assert format_course_datetime(application.course, application.course.deadline) in body


# --- Invitations --------------------------------------------------------------------------------------


def test_invitation_link_opened_anonymously_marks_opened_and_offers_signup(client):
    application = make_application(complete=False, with_partner=False)
    invitation, token = invite_partner(application, application.lead, "partner@example.org")

    response = client.get(_url("invitation", token))

    assert response.status_code == 200
    assert "Sign up" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED


def test_invitation_accept_by_other_email_shows_refusal_and_changes_nothing(client):
    application = make_application(complete=False, with_partner=False)
    invitation, token = invite_partner(application, application.lead, "partner@example.org")
    _login(client, UserFactory(email="someone@example.org"))

    page = client.get(_url("invitation", token))
    response = client.post(_url("invitation", token), {"role": MemberRole.POLICYMAKER})

    assert "this invitation was sent to <bdi>partner@example.org</bdi>" in page.content.decode()
    assert response.status_code == 410
    assert application.members.count() == 1
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED


def test_invitation_accept_by_invited_user_joins(client):
    application = make_application(complete=False, with_partner=False)
    _invitation, token = invite_partner(application, application.lead, "partner@example.org")
    partner = UserFactory(email="partner@example.org")
    _login(client, partner)

    response = client.post(_url("invitation", token), {"role": MemberRole.POLICYMAKER})

    assert response.status_code == 302
    assert application.members.filter(user=partner, role=MemberRole.POLICYMAKER).exists()


def test_invitation_unknown_token_refused(client):
    response = client.get(_url("invitation", "not-a-real-token"))

    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_invite_view_shows_error_and_keeps_email_when_inviting_self(client):
    application = make_application(complete=False, with_partner=False)
    _login(client, application.lead)

    response = client.post(_url("invite", application.pk), {"email": application.lead.email})

    assert "not yourself" in response.content.decode()
    assert application.lead.email in response.content.decode()
    assert not Invitation.objects.exists()


def test_resend_view_by_partner_refused(client):
    application = make_application(complete=False, with_partner=False)
    invitation, _token = invite_partner(application, application.lead, "partner@example.org")
    old_hash = invitation.token_hash
    _login(client, UserFactory())

    response = client.post(_url("resend_invitation", application.pk, invitation.pk))

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.token_hash == old_hash


# --- Query counts ---------------------------------------------------------------------------------------


def _applications_for(user, count):
    apps = []
    for n in range(count):
        application = make_application(lead=user, complete=n % 2 == 0, with_partner=n != 1)
        if n == 1:
            invite_partner(application, user, f"partner{n}@example.org")
        apps.append(application)
    return apps


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count_constant(client, django_assert_num_queries, count):
    user = UserFactory()
    _applications_for(user, count)
    _login(client, user)

    # + the applications' answers and their courses' own questions (progress counts them: docs/callforms.md)
    with django_assert_num_queries(8):
        response = client.get(_url("dashboard"))

    assert response.status_code == 200
    assert response.content.decode().count("application-card") == count


@pytest.mark.parametrize("with_partner", [False, True], ids=["lead-alone", "pair"])
def test_application_page_query_count_constant(client, django_assert_num_queries, with_partner):
    application = make_application(complete=with_partner, with_partner=with_partner)
    if not with_partner:
        invite_partner(application, application.lead, "partner@example.org")
    _login(client, application.lead)

    # + the course's own questions, the answers and the referees (docs/callforms.md)
    with django_assert_num_queries(9):
        response = client.get(_url("application", application.pk))

    assert response.status_code == 200


def test_application_page_shows_notice_for_pair_from_different_countries(client):
    application = make_application()
    application.members.filter(is_lead=False).update(country="IT")
    _login(client, application.lead)

    body = client.get(_url("application", application.pk)).content.decode()

    assert "You and your partner are from different countries" in body


def test_application_page_without_notice_for_pair_from_same_country(client):
    application = make_application()
    _login(client, application.lead)

    body = client.get(_url("application", application.pk)).content.decode()

    assert "different countries" not in body


def test_autosave_after_deadline_answers_with_refusal_and_keeps_draft(client):
    application = make_application(complete=False, with_partner=False)
    course = application.course
    course.deadline = course.opens_at + datetime.timedelta(days=1)
    course.save()
    before = application.members.get().full_name
    _login(client, application.lead)

    response = client.post(_url("save_section", application.pk), {"full_name": "Too late"}, HTTP_HX_REQUEST="true")

    assert "Not saved: The deadline has passed" in response.content.decode()
    assert application.members.get().full_name == before


def test_joint_statement_over_word_limit_rerendered_with_text_and_not_saved(client):
    application = make_application(complete=False)
    _login(client, application.members.get(is_lead=False).user)
    too_long = "together " * 501

    response = client.post(_url("save_joint_statement", application.pk), {"joint_statement": too_long})

    body = response.content.decode()
    assert "Please keep this to 500 words (it has 501 now)." in body
    assert too_long.strip() in body
    assert Application.objects.get(pk=application.pk).joint_statement == ""


def test_dashboard_offers_confirmation_once_the_pair_is_accepted(client):
    application = make_application()
    _login(client, application.lead)
    confirm_url = reverse("participants:confirm_attendance", args=[application.pk])
    assert confirm_url not in client.get(_url("dashboard")).content.decode()

    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.ACCEPTED)

    assert confirm_url in client.get(_url("dashboard")).content.decode()


def test_submit_button_disabled_until_nothing_stands_in_the_way(client):
    incomplete = make_application(complete=False)
    complete = make_application()

    html_incomplete = _login(client, incomplete.lead).get(_url("application", incomplete.pk)).content.decode()
    html_complete = _login(client, complete.lead).get(_url("application", complete.pk)).content.decode()

    assert 'disabled aria-describedby="submit-problems">Submit application' in html_incomplete
    assert '<button class="btn" type="submit">Submit application' in html_complete


@pytest.mark.parametrize(
    ("status", "sentence"),
    [
        (ApplicationStatus.SUBMITTED, "you will both hear from us by email when decisions are released"),
        (ApplicationStatus.REJECTED, "We could not offer your pair a place this time."),
        (ApplicationStatus.CONFIRMED, "You both confirmed your place: see you in"),
        (ApplicationStatus.DECLINED, "Your pair declined the place"),
        (ApplicationStatus.EXPIRED, "The offered place expired"),
    ],
)
def test_dashboard_says_what_each_later_status_means(client, status, sentence):
    application = make_application()
    Application.objects.filter(pk=application.pk).update(status=status)
    _login(client, application.lead)

    html = client.get(_url("dashboard")).content.decode()

    assert sentence in html
    assert ("Your agenda" in html) == (status == ApplicationStatus.CONFIRMED)
