from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse

from logistics.domain.documents import issue_document, revoke_document
from logistics.enums import DocumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(cohort, team):
    _, scientist, _ = cohort
    return issue_document(scientist, DocumentKind.VISA_LETTER, by=team, mail=False)


def test_valid_letter_shows_name_course_dates_and_nothing_else(client, cohort, letter):
    course, scientist, _ = cohort

    response = client.get(reverse("logistics:verify_code", args=[letter.display_code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in html and "AMINA WANJIRU ODHIAMBO" in html and course.title in html
    assert f"{course.starts_on.day} {course.starts_on:%B %Y}" in html
    assert "AK1234567" not in html  # never the passport number
    assert "Kenya" not in html and scientist.user.email not in html
    assert "1988" not in html


def test_code_typed_in_lower_case_without_dashes_is_found(client, letter):
    response = client.get(reverse("logistics:verify"), {"code": letter.code.lower()})

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_revoked_letter_says_so(client, letter, team):
    revoke_document(letter, by=team, reason="Passport number typed wrongly")

    response = client.get(reverse("logistics:verify_code", args=[letter.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Revoked" in html and "no longer valid" in html
    assert "Passport number typed wrongly" not in html  # the reason is internal


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "nonsense", "<script>alert(1)", "x" * 300])
def test_unknown_code_is_answered_clearly(client, db, code):
    response = client.get("/verify/" + quote(code, safe="") + "/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "No document has the code" in html
    assert "<script>alert" not in html


def test_empty_form_is_just_the_form(client, db):
    response = client.get(reverse("logistics:verify"))

    assert response.status_code == 200 and "Verification code" in response.content.decode()


@override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS={"verifications": (3, 60)})
def test_verification_is_rate_limited_per_address(client, letter):
    url = reverse("logistics:verify_code", args=[letter.code])
    answers = [client.get(url).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
