"""Selection: staged decisions, attendance answers, decision emails, the outbox and the audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.enums import AttendanceAnswer, DecisionMailKind, DecisionOutcome, OutboxMailKind, OutboxStatus


class Decision(models.Model):
    """A facilitator's decision on one application.

    Staged (released_at is null) it is visible to facilitators only; releasing it sets the application's
    status and queues the decision email. ``flagged`` marks an application for discussion on the board.
    """

    application = models.OneToOneField("participants.Application", on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices, blank=True)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staged_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    confirm_by = models.DateTimeField(null=True, blank=True, help_text="For accepted pairs: confirm by this moment.")

    class Meta:
        indexes = [models.Index(fields=["outcome", "released_at"])]

    def __str__(self):
        state = "released" if self.released_at else "staged"
        return f"{self.get_outcome_display() or 'Undecided'} ({state}) for application #{self.application_id}"

    @property
    def is_released(self):
        return self.released_at is not None


class AttendanceResponse(models.Model):
    """One member's answer to an offered place."""

    member = models.OneToOneField(
        "participants.ApplicationMember", on_delete=models.CASCADE, related_name="attendance_response"
    )
    answer = models.CharField(max_length=16, choices=AttendanceAnswer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.member}: {self.get_answer_display()}"


class DecisionEmailTemplate(models.Model):
    """A course's wording for one kind of decision email; placeholders like {{ names }} are filled in."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="decision_email_templates")
    kind = models.CharField(max_length=16, choices=DecisionMailKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["course", "kind"], name="one_template_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} email for {self.course}"


class GroupMail(models.Model):
    """A mail the course team composed for a group (participants.domain.group_mail); one OutboxMail per recipient."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="group_mails")
    group = models.CharField(max_length=100)
    group_label = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    recipients = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"“{self.subject}” to {self.group_label}"


class OutboxMail(models.Model):
    """Every mail of every app, one row per recipient, logged with its status (participants.domain.outbox).
    ``key`` makes queuing idempotent. ``course`` is empty for account mails (sign-up, address, password), which
    belong to no edition. A ``secret`` body carries a sign-in, reset or personal link: never shown to the
    course team and cleared once sent (docs/security.md, "Mail")."""

    key = models.CharField(max_length=200, unique=True)
    course = models.ForeignKey(
        "course.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_mails"
    )
    application = models.ForeignKey(
        "participants.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="outbox_mails"
    )
    kind = models.CharField(max_length=32, choices=OutboxMailKind.choices)
    group_mail = models.ForeignKey(GroupMail, on_delete=models.SET_NULL, null=True, blank=True, related_name="mails")
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    secret = models.BooleanField(
        default=False, help_text="The body carries a sign-in, reset or personal link: never shown, cleared once sent."
    )
    body_cleared_at = models.DateTimeField(
        null=True, blank=True, help_text="When the retention rule (or sending, for a secret body) emptied the body."
    )
    status = models.CharField(max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker started sending it; a stale claim is put back in the queue."
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["course", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.get_status_display()})"


class AuditLogEntry(models.Model):
    """Who changed what, when: every status transition (participants.domain.transitions), decision and release."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["course", "created_at"])]
        # Django's default plural would read "audit log entrys" in the admin.
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log entries")

    def __str__(self):
        return f"{self.action} {self.object_repr}"
