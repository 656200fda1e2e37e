"""The applicant journey in the applicant's language: pages (lang/dir), mails in the recipient's language, plurals."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from course.models import LanguagePreference
from participants.domain.invitations import invite_partner
from participants.domain.referees import request_reference
from participants.domain.selection import release_decisions, stage_decision
from participants.models import AuditLogEntry
from tests.factories.course import FacilitatorFactory, UserFactory
from tests.factories.review import submitted_application
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db


def _dashboard(client, application, language):
    client.force_login(application.lead)
    return client.get(reverse("participants:dashboard"), HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_applicant_dashboard_in_french(client):
    application = make_application()

    page = _dashboard(client, application, "fr")

    assert '<html lang="fr" dir="ltr">' in page
    assert "Mes candidatures" in page
    assert "Retirer cette candidature ?" in page  # the confirm question, carried to JavaScript in data-confirm


def test_applicant_application_page_in_arabic_is_right_to_left(client):
    application = make_application()
    client.force_login(application.lead)

    page = client.get(
        reverse("participants:application", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    ).content.decode()

    assert '<html lang="ar" dir="rtl">' in page
    assert "البيان المشترك" in page
    assert 'dir="auto"' in page  # what the applicants typed keeps its own direction
    assert "<bdi>" in page


def test_partner_invitation_goes_out_in_the_invitees_language_when_known(django_capture_on_commit_callbacks):
    application = make_application(complete=False, with_partner=False)
    invitee = UserFactory(email="partner@example.org")
    LanguagePreference.objects.create(user=invitee, language="es")

    with django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, application.lead, "partner@example.org")

    (message,) = mail.outbox
    assert "te invita a presentaros juntos" in message.subject
    assert "Cada pareja está formada por un científico" in message.body


def test_partner_invitation_to_an_unknown_address_follows_the_lead_language(django_capture_on_commit_callbacks):
    application = make_application(complete=False, with_partner=False)
    LanguagePreference.objects.create(user=application.lead, language="fr")

    with django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, application.lead, "nobody-yet@example.org")

    assert "vous invite à candidater ensemble" in mail.outbox[0].subject


def test_partner_invitation_defaults_to_english(django_capture_on_commit_callbacks):
    application = make_application(complete=False, with_partner=False)

    with translation.override("ar"), django_capture_on_commit_callbacks(execute=True):
        invite_partner(application, application.lead, "partner@example.org")  # the request's language is not theirs

    assert "invites you to apply together" in mail.outbox[0].subject


def test_referee_request_in_the_applicants_language(django_capture_on_commit_callbacks):
    application = make_application()
    LanguagePreference.objects.create(user=application.lead, language="pt")

    with django_capture_on_commit_callbacks(execute=True):
        request_reference(application, application.lead, "Dr Referee", "referee@example.org")

    assert mail.outbox[0].subject.startswith("Uma carta de referência")


def test_decision_mail_in_each_members_language(django_capture_on_commit_callbacks):
    facilitator = FacilitatorFactory()
    application = submitted_application()
    lead = application.lead
    LanguagePreference.objects.create(user=lead, language="fr")
    stage_decision(application, "accept", by=facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(application.course, by=facilitator)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[lead.email].subject.startswith("Vous êtes sélectionnés")
    other = next(email for email in by_recipient if email != lead.email)
    assert by_recipient[other].subject.startswith("You are selected")


@pytest.mark.parametrize(
    ("done", "total", "expected"),
    [(1, 1, "1 of 1 part done"), (2, 9, "2 of 9 parts done")],
)
def test_progress_label_is_pluralised(done, total, expected):
    class Progress:
        percent = 0

    progress = Progress()
    progress.done, progress.total = done, total
    member = type("Member", (), {"pk": 1, "progress": progress})()

    with translation.override("en-gb"):
        assert expected in render_to_string("participants/_progress.html", {"member": member})


def test_one_referee_is_singular_on_the_application_page(client):
    application = make_application()
    application.course.referees_required = 1
    application.course.save(update_fields=["referees_required"])
    client.force_login(application.lead)

    page = client.get(reverse("participants:application", args=[application.pk])).content.decode()

    assert "Name 1 referee." in page and "Name 1 referees" not in page


def test_audit_log_entry_plural_name():
    assert str(AuditLogEntry._meta.verbose_name_plural) == "audit log entries"
    with translation.override("fr"):
        assert str(AuditLogEntry._meta.verbose_name_plural) == "entrées du journal d’audit"
