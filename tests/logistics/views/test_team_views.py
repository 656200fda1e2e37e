from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from logistics.enums import ClaimStatus, JobStatus, VisaStatus
from logistics.models import CostCover, ExpenseClaim, LogisticsSetup, PassportDetails, VisaCase
from tests.factories.course import CourseFactory
from tests.factories.logistics import (
    TINY_PDF,
    DocumentJobFactory,
    ExpenseClaimFactory,
    IssuedDocumentFactory,
    PassportDetailsFactory,
    VisaCaseFactory,
)
from tests.factories.participants import PairFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(client, team):
    client.force_login(team)
    return client


def _people(course, n):
    pair = PairFactory(course=course)
    result = []
    for i in range(n):
        p = ParticipantFactory(
            pair=pair if i < 2 else PairFactory(course=course), role="scientist" if i % 2 == 0 else "policymaker"
        )
        VisaCaseFactory(participant=p, status=VisaStatus.LETTER_SENT)
        PassportDetailsFactory(participant=p)
        IssuedDocumentFactory(participant=p)
        ExpenseClaimFactory(participant=p)
        result.append(p)
    return result


@pytest.mark.parametrize("count", [1, 3])
def test_overview_queries_do_not_grow(team_client, team, count, django_assert_num_queries):
    course = CourseFactory()
    _people(course, count)
    url = reverse("logistics:overview", args=[course.slug])
    team_client.get(url)  # warm the session

    # user with roles (the session is cached), course, setup, participants (+visa, passport, user), documents, claims
    with django_assert_num_queries(6):
        response = team_client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Letter sent") == count


@pytest.mark.parametrize("count", [1, 3])
def test_costs_page_queries_do_not_grow(team_client, count, django_assert_num_queries):
    course = CourseFactory()
    _people(course, count)
    url = reverse("logistics:costs", args=[course.slug])
    team_client.get(url)

    # user with roles, course, covered totals, claimed totals, claims with participants
    with django_assert_num_queries(5):
        response = team_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_documents_page_queries_do_not_grow(team_client, count, django_assert_num_queries):
    course = CourseFactory()
    _people(course, count)
    url = reverse("logistics:documents", args=[course.slug])
    team_client.get(url)

    with django_assert_num_queries(13):  # constant: batches, documents, letters due, the certificate rule
        response = team_client.get(url)

    assert response.status_code == 200


