"""Issued documents (visa letters, certificates) with a public verification code, and batch jobs."""

import secrets

from django.conf import settings
from django.db import models

from logistics.enums import DocumentKind, JobStatus

# No 0/O, 1/I/L: a code read aloud or typed from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31^12 ≈ 8·10^17: not guessable, even without the rate limit


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def document_upload_path(instance, filename):
    return f"documents/{instance.kind}/{secrets.token_hex(16)}.pdf"


class IssuedDocument(models.Model):
    """One PDF issued to a participant. The name, course and dates printed on it are kept here so that the
    verification page answers with what the document says even after the PDF (or passport data) is deleted."""

    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    code = models.CharField(max_length=16, unique=True, default=new_verification_code)
    holder_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    pdf = models.FileField(upload_to=document_upload_path, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job = models.ForeignKey("logistics.DocumentJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mailed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    pdf_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # At most one valid document of a kind per participant: issuing again first revokes the old one.
            models.UniqueConstraint(
                fields=["participant", "kind"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_document_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.display_code} for {self.holder_name}"

    @property
    def display_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class DocumentJob(models.Model):
    """A batch of documents issued by a Celery task; the page polls ``done``/``total`` for progress."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="document_jobs")
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    participant_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Moved by the worker after each document; a stale one is sent again."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} batch #{self.pk} ({self.done}/{self.total})"

    @property
    def is_finished(self):
        return self.status in JobStatus.finished()

    @property
    def stamp(self):
        """What the progress card shows; the poll answers 204 while it is unchanged."""
        return f"{self.done}-{self.status}"

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)
