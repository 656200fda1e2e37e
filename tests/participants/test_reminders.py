import datetime

import pytest
from django.core import mail

from participants.domain.reminders import send_deadline_reminders
from participants.enums import ApplicationStatus
from participants.models import Application
from participants.tasks import send_deadline_reminders as task
from tests.factories.course import CourseFactory
from tests.participants.applicant_support import make_application

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2030, 1, 10, 12, 0, tzinfo=datetime.UTC)


def _course_closing_in(delta):
    return CourseFactory(opens_at=NOW - datetime.timedelta(days=30), deadline=NOW + delta)


def test_reminder_sent_once_to_both_members_of_draft(django_capture_on_commit_callbacks):
    application = make_application(course=_course_closing_in(datetime.timedelta(hours=47)), complete=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = send_deadline_reminders(now=NOW)
        second = send_deadline_reminders(now=NOW + datetime.timedelta(minutes=15))

    assert (first, second) == (1, 0)
    # One outbox row, and one mail, per member (the outbox records each recipient).
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.user.email for m in application.members.all())
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert Application.objects.get(pk=application.pk).reminder_sent_at == NOW


def test_reminder_not_sent_when_deadline_further_than_48_hours():
    make_application(course=_course_closing_in(datetime.timedelta(hours=49)), complete=False)

    assert send_deadline_reminders(now=NOW) == 0


def test_reminder_not_sent_for_submitted_application():
    make_application(course=_course_closing_in(datetime.timedelta(hours=10)), status=ApplicationStatus.SUBMITTED)

    assert send_deadline_reminders(now=NOW) == 0


def test_reminder_not_sent_after_deadline():
    make_application(course=_course_closing_in(-datetime.timedelta(hours=1)), complete=False)

    assert send_deadline_reminders(now=NOW) == 0


def test_reminder_task_runs_domain_function(django_capture_on_commit_callbacks):

    make_application(
        course=CourseFactory(deadline=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=30)),
        complete=False,
    )

    with django_capture_on_commit_callbacks(execute=True):
        task.delay()

    assert len(mail.outbox) == 2  # one per member
