"""Thin Celery wrappers around logistics' domain functions; each is idempotent."""

from celery import shared_task


@shared_task
def issue_document_batch(job_id):
    from logistics.domain.jobs import run_document_job  # noqa: PLC0415 - circular import (domain queues this task)

    return run_document_job(job_id)


@shared_task
def purge_personal_data():
    from logistics.domain.retention import purge_expired_personal_data  # noqa: PLC0415 - circular import

    return purge_expired_personal_data().as_dict()


@shared_task
def resend_stalled_document_jobs():
    from logistics.domain.jobs import resend_stalled_jobs  # noqa: PLC0415 - circular import

    return resend_stalled_jobs()
