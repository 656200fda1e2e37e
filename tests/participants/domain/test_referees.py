import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from participants.domain.applications import list_submission_problems
from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.domain.outbox import send_outbox_mails
from participants.domain.referees import (
    cancel_reference,
    open_reference,
    request_reference,
    send_referee_reminders,
    submit_reference,
)
from participants.enums import RefereeStatus
from tests.participants.applicant_support import TINY_PDF, make_application

pytestmark = pytest.mark.django_db


def test_referee_gets_a_single_use_link_and_the_applicant_sees_only_the_status(django_capture_on_commit_callbacks):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        referee, token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    assert referee.token_hash != token and token in mail.outbox[-1].body
    assert open_reference(token).status == RefereeStatus.OPENED
    submit_reference(token, statement="They are excellent.", relationship="Supervisor")
    referee.refresh_from_db()
    assert referee.status == RefereeStatus.SUBMITTED and referee.statement == "They are excellent."
    with pytest.raises(InvitationRefused, match="already been submitted"):
        open_reference(token)


def test_referee_may_upload_a_pdf_but_nothing_else():
    application = make_application()
    _referee, token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    with pytest.raises(ApplicationRefused, match="not a PDF"):
        submit_reference(token, letter=SimpleUploadedFile("x.pdf", b"<html>", "application/pdf"))
    referee = submit_reference(token, letter=SimpleUploadedFile("letter.pdf", TINY_PDF, "application/pdf"))

    assert referee.letter and referee.letter_name == "letter.pdf"


def test_empty_letter_is_refused():
    application = make_application()
    _referee, token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    with pytest.raises(ApplicationRefused, match="upload your letter"):
        submit_reference(token)


def test_expired_or_cancelled_link_is_refused():
    application = make_application()
    referee, token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    with pytest.raises(InvitationRefused, match="expired"):
        open_reference(token, now=referee.expires_at + datetime.timedelta(seconds=1))
    cancel_reference(referee, application.lead)
    with pytest.raises(InvitationRefused, match="not valid"):
        open_reference(token)


def test_same_referee_twice_and_the_applicants_themselves_are_refused():
    application = make_application()
    request_reference(application, application.lead, "Dr Ada", "ada@example.org")

    with pytest.raises(ApplicationRefused, match="already one of your referees"):
        request_reference(application, application.lead, "Ada again", "ADA@example.org")
    with pytest.raises(ApplicationRefused, match="someone other than"):
        request_reference(application, application.lead, "Me", application.lead.email)


def test_reminder_goes_once_before_the_deadline(django_capture_on_commit_callbacks):
    application = make_application()
    referee, _token = request_reference(application, application.lead, "Dr Ada", "ada@example.org")
    close = application.course.deadline - datetime.timedelta(days=1)
    send_outbox_mails()  # the request itself went out when it was made
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_referee_reminders(now=application.course.deadline - datetime.timedelta(days=5)) == 0
        assert send_referee_reminders(now=close) == 1
        assert send_referee_reminders(now=close) == 0

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    referee.refresh_from_db()
    assert referee.reminder_sent_at == close


def test_required_referees_block_submission_until_named():
    application = make_application()
    application.course.referees_required = 1
    application.course.save()

    assert any("referee" in p for p in list_submission_problems(application))
    request_reference(application, application.lead, "Dr Ada", "ada@example.org")
    assert not any("referee" in p for p in list_submission_problems(application))
