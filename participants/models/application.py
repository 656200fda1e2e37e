import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField

from participants.enums import ApplicationStatus, CareerStage, Gender, InvitationStatus, MemberRole


class Application(models.Model):
    """A pair application: one scientist and one policymaker applying together to one course."""

    course = models.ForeignKey("course.Course", on_delete=models.PROTECT, related_name="applications")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_applications")
    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    joint_statement = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["course", "status"])]

    def __str__(self):
        return f"Application #{self.pk} to {self.course}"

    @property
    def is_cross_country(self):
        countries = {m.country.code for m in self.members.all() if m.country}
        return len(countries) > 1


def cv_upload_path(instance, filename):
    # The applicant's filename is never used on disk: random name, fixed extension.
    return f"cvs/{uuid.uuid4().hex}.pdf"


class ApplicationMember(models.Model):
    """One member's own section of a pair application. The partner's row exists from the invitation on."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="application_memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    is_lead = models.BooleanField(default=False)
    full_name = models.CharField(max_length=200, blank=True)
    country = CountryField(blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    position = models.CharField(max_length=200, blank=True)
    career_stage = models.CharField(max_length=16, choices=CareerStage.choices, blank=True)
    gender = models.CharField(
        max_length=16, choices=Gender.choices, blank=True, help_text="Optional; used only for cohort balance."
    )
    bio = models.TextField(blank=True)
    motivation = models.TextField(blank=True)
    plans_together = models.TextField(blank=True)
    cv = models.FileField(upload_to=cv_upload_path, blank=True)
    cv_original_name = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_lead", "role"]
        constraints = [
            models.UniqueConstraint(fields=["application", "role"], name="one_member_per_role"),
            models.UniqueConstraint(fields=["application", "user"], name="one_section_per_user"),
        ]

    def __str__(self):
        return f"{self.full_name or self.get_role_display()} ({self.get_role_display()})"

    @property
    def cv_display_name(self):
        return PurePath(self.cv_original_name).name if self.cv_original_name else ""


class Invitation(models.Model):
    """An invitation to the partner. Only a hash of the single-use token is stored."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.SENT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation to {self.email}"

    @property
    def effective_status(self):
        if self.status in (InvitationStatus.SENT, InvitationStatus.OPENED) and self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return self.status


class LateSubmissionCode(models.Model):
    """A facilitator's exception: one pair may submit after the deadline, once, until valid_until."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="late_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    valid_until = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Late code for {self.application}"
