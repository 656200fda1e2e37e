"""Batches of documents (all the visa letters, all the certificates) issued by a Celery task with progress.

``start_document_job`` writes the job row with its list of participants and sends the task after the commit;
``run_document_job`` is idempotent: it skips anyone who already holds a valid document of the kind, so a task
delivered twice (late acks, a worker killed mid-batch) finishes the batch without issuing anything twice.
``done`` moves after each document, which is what the page's progress bar polls.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from course.triggers import start_task
from logistics.domain.attendance import certificate_standing
from logistics.domain.documents import issue_document
from logistics.enums import DocumentKind, JobStatus, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import DocumentJob, IssuedDocument
from participants.domain.audit import record_audit
from participants.models import Participant

log = logging.getLogger(__name__)


def letter_targets(course):
    """Participants who asked for a visa letter, have passport details and hold no valid letter."""
    return list(
        Participant.objects.filter(
            pair__course=course, visa__status=VisaStatus.LETTER_REQUESTED, passport__isnull=False
        )
        .exclude(documents__kind=DocumentKind.VISA_LETTER, documents__revoked_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def certificate_targets(course, standing=None):
    """Participants who meet the certificate rule and hold no valid certificate (``standing``: already read)."""
    holders = set(
        IssuedDocument.objects.filter(
            participant__pair__course=course, kind=DocumentKind.CERTIFICATE, revoked_at__isnull=True
        ).values_list("participant_id", flat=True)
    )
    standing = certificate_standing(course) if standing is None else standing
    return [s.participant_id for s in standing if s.eligible and s.participant_id not in holders]


TARGETS = {DocumentKind.VISA_LETTER: letter_targets, DocumentKind.CERTIFICATE: certificate_targets}


def start_document_job(course, kind, *, by):
    """Create a batch for everyone due a document of ``kind`` and queue its task. Refused when a batch of this
    kind is still running for the course, or when nobody is due one."""
    kind = DocumentKind(kind)
    with transaction.atomic():
        busy = DocumentJob.objects.select_for_update().filter(
            course=course, kind=kind, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        )
        if busy.exists():
            raise LogisticsRefused(
                gettext("A batch of “%(kind)s” is already running; wait for it to finish.") % {"kind": kind.label}
            )
        ids = TARGETS[kind](course)
        if not ids:
            raise LogisticsRefused(gettext("Nobody is due a “%(kind)s” right now.") % {"kind": kind.label})
        job = DocumentJob.objects.create(
            course=course,
            kind=kind,
            participant_ids=ids,
            total=len(ids),
            created_by=by if by is not None and by.is_authenticated else None,
        )
        record_audit(course, by, "logistics.batch_started", job, {}, {"kind": kind.value, "total": len(ids)})
        job_id = job.pk
        transaction.on_commit(lambda: _send(job_id), robust=True)
    return job


def _send(job_id):
    start_task("logistics.tasks.issue_document_batch", job_id)


def run_document_job(job_id):
    """Issue the batch's documents one by one. Returns the number issued by this call."""
    now = timezone.now()
    claimed = DocumentJob.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:
        return 0  # finished already, or no such job
    job = DocumentJob.objects.select_related("course", "created_by").get(pk=job_id)
    kind = DocumentKind(job.kind)
    standing = {}
    if kind == DocumentKind.CERTIFICATE:
        standing = {s.participant_id: s for s in certificate_standing(job.course)}
    participants = Participant.objects.select_related("pair__course", "user").in_bulk(job.participant_ids)
    issued, errors = 0, []
    for position, pid in enumerate(job.participant_ids, start=1):
        participant = participants.get(pid)
        already = IssuedDocument.objects.filter(participant_id=pid, kind=kind, revoked_at__isnull=True).exists()
        if participant is not None and not already:
            try:
                counts = standing.get(pid)
                issue_document(
                    participant,
                    kind,
                    by=job.created_by,
                    job=job,
                    attended=counts.attended if counts else 0,
                    sessions=counts.sessions if counts else 0,
                )
                issued += 1
            except LogisticsRefused as refused:
                errors.append(refused.message)
            except Exception:  # noqa: BLE001 - one broken document must not leave the batch running for ever
                log.exception("Document batch %s: participant %s failed", job_id, pid)
                errors.append(f"{participant.full_name}: the document could not be made; see the worker's log.")
        DocumentJob.objects.filter(pk=job_id, done__lt=position).update(done=position, heartbeat_at=timezone.now())
    finished = {"status": JobStatus.FAILED if errors else JobStatus.DONE, "finished_at": timezone.now()}
    if errors:
        finished["error"] = "\n".join(errors)[:4000]
    DocumentJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**finished)
    return issued


def job_progress(job_id, course):
    """The cheap read the progress poll makes: one row, a few columns."""
    return (
        DocumentJob.objects.filter(pk=job_id, course=course)
        .only("pk", "kind", "status", "total", "done", "error", "course_id")
        .first()
    )


# A batch whose task never arrived (broker down at the commit) or whose worker died without the task coming back
# is sent again by beat; running it twice is safe (see run_document_job).
QUEUED_FOR_TOO_LONG = datetime.timedelta(minutes=2)
SILENT_FOR_TOO_LONG = datetime.timedelta(minutes=5)  # one document takes well under a second


def resend_stalled_jobs(now=None):
    now = now or timezone.now()
    stalled = list(
        DocumentJob.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - QUEUED_FOR_TOO_LONG).values_list(
            "pk", flat=True
        )
    ) + list(
        DocumentJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - SILENT_FOR_TOO_LONG).values_list(
            "pk", flat=True
        )
    )
    for job_id in stalled:
        _send(job_id)
    return len(stalled)
