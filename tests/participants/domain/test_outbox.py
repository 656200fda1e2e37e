"""One pipeline for every mail (participants/domain/outbox.py): each kind of mail, whichever app writes it, is an
outbox row per recipient, sent once by the one sender, retried when the backend fails, listed for the course team,
and a body carrying a sign-in, reset or personal link is never shown to the team and is emptied once sent."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from evaluation.domain.follow_up import send_follow_up_reminders
from evaluation.domain.reminders import send_instrument_reminders
from logistics.domain.documents import issue_document
from logistics.enums import DocumentKind
from participants.domain.applications import submit_application
from participants.domain.followups import send_followup_reminders
from participants.domain.invitations import invite_partner
from participants.domain.outbox import (
    CLEARED_BODY_SHOWN,
    RETENTION_DAYS,
    RETRY_AFTER,
    SECRET_BODY_DAYS,
    SECRET_BODY_SHOWN,
    clear_old_mail_bodies,
    queue_outbox_mail,
    retry_failed_mails,
    send_outbox_mails,
    shown_body,
)
from participants.domain.referees import request_reference
from participants.domain.reminders import send_deadline_reminders
from participants.domain.selection import build_pair
from participants.enums import ApplicationStatus, OutboxMailKind, OutboxStatus, QuestionPurpose
from participants.models import OutboxMail
from programme.domain.releases import publish_release
from programme.domain.speakers import issue_sign_in_link
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.evaluation import (
    FollowUpConsentFactory,
    FollowUpRequestFactory,
    FollowUpWaveFactory,
    InstrumentFactory,
)
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory, SpeakerFactory
from tests.factories.questions import FollowUpFormFactory, QuestionFactory
from tests.factories.review import submitted_application
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-2024"


class FailingBackend(BaseEmailBackend):
    """An SMTP relay that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("relay down")


FAILING = "tests.participants.domain.test_outbox.FailingBackend"


# --- One trigger per kind of mail: each makes the mail happen as the app does (returns its course or None) -----


def _sign_up(client):
    client.post(reverse("account_signup"), {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD})