def test_visa_status_by_htmx_answers_the_card(team_client, cohort):
    course, scientist, _ = cohort
    url = reverse("logistics:set_visa", args=[course.slug, scientist.pk])

    response = team_client.post(url, {"status": "letter_requested", "version": 0}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="visa"') and "Letter requested" in html
    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.LETTER_REQUESTED


def test_refused_visa_transition_keeps_what_was_typed(team_client, cohort):
    course, scientist, _ = cohort
    url = reverse("logistics:set_visa", args=[course.slug, scientist.pk])

    response = team_client.post(url, {"status": "granted", "version": 0, "note": "typed note"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "cannot go from" in html and 'value="typed note"' in html


def test_passport_form_refusal_keeps_input(team_client, cohort):
    course, _, policymaker = cohort
    url = reverse("logistics:save_passport", args=[course.slug, policymaker.pk])

    response = team_client.post(url, {"name_in_passport": "MARIA SILVA", "passport_number": "!!", "nationality": "BR"})

    assert response.status_code == 400
    assert 'value="MARIA SILVA"' in response.content.decode()
    assert not PassportDetails.objects.filter(participant=policymaker).exists()


def test_passport_saved_and_letter_requested(team_client, cohort):
    course, _, policymaker = cohort
    url = reverse("logistics:save_passport", args=[course.slug, policymaker.pk])

    response = team_client.post(
        url,
        {"name_in_passport": "MARIA SILVA", "passport_number": "fb 123456", "nationality": "BR", "needs_letter": "yes"},
    )

    assert response.status_code == 302
    assert PassportDetails.objects.get(participant=policymaker).passport_number == "FB 123456"
    assert VisaCase.objects.get(participant=policymaker).status == VisaStatus.LETTER_REQUESTED


def test_cover_and_claim_decision_flow(team_client, cohort):
    course, scientist, _ = cohort
    team_client.post(
        reverse("logistics:set_cover", args=[course.slug, scientist.pk]),
        {"category": "travel", "amount": "850.50", "currency": "eur"},
    )
    assert CostCover.objects.get().amount == Decimal("850.50")
    team_client.post(
        reverse("logistics:add_claim", args=[course.slug, scientist.pk]),
        {
            "category": "travel",
            "description": "Flight",
            "amount": "612.40",
            "currency": "EUR",
            "receipt": SimpleUploadedFile("t.pdf", TINY_PDF),
        },
    )
    claim = ExpenseClaim.objects.get()
    decide = reverse("logistics:decide_claim", args=[course.slug, claim.pk])

    team_client.post(decide, {"status": "approved", "approved_amount": "600", "version": 0})
    refused = team_client.post(decide, {"status": "paid", "paid_amount": "700", "payment_method": "cash", "version": 1})

    assert refused.status_code == 409
    assert 'value="700"' in refused.content.decode()  # what was typed is still there
    assert ExpenseClaim.objects.get().status == ClaimStatus.APPROVED
    team_client.post(decide, {"status": "paid", "paid_amount": "600", "payment_method": "cash", "version": 1})
    assert ExpenseClaim.objects.get().paid_amount == Decimal("600.00")


def test_csv_export_is_an_attachment(team_client, cohort):
    course, scientist, _ = cohort
    ExpenseClaimFactory(participant=scientist)

    response = team_client.get(reverse("logistics:costs_export", args=[course.slug]))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "612.40" in response.content.decode()


def test_setup_refuses_unknown_placeholders_and_keeps_text(team_client, cohort):
    course, _, _ = cohort
    url = reverse("logistics:setup", args=[course.slug])
    data = {
        "letterhead": "Course",
        "signatory_name": "Dr X",
        "signatory_title": "",
        "course_content": "lectures",
        "letter_text": "Dear {{ consul }}, {{ name }} comes.",
        "certificate_text": "{{ name }} attended.",
        "visa_lead_days": 60,
        "certificate_min_percent": 75,
        "retention_days": 30,
        "default_currency": "EUR",
    }

    refused = team_client.post(url, data)
    data["letter_text"] = "Dear consul, {{ name }} comes."
    saved = team_client.post(url, data)

    assert refused.status_code == 400 and "{{ consul }}" in refused.content.decode()
    assert saved.status_code == 302
    assert LogisticsSetup.objects.get(course=course).certificate_min_percent == 75


def test_issue_letter_from_the_traveller_page(team_client, cohort):
    course, scientist, _ = cohort

    response = team_client.post(reverse("logistics:issue_letter", args=[course.slug, scientist.pk]))

    assert response.status_code == 302
    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.LETTER_SENT


def test_job_poll_stops_when_done(team_client, cohort):
    course, _, _ = cohort
    running = DocumentJobFactory(course=course, status=JobStatus.RUNNING, total=4, done=1)
    done = DocumentJobFactory(course=course, status=JobStatus.DONE, total=4, done=4)

    r1 = team_client.get(reverse("logistics:job_progress", args=[course.slug, running.pk]), HTTP_HX_REQUEST="true")
    r2 = team_client.get(reverse("logistics:job_progress", args=[course.slug, done.pk]), HTTP_HX_REQUEST="true")

    assert r1.status_code == 200 and 'hx-trigger="every 1s"' in r1.content.decode()
    assert r2.status_code == 286 and "hx-trigger" not in r2.content.decode()


def test_job_poll_answers_204_while_nothing_changed(team_client, cohort):
    course, _, _ = cohort
    job = DocumentJobFactory(course=course, status=JobStatus.RUNNING, total=4, done=1)
    url = reverse("logistics:job_progress", args=[course.slug, job.pk])

    same = team_client.get(url, {"v": "1-running"}, HTTP_HX_REQUEST="true")
    moved = team_client.get(url, {"v": "0-queued"}, HTTP_HX_REQUEST="true")

    assert same.status_code == 204 and same.content == b""
    assert moved.status_code == 200 and "?v=1-running" in moved.content.decode()


def test_job_poll_is_cheap(team_client, cohort, django_assert_num_queries):
    course, _, _ = cohort
    job = DocumentJobFactory(course=course, total=4, done=1)
    url = reverse("logistics:job_progress", args=[course.slug, job.pk])
    team_client.get(url, HTTP_HX_REQUEST="true")

    with django_assert_num_queries(3):  # user with roles, course, the job's row
        team_client.get(url, {"v": "1-queued"}, HTTP_HX_REQUEST="true")
