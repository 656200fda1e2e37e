"""Thin Celery wrappers around logistics' domain functions; each is idempotent.

The domain starts them by name (course.triggers.start_task), so it never imports this module."""

from celery import shared_task

from logistics.domain.jobs import resend_stalled_jobs, run_document_job
from logistics.domain.retention import purge_expired_personal_data


@shared_task
def issue_document_batch(job_id):
    return run_document_job(job_id)


@shared_task
def purge_personal_data():
    return purge_expired_personal_data().as_dict()


@shared_task
def resend_stalled_document_jobs():
    return resend_stalled_jobs()
