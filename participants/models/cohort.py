from django.conf import settings
from django.db import models
from django_countries.fields import CountryField

from participants.enums import MemberRole


class Pair(models.Model):
    """A confirmed scientist–policymaker pair in a course's cohort; what programmes and simulations use."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="pairs")
    application = models.OneToOneField(
        "participants.Application", on_delete=models.SET_NULL, null=True, blank=True, related_name="pair"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        names = " & ".join(p.full_name for p in self.participants.all())
        return names or f"Pair #{self.pk}"


class Participant(models.Model):
    """A cohort member: one user, one role, in one pair."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=16, choices=MemberRole.choices)
    full_name = models.CharField(max_length=200)
    country = CountryField()

    class Meta:
        ordering = ["pair_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "role"], name="one_participant_per_role"),
            models.UniqueConstraint(fields=["pair", "user"], name="one_seat_per_user_per_pair"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"