def _password_reset(client):
    UserFactory(email="forgetful@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})


def _submitted(client):
    application = make_application()
    submit_application(application, application.lead)
    return application.course


def _invitation(client):
    application = make_application(with_partner=False)
    invite_partner(application, application.lead, "partner@example.org")
    return application.course


def _referee_request(client):
    application = make_application()
    request_reference(application, application.lead, "Dr Ada", "ada@example.org")
    return application.course


def _deadline_reminder(client):
    course = CourseFactory(deadline=timezone.now() + datetime.timedelta(hours=30))
    make_application(course=course, complete=False)
    send_deadline_reminders()
    return course


def _form_reminder(client):
    application = submitted_application(status=ApplicationStatus.CONFIRMED)
    build_pair(application)
    form = FollowUpFormFactory(course=application.course, due_at=timezone.now() + datetime.timedelta(days=2))
    QuestionFactory(course=application.course, purpose=QuestionPurpose.FOLLOWUP, followup_form=form)
    send_followup_reminders()
    return application.course


def _speaker_sign_in(client):
    speaker = SpeakerFactory(email="ana@speakers.example")
    issue_sign_in_link(speaker)
    return speaker.course


def _programme_change(client):
    course = CourseFactory()
    make_pair(course=course)
    SessionFactory(course=course)
    publish_release(course, title="First")
    return course


def _document_ready(client):
    _, scientist, _ = make_pair()
    issue_document(scientist, DocumentKind.CERTIFICATE, by=FacilitatorFactory())
    return scientist.pair.course


def _instrument_reminder(client):
    instrument = InstrumentFactory(remind_hours_before_close=24 * 8)
    make_pair(course=instrument.course)
    send_instrument_reminders()
    return instrument.course


def _wave_reminder(client):
    wave = FollowUpWaveFactory(due_on=timezone.localdate() + datetime.timedelta(days=3))
    _, scientist, _ = make_pair(course=wave.course)
    FollowUpConsentFactory(participant=scientist)
    FollowUpRequestFactory(wave=wave, participant=scientist)
    send_follow_up_reminders()
    return wave.course


# (trigger, kind, secret): every mail any app sends, but the selection's own (decisions, group mails, reminders to
# reviewers), which were outbox rows already and have their tests in test_selection_domain and test_group_mail.
KINDS = [
    (_sign_up, OutboxMailKind.ACCOUNT, True),
    (_password_reset, OutboxMailKind.ACCOUNT, True),
    (_submitted, OutboxMailKind.SUBMITTED, False),
    (_invitation, OutboxMailKind.INVITATION, True),
    (_referee_request, OutboxMailKind.REFEREE_REQUEST, True),
    (_deadline_reminder, OutboxMailKind.DEADLINE_REMINDER, False),
    (_form_reminder, OutboxMailKind.FORM_REMINDER, False),
    (_speaker_sign_in, OutboxMailKind.SPEAKER_SIGN_IN, True),
    (_programme_change, OutboxMailKind.PROGRAMME_CHANGE, False),
    (_document_ready, OutboxMailKind.DOCUMENT_READY, False),
    (_instrument_reminder, OutboxMailKind.INSTRUMENT_REMINDER, False),
    (_wave_reminder, OutboxMailKind.WAVE_REMINDER, False),
]
IDS = [trigger.__name__.strip("_") for trigger, _, _ in KINDS]


@pytest.mark.parametrize(("trigger", "kind", "secret"), KINDS, ids=IDS)
def test_each_kind_of_mail_is_an_outbox_row_sent_once(
    trigger, kind, secret, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        course = trigger(client)

    rows = list(OutboxMail.objects.filter(kind=kind))
    assert rows, "no outbox row was recorded"
    assert {(r.status, r.attempts, r.course_id, r.secret) for r in rows} == {
        (OutboxStatus.SENT, 1, course.pk if course else None, secret)
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.recipient for r in rows)  # one mail per row
    assert send_outbox_mails() == 0  # a second run of the sender sends nothing again
    assert len(mail.outbox) == len(rows)
    if secret:  # the link was delivered, then the body emptied: nobody reads it afterwards
        assert all(r.body == "" and r.body_cleared_at is not None for r in rows)
        assert all(m.body for m in mail.outbox)
    else:  # what the team reads is what was sent
        assert sorted(shown_body(r) for r in rows) == sorted(m.body for m in mail.outbox)


@pytest.mark.parametrize(("trigger", "kind", "secret"), KINDS, ids=IDS)
def test_each_kind_of_mail_is_retried_when_the_backend_fails(
    trigger, kind, secret, client, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=FAILING), django_capture_on_commit_callbacks(execute=True):
        trigger(client)

    failed = list(OutboxMail.objects.filter(kind=kind))
    assert failed and {(r.status, r.attempts) for r in failed} == {(OutboxStatus.QUEUED, 1)}
    assert all("relay down" in r.last_error and r.body for r in failed)  # kept to be tried again
    assert mail.outbox == []

    assert send_outbox_mails() == 0  # another commit's run a moment later does not spend an attempt
    assert send_outbox_mails(now=timezone.now() + RETRY_AFTER) == len(failed)  # the relay is back: beat's next run

    assert set(OutboxMail.objects.filter(kind=kind).values_list("status", "attempts")) == {(OutboxStatus.SENT, 2)}
    assert len(mail.outbox) == len(failed)


@pytest.mark.parametrize(
    ("trigger", "kind", "secret"), [k for k in KINDS if k[1] != OutboxMailKind.ACCOUNT], ids=IDS[2:]
)
def test_each_kind_of_mail_is_listed_in_the_courses_outbox_and_a_secret_body_is_not_shown(
    trigger, kind, secret, client, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=FAILING), django_capture_on_commit_callbacks(execute=True):
        course = trigger(client)  # not sent: a secret body is still stored
    rows = list(OutboxMail.objects.filter(kind=kind))
    client.force_login(FacilitatorFactory())

    page = client.get(reverse("participants:selection_outbox", args=[course.slug])).content.decode()

    for row in rows:
        assert row.recipient in page
    if secret:
        assert SECRET_BODY_SHOWN in page
        assert all("http" in r.body and r.body.split("http", 1)[1].split()[0] not in page for r in rows)
    else:
        assert SECRET_BODY_SHOWN not in page
        assert all(r.body.strip().splitlines()[0] in page for r in rows)


@pytest.mark.parametrize("trigger", [_sign_up, _password_reset], ids=["sign_up", "password_reset"])
def test_account_mails_have_no_course_and_their_links_are_not_shown_in_the_admin(
    trigger, client, admin_client, django_capture_on_commit_callbacks
):
    with override_settings(EMAIL_BACKEND=FAILING), django_capture_on_commit_callbacks(execute=True):
        trigger(client)
    row = OutboxMail.objects.get(kind=OutboxMailKind.ACCOUNT)
    link = "/accounts/" + row.body.split("/accounts/", 1)[1].split()[0]

    listing = admin_client.get(reverse("admin:participants_outboxmail_changelist")).content.decode()
    detail = admin_client.get(reverse("admin:participants_outboxmail_change", args=[row.pk])).content.decode()

    assert row.course_id is None and row.secret and "/accounts/" in row.body
    assert row.recipient in listing
    assert SECRET_BODY_SHOWN in detail and link not in detail and link not in listing


def test_a_retried_trigger_queues_nothing_twice(django_capture_on_commit_callbacks):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application, application.lead)
    course = application.course

    for member in application.members.all():  # the same key again: what a retried worker would do
        _, created = queue_outbox_mail(
            key=f"{OutboxMailKind.SUBMITTED}:{application.pk}:{member.user.email.lower()}",
            course=course,
            kind=OutboxMailKind.SUBMITTED,
            recipient=member.user.email,
            subject="again",
            body="again",
        )
        assert not created

    assert OutboxMail.objects.filter(kind=OutboxMailKind.SUBMITTED).count() == 2
    assert send_outbox_mails() == 0 and len(mail.outbox) == 2


def test_two_long_keys_that_share_their_start_stay_two_mails():
    long_address = "x" * 180 + "@example.org"
    first, _ = queue_outbox_mail(
        key=f"group:1:{long_address}a", course=None, kind="group", recipient="a@example.org", subject="s", body="b"
    )
    second, created = queue_outbox_mail(
        key=f"group:1:{long_address}b", course=None, kind="group", recipient="b@example.org", subject="s", body="b"
    )

    assert created and first.pk != second.pk and len(first.key) == len(second.key) == 200


def _row(**fields):
    defaults = dict(course=None, kind=OutboxMailKind.ACCOUNT, recipient="a@example.org", subject="s", body="b")
    defaults.update(fields)
    mail_row, _ = queue_outbox_mail(key=f"test:{fields}", **defaults)
    return mail_row


def test_retention_clears_old_bodies_and_deletes_old_account_mails():
    now = timezone.now()
    course = CourseFactory()
    long_ago = now - datetime.timedelta(days=RETENTION_DAYS + 1)
    old_course_mail = _row(course=course, kind=OutboxMailKind.SUBMITTED, body="kept until the rule")
    recent_course_mail = _row(course=course, kind=OutboxMailKind.SUBMITTED, body="recent")
    old_account_mail = _row(body="old account mail")
    failed_secret = _row(course=course, kind=OutboxMailKind.INVITATION, secret=True, body="https://x/invite/t")
    queued_old = _row(course=course, kind=OutboxMailKind.SUBMITTED, body="still to send")
    OutboxMail.objects.filter(pk__in=[old_course_mail.pk, old_account_mail.pk]).update(
        status=OutboxStatus.SENT, sent_at=long_ago
    )
    OutboxMail.objects.filter(pk=recent_course_mail.pk).update(status=OutboxStatus.SENT, sent_at=now)
    OutboxMail.objects.filter(pk=failed_secret.pk).update(
        status=OutboxStatus.FAILED, created_at=now - datetime.timedelta(days=SECRET_BODY_DAYS + 1)
    )
    OutboxMail.objects.filter(pk=queued_old.pk).update(created_at=long_ago)

    assert clear_old_mail_bodies(now) == 3
    assert clear_old_mail_bodies(now) == 0  # idempotent

    old_course_mail.refresh_from_db()
    failed_secret.refresh_from_db()
    assert (old_course_mail.body, shown_body(old_course_mail)) == ("", CLEARED_BODY_SHOWN)
    assert old_course_mail.subject == "s" and old_course_mail.recipient == "a@example.org"  # the record stays
    assert not OutboxMail.objects.filter(pk=old_account_mail.pk).exists()
    assert failed_secret.body == "" and failed_secret.body_cleared_at is not None
    assert OutboxMail.objects.get(pk=recent_course_mail.pk).body == "recent"
    assert OutboxMail.objects.get(pk=queued_old.pk).body == "still to send"  # never a mail still to be sent
    assert retry_failed_mails(course) == 0  # a cleared body is never sent again, empty


def test_retention_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["participants-clear-old-mail-bodies"]

    assert entry["task"] == "participants.tasks.clear_old_mail_bodies"
    assert entry["schedule"].run_every == datetime.timedelta(days=1)


def test_a_secret_body_is_never_shown_even_before_it_is_sent():
    course = CourseFactory()
    row = _row(course=course, kind=OutboxMailKind.REFEREE_REQUEST, secret=True, body="https://x/referee/token")

    assert shown_body(row) == SECRET_BODY_SHOWN
