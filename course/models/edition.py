import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


def validate_timezone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"“{value}” is not a known IANA time zone, e.g. Europe/Rome.") from exc


class CourseQuerySet(models.QuerySet):
    def open_calls(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, deadline__gte=now, call_closed=False)


class Course(models.Model):
    """One edition of the course, with its application call."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    edition_number = models.PositiveSmallIntegerField()
    venue = models.CharField(max_length=200, default="Trieste, Italy")
    timezone = models.CharField(max_length=64, default="Europe/Rome", validators=[validate_timezone])
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity_pairs = models.PositiveSmallIntegerField(default=15, help_text="Places, counted in pairs.")
    opens_at = models.DateTimeField(help_text="When the call for applications opens.")
    deadline = models.DateTimeField(help_text="Hard deadline for submitting an application.")
    description = models.TextField(blank=True)
    # The public call, written by the course team in the app (Markdown, sanitised on output: course.markdown).
    call_text = models.TextField(blank=True, help_text="The public call for applications (Markdown).")
    what_to_prepare = models.TextField(
        blank=True, help_text="What applicants should prepare before they start (Markdown)."
    )
    eligibility_text = models.TextField(blank=True, help_text="Who may apply (Markdown).")
    confirm_by_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days an accepted pair has to confirm, when no confirm-by date is set."
    )
    referees_required = models.PositiveSmallIntegerField(
        default=0, help_text="Reference letters each pair must request (0: none)."
    )
    call_closed = models.BooleanField(
        default=False, help_text="Closed by the course team: no new applications, whatever the dates say."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opens_at")), name="course_deadline_after_open"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The course cannot end before it starts."})
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": "The deadline must come after the call opens."})
