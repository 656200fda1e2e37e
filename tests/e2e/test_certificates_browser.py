"""The course team issues certificates in one action; a real worker makes them while the page shows progress."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from logistics.models import DocumentJob, IssuedDocument
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.logistics import AttendanceMarkFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_team_issues_certificates_and_sees_progress(page, live_server, celery_processes):
    celery_processes.env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    celery_processes.start_worker(concurrency=1)
    celery_processes.wait_until_ready()
    course = CourseFactory(slug="certificates-edition")
    sessions = [SessionFactory(course=course) for _ in range(5)]
    holders = []
    for _ in range(3):
        _, scientist, policymaker = make_pair(course=course)
        for person, attended in ((scientist, 5), (policymaker, 4)):
            for session in sessions[:attended]:
                AttendanceMarkFactory(participant=person, session=session)
            holders.append(person)
    _, absent, _ = make_pair(course=course)  # attended nothing: no certificate
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    log_in(page, live_server, FacilitatorFactory())
    page.goto(live_server.url + reverse("logistics:documents", args=[course.slug]))
    page.evaluate("window.__noReload = true")
    page.get_by_role("button", name="Issue and mail 6 certificates").click()

    job_card = page.locator("#batch-progress .job")
    job_card.locator("progress").wait_for()  # progress is shown at once, before the worker is done
    page.locator("[data-job-status=done]").wait_for(timeout=30_000)
    assert "6 of 6" in job_card.inner_text()
    assert job_card.locator("progress").get_attribute("value") == "6"
    assert page.evaluate("window.__noReload") is True  # the same page, updated by polling
    assert DocumentJob.objects.get().done == 6
    assert set(IssuedDocument.objects.values_list("participant_id", flat=True)) == {p.pk for p in holders}
    assert not IssuedDocument.objects.filter(participant=absent).exists()
    assert not errors, errors

    # The holder downloads it from their own travel page.
    log_in(page, live_server, holders[0].user)
    page.goto(live_server.url + reverse("logistics:mine", args=[course.slug]))
    with page.expect_download() as download:
        page.get_by_role("link", name="Certificate of attendance (PDF)").click()
    assert download.value.suggested_filename.startswith("certificate-")
