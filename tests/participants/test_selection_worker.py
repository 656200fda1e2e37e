"""Decision emails and waitlist promotion run by a real Celery worker on a private Redis queue."""

import time

import pytest

from participants.domain.selection import answer_attendance, release_decisions, stage_decision
from participants.enums import ApplicationStatus, OutboxStatus
from participants.models import Application, OutboxMail
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.review import submitted_application

pytestmark = [pytest.mark.worker, pytest.mark.redis]


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_real_worker_sends_decision_mails_and_promotes_the_waitlist(celery_processes):
    celery_processes.start_worker()
    celery_processes.wait_until_ready()
    facilitator = FacilitatorFactory()
    course = CourseFactory(capacity_pairs=1)
    accepted, waiting = submitted_application(course), submitted_application(course)
    stage_decision(accepted, "accept", by=facilitator)
    stage_decision(waiting, "waitlist", by=facilitator)

    release_decisions(course, by=facilitator)
    assert wait_for(lambda: OutboxMail.objects.filter(status=OutboxStatus.SENT).count() == 4), (
        celery_processes.log_text()
    )

    answer_attendance(accepted, accepted.lead, "declined")
    assert wait_for(lambda: Application.objects.get(pk=waiting.pk).status == ApplicationStatus.ACCEPTED), (
        celery_processes.log_text()
    )
    assert wait_for(lambda: OutboxMail.objects.filter(kind="promoted", status=OutboxStatus.SENT).count() == 2)
    assert OutboxMail.objects.count() == 6
