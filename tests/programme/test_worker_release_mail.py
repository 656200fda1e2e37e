import time

import pytest

from programme.domain.releases import publish_release
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_publishing_mails_participants_through_a_real_worker_after_commit(celery_processes):
    # The console backend prints each message into the worker's log, where the test can read it.
    celery_processes.env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    celery_processes.start_worker(concurrency=1)
    celery_processes.wait_until_ready()
    course = CourseFactory(title="Worker Course")
    _, scientist, policymaker = make_pair(course=course)
    SessionFactory(course=course, title="Opening")

    publish_release(course, title="First programme")

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and celery_processes.log_text().count("Programme v1: First programme") < 2:
        time.sleep(0.2)
    log = celery_processes.log_text()
    assert log.count("Subject: [Worker Course] Programme v1: First programme") == 2, log[-3000:]
    assert scientist.user.email in log and policymaker.user.email in log
