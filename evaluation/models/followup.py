"""Following pairs after the course: consent, waves, each participant's follow-up, reminders, success cases."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from evaluation.enums import ContactAnswer, CourseTool, OutputKind, ReminderKind, RequestStatus


class FollowUpConsent(models.Model):
    """A participant's yes or no to being followed up after the course; withdrawing stops every mail."""

    participant = models.OneToOneField(
        "participants.Participant", on_delete=models.CASCADE, related_name="follow_up_consent"
    )
    consented = models.BooleanField()
    decided_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.participant}: {'yes' if self.is_active else 'no'}"

    @property
    def is_active(self):
        return self.consented and self.withdrawn_at is None


class FollowUpWave(models.Model):
    """One follow-up round of an edition, e.g. 3 months after the course."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="follow_up_waves")
    months_after = models.PositiveSmallIntegerField()
    opens_on = models.DateField()
    due_on = models.DateField()
    closes_on = models.DateField()
    target_rate = models.PositiveSmallIntegerField(default=50, help_text=_("Target response rate, in per cent."))
    remind_days_before = models.PositiveSmallIntegerField(default=7)
    remind_days_after = models.PositiveSmallIntegerField(default=7)

    class Meta:
        ordering = ["course_id", "months_after"]
        constraints = [
            models.UniqueConstraint(fields=["course", "months_after"], name="one_wave_per_month"),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on"), closes_on__gte=models.F("due_on")),
                name="wave_dates_in_order",
            ),
            models.CheckConstraint(condition=models.Q(target_rate__lte=100), name="wave_target_is_a_rate"),
        ]

    def __str__(self):
        months = self.months_after
        return ngettext("%(count)s-month follow-up", "%(count)s-month follow-up", months) % {"count": months}


class FollowUpRequest(models.Model):
    """One participant's follow-up in one wave, and their answers. Status changes only through
    ``evaluation.domain.follow_up.set_request_status`` (compare-and-set on ``version``)."""

    wave = models.ForeignKey(FollowUpWave, on_delete=models.CASCADE, related_name="requests")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    version = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    in_contact = models.CharField(max_length=16, choices=ContactAnswer.choices, blank=True)
    used_from_course = models.JSONField(default=list, blank=True)
    helped = models.TextField(blank=True)
    hindered = models.TextField(blank=True)

    class Meta:
        ordering = ["wave_id", "participant_id"]
        constraints = [models.UniqueConstraint(fields=["wave", "participant"], name="one_request_per_wave")]
        indexes = [models.Index(fields=["wave", "status"])]

    def __str__(self):
        return f"{self.wave} for {self.participant}"

    @property
    def used_labels(self):
        return [CourseTool(t).label if t in CourseTool.values else t for t in self.used_from_course]


class JointOutput(models.Model):
    """Something a pair did together, as one member reports it (the pair's index counts each output once)."""

    request = models.ForeignKey(FollowUpRequest, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=16, choices=OutputKind.choices)
    title = models.CharField(max_length=200)
    evidence_url = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["request_id", "pk"]

    def __str__(self):
        return self.title


class FollowUpReminder(models.Model):
    """One reminder of one kind for one request: the unique row is what makes the beat task idempotent."""

    request = models.ForeignKey(FollowUpRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "kind"], name="one_reminder_per_kind")]


class SuccessCase(models.Model):
    """The team's note on one pair's follow-up in one wave (Success Case Method): mark for interview, notes."""

    wave = models.ForeignKey(FollowUpWave, on_delete=models.CASCADE, related_name="success_cases")
    pair = models.ForeignKey("participants.Pair", on_delete=models.CASCADE, related_name="+")
    marked_for_interview = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wave", "pair"], name="one_success_case_per_pair")]
