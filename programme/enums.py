"""Choices of the programme: kinds of session, tracks, and how a session changed between releases."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    SIMULATION = "simulation", _("Role-play simulation")
    FIELD_VISIT = "field_visit", _("Field visit")
    BREAK = "break", _("Break")


class Track(models.TextChoices):
    """The three kinds of science diplomacy (Royal Society/AAAS, 2010), plus practical skills."""

    DIPLOMACY_FOR_SCIENCE = "diplomacy_for_science", _("Diplomacy for science")
    SCIENCE_FOR_DIPLOMACY = "science_for_diplomacy", _("Science for diplomacy")
    SCIENCE_IN_DIPLOMACY = "science_in_diplomacy", _("Science in diplomacy")
    SKILLS = "skills", _("Skills")
    OTHER = "other", _("Other")


class ChangeKind(models.TextChoices):
    """How a session differs between two programme releases."""

    ADDED = "added", pgettext_lazy("session change", "Added")
    MOVED = "moved", pgettext_lazy("session change", "Moved")
    CHANGED = "changed", pgettext_lazy("session change", "Changed")
    CANCELLED = "cancelled", pgettext_lazy("session change", "Cancelled")


class ConfirmationState(models.TextChoices):
    """A speaker's answer about one of their sessions; no row means they have not answered yet."""

    CONFIRMED = "confirmed", _("Confirmed")
    CHANGE_REQUESTED = "change_requested", _("Change requested")


class MaterialKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    READING = "reading", _("Reading")


class MaterialVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone who sees the programme")
    COHORT = "cohort", _("Cohort only: participants, speakers and the course team")


class PackState(models.TextChoices):
    """A participant's week pack: queued → building → ready (or failed); a change makes it queued again."""

    QUEUED = "queued", pgettext_lazy("week pack", "Queued")
    BUILDING = "building", pgettext_lazy("week pack", "Building")
    READY = "ready", pgettext_lazy("week pack", "Ready")
    FAILED = "failed", pgettext_lazy("week pack", "Failed")

    @classmethod
    def in_progress(cls):
        return {cls.QUEUED, cls.BUILDING}
