import datetime

import pytest
from django.utils import timezone

from logistics.domain.jobs import (
    certificate_targets,
    letter_targets,
    resend_stalled_jobs,
    run_document_job,
    start_document_job,
)
from logistics.enums import DocumentKind, JobStatus, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import DocumentJob, IssuedDocument
from tests.factories.logistics import AttendanceMarkFactory, DocumentJobFactory, PassportDetailsFactory, VisaCaseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import SessionFactory

pytestmark = pytest.mark.django_db


def test_letter_batch_issues_to_everyone_who_asked(cohort, team, django_capture_on_commit_callbacks):
    course, scientist, policymaker = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.LETTER_REQUESTED)
    VisaCaseFactory(participant=policymaker, status=VisaStatus.LETTER_REQUESTED)  # no passport: not due

    with django_capture_on_commit_callbacks(execute=True):  # the eager task runs at commit
        job = start_document_job(course, DocumentKind.VISA_LETTER, by=team)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total == 1
    assert IssuedDocument.objects.get().participant == scientist
    assert letter_targets(course) == []


def test_running_a_job_again_issues_nothing_twice(cohort, team):
    course, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.LETTER_REQUESTED)
    job = DocumentJobFactory(course=course, kind=DocumentKind.VISA_LETTER, participant_ids=[scientist.pk], total=1)

    assert run_document_job(job.pk) == 1
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)  # redelivered after a lost ack
    assert run_document_job(job.pk) == 0
    assert run_document_job(job.pk) == 0  # done: not even claimed

    assert IssuedDocument.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_refusal_for_one_participant_fails_the_job_but_not_the_others(cohort, team):
    course, scientist, policymaker = cohort  # the policymaker has no passport details
    job = DocumentJobFactory(
        course=course, kind=DocumentKind.VISA_LETTER, participant_ids=[policymaker.pk, scientist.pk], total=2
    )

    run_document_job(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.done == 2
    assert "passport details" in job.error
    assert IssuedDocument.objects.get().participant == scientist


def test_nobody_due_is_refused(cohort, team):
    course, _, _ = cohort

    with pytest.raises(LogisticsRefused, match="Nobody"):
        start_document_job(course, DocumentKind.VISA_LETTER, by=team)

    assert not DocumentJob.objects.exists()


def test_one_batch_of_a_kind_at_a_time(cohort, team):
    course, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.LETTER_REQUESTED)
    DocumentJobFactory(course=course, kind=DocumentKind.VISA_LETTER, status=JobStatus.RUNNING)

    with pytest.raises(LogisticsRefused, match="already running"):
        start_document_job(course, DocumentKind.VISA_LETTER, by=team)


def test_certificate_batch_follows_the_rule(team, django_capture_on_commit_callbacks):
    pair, scientist, policymaker = make_pair()
    course = pair.course
    sessions = [SessionFactory(course=course) for _ in range(5)]
    for session in sessions[:4]:  # 80 %: meets the default rule
        AttendanceMarkFactory(participant=scientist, session=session)
    for session in sessions[:3]:  # 60 %: does not
        AttendanceMarkFactory(participant=policymaker, session=session)
    PassportDetailsFactory(participant=scientist)

    assert certificate_targets(course) == [scientist.pk]
    with django_capture_on_commit_callbacks(execute=True):
        start_document_job(course, DocumentKind.CERTIFICATE, by=team)

    certificate = IssuedDocument.objects.get()
    assert certificate.participant == scientist and certificate.kind == DocumentKind.CERTIFICATE
    assert certificate.holder_name == scientist.full_name  # the cohort name, not the passport's


def test_an_unexpected_error_fails_the_batch_instead_of_leaving_it_running(cohort, team, monkeypatch):
    course, scientist, _ = cohort
    job = DocumentJobFactory(course=course, kind=DocumentKind.CERTIFICATE, participant_ids=[scientist.pk], total=1)

    def broken(kind, context):
        raise RuntimeError("Pango went away")

    monkeypatch.setattr("logistics.domain.documents.render_document_pdf", broken)
    run_document_job(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.finished_at is not None
    assert "could not be made" in job.error


def test_stalled_batches_are_sent_again_and_finish(cohort, team):
    course, scientist, _ = cohort
    old = timezone.now() - datetime.timedelta(minutes=10)
    lost = DocumentJobFactory(course=course, kind=DocumentKind.CERTIFICATE, participant_ids=[scientist.pk], total=1)
    DocumentJob.objects.filter(pk=lost.pk).update(created_at=old)
    silent = DocumentJobFactory(course=course, kind=DocumentKind.VISA_LETTER, status=JobStatus.RUNNING, total=0)
    DocumentJob.objects.filter(pk=silent.pk).update(heartbeat_at=old)
    DocumentJobFactory(
        course=course, kind=DocumentKind.VISA_LETTER, status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )

    assert resend_stalled_jobs() == 2  # the eager task runs them at once

    assert DocumentJob.objects.get(pk=lost.pk).status == JobStatus.DONE
    assert DocumentJob.objects.get(pk=silent.pk).status == JobStatus.DONE
    assert IssuedDocument.objects.filter(participant=scientist, kind=DocumentKind.CERTIFICATE).count() == 1
