"""Choices of the programme: kinds of session, tracks, and how a session changed between releases."""

from django.db import models


class SessionKind(models.TextChoices):
    LECTURE = "lecture", "Lecture"
    PANEL = "panel", "Panel"
    WORKSHOP = "workshop", "Workshop"
    SIMULATION = "simulation", "Role-play simulation"
    FIELD_VISIT = "field_visit", "Field visit"
    BREAK = "break", "Break"


class Track(models.TextChoices):
    """The three kinds of science diplomacy (Royal Society/AAAS, 2010), plus practical skills."""

    DIPLOMACY_FOR_SCIENCE = "diplomacy_for_science", "Diplomacy for science"
    SCIENCE_FOR_DIPLOMACY = "science_for_diplomacy", "Science for diplomacy"
    SCIENCE_IN_DIPLOMACY = "science_in_diplomacy", "Science in diplomacy"
    SKILLS = "skills", "Skills"
    OTHER = "other", "Other"


class ChangeKind(models.TextChoices):
    """How a session differs between two programme releases."""

    ADDED = "added", "Added"
    MOVED = "moved", "Moved"
    CHANGED = "changed", "Changed"
    CANCELLED = "cancelled", "Cancelled"


class ConfirmationState(models.TextChoices):
    """A speaker's answer about one of their sessions; no row means they have not answered yet."""

    CONFIRMED = "confirmed", "Confirmed"
    CHANGE_REQUESTED = "change_requested", "Change requested"


class MaterialKind(models.TextChoices):
    SLIDES = "slides", "Slides"
    READING = "reading", "Reading"


class MaterialVisibility(models.TextChoices):
    PUBLIC = "public", "Public: anyone who sees the programme"
    COHORT = "cohort", "Cohort only: participants, speakers and the course team"


class PackState(models.TextChoices):
    """A participant's week pack: queued → building → ready (or failed); a change makes it queued again."""

    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"

    @classmethod
    def in_progress(cls):
        return {cls.QUEUED, cls.BUILDING}
