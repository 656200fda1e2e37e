import functools
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TIMEZONE_MAX_LENGTH = 64


@functools.cache
def known_timezones():
    """The IANA names this machine knows (tzdata), read once: a name outside it is never opened as a file."""
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value):
    """Refuse anything but a known IANA name. Whatever is typed (a path, a NUL byte, a very long string) ends in
    this ValidationError: the name is looked up in the known set before zoneinfo may touch the file system."""
    if not isinstance(value, str) or len(value) > TIMEZONE_MAX_LENGTH or value not in known_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known IANA time zone, e.g. Europe/Rome."),
            code="unknown_timezone",
            params={"value": str(value)[:TIMEZONE_MAX_LENGTH]},
        )
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a known IANA time zone, e.g. Europe/Rome."),
            code="unknown_timezone",
            params={"value": value},
        ) from exc


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
    timezone = models.CharField(max_length=TIMEZONE_MAX_LENGTH, default="Europe/Rome", validators=[validate_timezone])
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity_pairs = models.PositiveSmallIntegerField(default=15, help_text=_("Places, counted in pairs."))
    opens_at = models.DateTimeField(help_text=_("When the call for applications opens."))
    deadline = models.DateTimeField(help_text=_("Hard deadline for submitting an application."))
    description = models.TextField(blank=True)
    # The public call, written by the course team in the app (Markdown, sanitised on output: course.markdown).
    call_text = models.TextField(blank=True, help_text=_("The public call for applications (Markdown)."))
    what_to_prepare = models.TextField(
        blank=True, help_text=_("What applicants should prepare before they start (Markdown).")
    )
    eligibility_text = models.TextField(blank=True, help_text=_("Who may apply (Markdown)."))
    confirm_by_days = models.PositiveSmallIntegerField(
        default=14, help_text=_("Days an accepted pair has to confirm, when no confirm-by date is set.")
    )
    referees_required = models.PositiveSmallIntegerField(
        default=0, help_text=_("Reference letters each pair must request (0: none).")
    )
    call_closed = models.BooleanField(
        default=False, help_text=_("Closed by the course team: no new applications, whatever the dates say.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("course edition")
        verbose_name_plural = _("course editions")
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
            raise ValidationError({"ends_on": _("The course cannot end before it starts.")})
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            raise ValidationError({"deadline": _("The deadline must come after the call opens.")})
