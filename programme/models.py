"""The week's programme: rooms, speakers, sessions in a draft, and the numbered releases people see."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from programme.enums import SessionKind, Track


class Room(models.Model):
    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveSmallIntegerField(help_text="Seats, counted in people.")

    class Meta:
        db_table = "course_room"  # created by the course app before the programme had its own
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="room_name_unique_per_course")]

    def __str__(self):
        return f"{self.name} ({self.capacity} seats)"


class Speaker(models.Model):
    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True, help_text="Position, e.g. “Senior Adviser”.")
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="A short biography, shown on the speaker's page.")

    class Meta:
        db_table = "course_speaker"  # created by the course app before the programme had its own
        ordering = ["name"]

    def __str__(self):
        return self.name


class PairGroup(models.Model):
    """A named group of cohort pairs, e.g. “Group A”; parallel role-play sessions each take one group."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="pair_groups")
    name = models.CharField(max_length=80)
    pairs = models.ManyToManyField("participants.Pair", related_name="programme_groups", blank=True)

    class Meta:
        db_table = "course_pairgroup"  # created by the course app before the programme had its own
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="pair_group_name_unique_per_course")]

    def __str__(self):
        return self.name


class Session(models.Model):
    """A session in the facilitators' draft. People only ever see it through a published release."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="sessions")
    # Survives every edit; calendar UIDs and release diffs are built on it.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=SessionKind.choices, default=SessionKind.LECTURE)
    title = models.CharField(max_length=200)
    abstract = models.TextField(blank=True)
    track = models.CharField(max_length=32, choices=Track.choices, default=Track.OTHER)
    speakers = models.ManyToManyField(Speaker, related_name="sessions", blank=True)
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    for_everyone = models.BooleanField(
        default=True, help_text="Plenary: the whole cohort. Untick and choose groups for parallel sessions."
    )
    groups = models.ManyToManyField(PairGroup, related_name="sessions", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "course_session"  # created by the course app before the programme had its own
        ordering = ["starts_at", "room__name", "pk"]
        indexes = [models.Index(fields=["course", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class ProgrammeRelease(models.Model):
    """A numbered, frozen copy of the draft. The latest one is what participants and the public see."""

    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="programme_releases")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Built by programme.domain.releases.build_snapshot; never edited after publishing.
    snapshot = models.JSONField()
    acknowledged_warnings = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "course_programmerelease"  # created by the course app before the programme had its own
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="release_number_unique_per_course")]

    def __str__(self):
        return f"v{self.number} – {self.title}"


def new_feed_secret():
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """The secret in a participant's personal calendar URL. Resetting it replaces the secret: the old URL 404s.

    Stored in clear because the participant must be able to copy their URL again; it only grants read access
    to their own agenda."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="calendar_feed_tokens")
    secret = models.CharField(max_length=64, unique=True, default=new_feed_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "course_calendarfeedtoken"  # created by the course app before the programme had its own
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_feed_token_per_user_per_course")]

    def __str__(self):
        return f"Calendar feed of {self.user} for {self.course}"
