import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from logistics.domain.attendance import open_check_in
from logistics.enums import VisaStatus
from logistics.models import AttendanceMark, ExpenseClaim, Itinerary, PassportDetails, VisaCase
from tests.factories.course import UserFactory
from tests.factories.logistics import TINY_PDF, TINY_PNG, ExpenseClaimFactory, IssuedDocumentFactory, VisaCaseFactory
from tests.factories.programme import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, cohort):
    course, scientist, policymaker = cohort
    client.force_login(scientist.user)
    return course, scientist, policymaker


def test_own_page_shows_own_passport_number_only_to_me(client, me):
    course, scientist, policymaker = me

    mine = client.get(reverse("logistics:mine", args=[course.slug]))

    assert mine.status_code == 200 and "AK1234567" in mine.content.decode()
    client.force_login(policymaker.user)
    theirs = client.get(reverse("logistics:mine", args=[course.slug])).content.decode()
    assert "AK1234567" not in theirs


def test_passport_refusal_keeps_typed_values(client, me):
    course, _, _ = me

    response = client.post(
        reverse("logistics:mine_passport", args=[course.slug]),
        {"name_in_passport": "AMINA W. ODHIAMBO", "passport_number": "", "nationality": "KE"},
    )

    assert response.status_code == 400
    assert 'value="AMINA W. ODHIAMBO"' in response.content.decode()


def test_participant_asks_for_a_letter(client, me):
    course, scientist, _ = me

    client.post(
        reverse("logistics:mine_passport", args=[course.slug]),
        {"name_in_passport": "AMINA", "passport_number": "AK1234567", "nationality": "KE", "needs_letter": "yes"},
    )

    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.LETTER_REQUESTED
    assert PassportDetails.objects.get(participant=scientist).name_in_passport == "AMINA"


def test_claim_needs_a_receipt_and_keeps_input(client, me):
    course, _, _ = me
    url = reverse("logistics:mine_claim", args=[course.slug])

    missing = client.post(url, {"category": "travel", "description": "Taxi", "amount": "35.5", "currency": "EUR"})
    svg = client.post(
        url,
        {
            "category": "travel",
            "description": "Taxi",
            "amount": "35.5",
            "currency": "EUR",
            "receipt": SimpleUploadedFile("r.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )

    assert missing.status_code == 400 and svg.status_code == 400
    assert 'value="Taxi"' in svg.content.decode() and "checked by its content" in svg.content.decode()
    assert not ExpenseClaim.objects.exists()


def test_claim_with_a_png_receipt(client, me):
    course, scientist, _ = me

    response = client.post(
        reverse("logistics:mine_claim", args=[course.slug]),
        {
            "category": "travel",
            "description": "Taxi",
            "amount": "35.50",
            "currency": "eur",
            "receipt": SimpleUploadedFile("r.png", TINY_PNG, "image/png"),
        },
    )

    assert response.status_code == 302
    claim = ExpenseClaim.objects.get(participant=scientist)
    assert claim.currency == "EUR" and claim.receipt_type == "image/png"


def test_receipt_download_is_an_attachment_with_the_kind_found_by_content(client, me, team):
    course, scientist, policymaker = me
    claim = ExpenseClaimFactory(participant=scientist, receipt_name="evil.html")
    url = reverse("logistics:download_receipt", args=[claim.pk])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and ".pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == TINY_PDF
    client.force_login(policymaker.user)
    assert client.get(url).status_code == 404
    client.force_login(team)
    assert client.get(url).status_code == 200


def test_document_download_for_the_holder_but_not_once_revoked(client, me):
    _, scientist, policymaker = me
    document = IssuedDocumentFactory(participant=scientist)
    url = reverse("logistics:download_document", args=[document.pk])

    assert client.get(url).status_code == 200
    client.force_login(policymaker.user)
    assert client.get(url).status_code == 404
    document.revoked_at = timezone.now()
    document.save()
    client.force_login(scientist.user)
    assert client.get(url).status_code == 404


def test_check_in_with_the_room_code(client, me, team):
    course, scientist, _ = me
    session = SessionFactory(course=course, title="Opening lecture")
    code = open_check_in(session, by=team).code

    response = client.post(reverse("logistics:check_in", args=[course.slug]), {"code": code.lower()}, follow=True)

    assert "Checked in: Opening lecture" in response.content.decode()
    assert AttendanceMark.objects.filter(participant=scientist, session=session).exists()


def test_wrong_check_in_code_keeps_what_was_typed(client, me):
    course, _, _ = me

    response = client.post(reverse("logistics:check_in", args=[course.slug]), {"code": "QQQQQQ"})

    assert response.status_code == 400
    assert 'value="QQQQQQ"' in response.content.decode()


def test_someone_outside_the_cohort_gets_404(client, cohort):
    course, _, _ = cohort
    client.force_login(UserFactory())

    assert client.get(reverse("logistics:mine", args=[course.slug])).status_code == 404


def test_itinerary_times_are_typed_and_shown_in_the_course_time_zone(client, me):
    course, scientist, _ = me
    day = course.starts_on - datetime.timedelta(days=1)

    client.post(
        reverse("logistics:mine_itinerary", args=[course.slug]),
        {"it-travelling_from": "Nairobi", "it-arrival_at": f"{day.isoformat()}T15:40"},
    )

    arrival = Itinerary.objects.get(participant=scientist).arrival_at
    local = datetime.datetime.combine(day, datetime.time(15, 40), tzinfo=course.tzinfo)
    assert arrival == local
    page = client.get(reverse("logistics:mine", args=[course.slug])).content.decode()
    assert f'value="{day.isoformat()}T15:40"' in page


def test_saving_the_passport_again_never_restarts_a_refused_visa(client, me):
    course, scientist, _ = me
    VisaCaseFactory(participant=scientist, status=VisaStatus.REFUSED)

    client.post(
        reverse("logistics:mine_passport", args=[course.slug]),
        {"name_in_passport": "AMINA", "passport_number": "AK1234567", "nationality": "KE", "needs_letter": "yes"},
    )

    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.REFUSED


@pytest.mark.parametrize("count", [1, 3])
def test_own_page_queries_do_not_grow(client, me, count, django_assert_num_queries):
    course, scientist, _ = me
    for i in range(count):
        ExpenseClaimFactory(participant=scientist)
        IssuedDocumentFactory(participant=scientist, revoked_at=timezone.now() if i else None)  # one valid
    url = reverse("logistics:mine", args=[course.slug])
    client.get(url)

    # user, course, seat, visa, passport, itinerary, covers, claims, documents, setup
    with django_assert_num_queries(10):
        response = client.get(url)

    assert response.content.decode().count("receipt</a>") == count


@pytest.mark.parametrize(
    ("language", "direction", "heading", "visa"),
    [("fr", "ltr", "Vos documents", "Pas encore demandé"), ("ar", "rtl", "مستنداتك", "لم يُطلب بعد")],
)
def test_travel_page_speaks_the_participants_language(client, me, language, direction, heading, visa):
    course, _, _ = me

    body = client.get(reverse("logistics:mine", args=[course.slug]), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert f'lang="{language}" dir="{direction}"' in body
    assert f'<h2 id="docs-h">{heading}</h2>' in body and visa in body
    assert "Your documents" not in body
