"""The batch of documents runs in a real Celery worker process, not in the request, and reports progress."""

import io
import time

import pypdf
import pytest
from django.conf import settings

from logistics.domain.jobs import start_document_job
from logistics.enums import DocumentKind, JobStatus, VisaStatus
from logistics.models import DocumentJob, IssuedDocument
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.logistics import PassportDetailsFactory, VisaCaseFactory
from tests.factories.participants import make_pair

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_letter_batch_is_issued_by_a_real_worker_with_progress(celery_processes):
    celery_processes.env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    celery_processes.env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    celery_processes.start_worker(concurrency=1)
    celery_processes.wait_until_ready()
    course = CourseFactory(title="Worker Course")
    participants = []
    for _ in range(3):
        _, scientist, policymaker = make_pair(course=course)
        participants += [scientist, policymaker]
    for p in participants:
        PassportDetailsFactory(participant=p)
        VisaCaseFactory(participant=p, status=VisaStatus.LETTER_REQUESTED)

    job = start_document_job(course, DocumentKind.VISA_LETTER, by=FacilitatorFactory())

    seen = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        seen.add(job.done)
        if job.status in JobStatus.finished():
            break
        time.sleep(0.05)
    assert job.status == JobStatus.DONE, (job.status, job.error, celery_processes.log_text()[-3000:])
    assert job.done == job.total == 6
    assert len(seen) >= 2  # the page saw the batch move, not only its end
    letters = IssuedDocument.objects.filter(job=job)
    assert letters.count() == 6
    first = letters.order_by("pk").first()
    with first.pdf.open("rb") as handle:
        text = pypdf.PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert first.display_code in " ".join(text.split())
    # Each participant is mailed once, by the worker, after the commit.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and celery_processes.log_text().count("visa invitation letter is ready") < 6:
        time.sleep(0.2)
    assert celery_processes.log_text().count("visa invitation letter is ready") == 6
    assert DocumentJob.objects.get(pk=job.pk).finished_at is not None
