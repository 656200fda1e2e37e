"""The week's programme: rooms, speakers, sessions in a draft, and the numbered releases people see."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from course.models import validate_timezone
from programme.enums import ConfirmationState, MaterialKind, MaterialVisibility, PackState, SessionKind, Track


def photo_upload_path(instance, filename):
    # The uploader's filename is never used on disk; the extension comes from the checked content.
    return f"speakers/{uuid.uuid4().hex}{getattr(instance, '_photo_extension', '.img')}"


def material_upload_path(instance, filename):
    return f"materials/{uuid.uuid4().hex}.{instance.file_type}"


def pack_upload_path(instance, filename):
    return f"packs/{uuid.uuid4().hex}.zip"


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
    email = models.EmailField(blank=True, help_text="Where the speaker's sign-in link is sent.")
    # Set when the speaker first signs in with a link: the account is matched or created by email.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="speaker_profiles"
    )
    photo = models.FileField(upload_to=photo_upload_path, blank=True)
    timezone = models.CharField(
        max_length=64, blank=True, validators=[validate_timezone], help_text="Their own zone, e.g. America/Bogota."
    )

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


class SpeakerSignInLink(models.Model):
    """A mailed sign-in link for one speaker at one address: single use, expiring. Only a hash is stored."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="sign_in_links")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Sign-in link for {self.email}"


class SpeakerAvailability(models.Model):
    """A time the speaker can be there. A speaker who gave none is assumed free all week."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "speaker availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="availability_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.speaker}: {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} UTC"


class SpeakerConfirmation(models.Model):
    """A speaker's answer about one session they are down for."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="confirmations")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="confirmations")
    state = models.CharField(max_length=20, choices=ConfirmationState.choices)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["speaker", "session"], name="one_confirmation_per_speaker_session")
        ]

    def __str__(self):
        return f"{self.speaker} – {self.session}: {self.get_state_display()}"


class Material(models.Model):
    """Slides or a reading for a session: checked by content, stored under a random name, served as a download."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    speaker = models.ForeignKey(Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="materials")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=MaterialKind.choices, default=MaterialKind.SLIDES)
    visibility = models.CharField(max_length=16, choices=MaterialVisibility.choices, default=MaterialVisibility.COHORT)
    file = models.FileField(upload_to=material_upload_path)
    file_type = models.CharField(max_length=8)  # the checked format: pdf, docx, pptx…
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "kind", "title", "pk"]

    def __str__(self):
        return self.title


class WeekPack(models.Model):
    """A participant's ZIP for reading offline; rebuilt only when its fingerprint (what went in) changes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="week_packs")
    course = models.ForeignKey("course.Course", on_delete=models.CASCADE, related_name="week_packs")
    state = models.CharField(max_length=16, choices=PackState.choices, default=PackState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    fingerprint = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=pack_upload_path, blank=True)
    error = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_week_pack_per_user_per_course")]

    def __str__(self):
        return f"Week pack of {self.user} for {self.course}"
