import io

import pypdf
import pytest
from django.core import mail
from django.utils import translation

from course.models import LanguagePreference
from logistics.domain.documents import find_document, issue_document, normalise_code, revoke_document
from logistics.enums import DocumentKind, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import IssuedDocument, VisaCase
from participants.models import AuditLogEntry

pytestmark = pytest.mark.django_db(transaction=False)


def pdf_text(document):
    with document.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(page.extract_text() for page in reader.pages)


def test_visa_letter_pdf_has_name_passport_dates_and_code(cohort, team, django_capture_on_commit_callbacks):
    course, scientist, _ = cohort

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue_document(scientist, DocumentKind.VISA_LETTER, by=team)

    text = " ".join(pdf_text(letter).split())
    assert "AMINA WANJIRU ODHIAMBO" in text
    assert "AK1234567" in text
    assert "Kenya" in text
    assert f"{course.starts_on.day} {course.starts_on:%B %Y}" in text
    assert f"{course.ends_on.day} {course.ends_on:%B %Y}" in text
    assert letter.display_code in text
    assert f"/verify/{letter.display_code}/" in text


def test_certificate_pdf_has_name_dates_and_code(cohort, team):
    course, _, policymaker = cohort

    certificate = issue_document(policymaker, DocumentKind.CERTIFICATE, by=team, attended=9, sessions=10)

    text = " ".join(pdf_text(certificate).split())
    assert policymaker.full_name in text
    assert f"{course.starts_on.day} {course.starts_on:%B %Y}" in text
    assert "9 of its 10 sessions" in text
    assert certificate.display_code in text


def test_issuing_a_letter_moves_the_visa_to_letter_sent_and_mails_once(
    cohort, team, django_capture_on_commit_callbacks
):
    _, scientist, _ = cohort

    with django_capture_on_commit_callbacks(execute=True):
        letter = issue_document(scientist, DocumentKind.VISA_LETTER, by=team)

    assert VisaCase.objects.get(participant=scientist).status == VisaStatus.LETTER_SENT
    assert len(mail.outbox) == 1
    assert letter.display_code in mail.outbox[0].body
    assert "AK1234567" not in mail.outbox[0].body  # no passport number in a mail


def test_letter_needs_passport_details(cohort, team):
    _, _, policymaker = cohort

    with pytest.raises(LogisticsRefused, match="passport details"):
        issue_document(policymaker, DocumentKind.VISA_LETTER, by=team)

    assert not IssuedDocument.objects.exists()


def test_issuing_again_revokes_the_previous_document(cohort, team):
    _, scientist, _ = cohort
    first = issue_document(scientist, DocumentKind.CERTIFICATE, by=team, mail=False)

    second = issue_document(scientist, DocumentKind.CERTIFICATE, by=team, mail=False)

    first.refresh_from_db()
    assert first.is_revoked and not second.is_revoked
    assert first.code != second.code


def test_revoke_is_audited_and_refused_twice(cohort, team):
    _, scientist, _ = cohort
    certificate = issue_document(scientist, DocumentKind.CERTIFICATE, by=team, mail=False)

    revoke_document(certificate, by=team, reason="Issued in error")

    assert certificate.is_revoked
    assert AuditLogEntry.objects.filter(action="logistics.document_revoked", object_id=str(certificate.pk)).exists()
    with pytest.raises(LogisticsRefused):
        revoke_document(certificate, by=team, reason="again")


@pytest.mark.parametrize("typed", ["abcd-efgh-jkmn", " ABCD EFGH JKMN ", "ABCDEFGHJKMN"])
def test_codes_are_read_as_typed_from_paper(typed):
    assert normalise_code(typed) == "ABCDEFGHJKMN"


@pytest.mark.parametrize("typed", ["", "x", "O0O0O0O0O0O0", "<script>", "A" * 40, "ÄBCDEFGHJKMN"])
def test_codes_that_cannot_exist_find_nothing(db, typed):
    assert normalise_code(typed) is None
    assert find_document(typed) is None


def test_document_mail_is_in_the_holders_language_and_the_pdf_stays_english(
    cohort, team, django_capture_on_commit_callbacks
):
    _, _, policymaker = cohort
    LanguagePreference.objects.create(user=policymaker.user, language="fr")

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):  # a team member's page
        certificate = issue_document(policymaker, DocumentKind.CERTIFICATE, by=team, attended=9, sessions=10)

    assert "Votre document « attestation de participation » est prêt" in mail.outbox[0].subject
    assert "L’équipe du cours" in mail.outbox[0].body
    text = " ".join(pdf_text(certificate).split())
    assert "Certificate of attendance" in text and "Verification code" in text
