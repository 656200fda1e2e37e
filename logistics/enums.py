"""Choices of the logistics app. Each lifecycle's allowed transitions live next to its states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisaStatus(models.TextChoices):
    """A participant's visa for the course's country, as the course team knows it."""

    NOT_ASKED = "not_asked", _("Not asked yet")
    NOT_NEEDED = "not_needed", _("Not needed")
    LETTER_REQUESTED = "letter_requested", _("Letter requested")
    LETTER_SENT = "letter_sent", _("Letter sent")
    APPOINTMENT = "appointment", _("Appointment booked")
    GRANTED = "granted", pgettext_lazy("visa", "Granted")
    REFUSED = "refused", pgettext_lazy("visa", "Refused")

    @classmethod
    def transitions(cls):
        """From each state, the states one step away (see docs/logistics.md, "Visa status")."""
        return {
            cls.NOT_ASKED: {cls.NOT_NEEDED, cls.LETTER_REQUESTED},
            cls.NOT_NEEDED: {cls.LETTER_REQUESTED},
            cls.LETTER_REQUESTED: {cls.LETTER_SENT, cls.NOT_NEEDED},
            cls.LETTER_SENT: {cls.APPOINTMENT, cls.GRANTED, cls.REFUSED, cls.LETTER_REQUESTED},
            # APPOINTMENT → APPOINTMENT: the embassy moved the date.
            cls.APPOINTMENT: {cls.APPOINTMENT, cls.GRANTED, cls.REFUSED},
            cls.GRANTED: set(),
            cls.REFUSED: {cls.LETTER_REQUESTED},  # a new application, e.g. after an appeal
        }

    @classmethod
    def settled(cls):
        """States in which nothing more is expected before travel: no lead-time warning."""
        return {cls.NOT_NEEDED, cls.GRANTED}


class CostCategory(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    ACCOMMODATION = "accommodation", _("Accommodation")
    VISA_FEE = "visa_fee", _("Visa fee")
    PER_DIEM = "per_diem", _("Per diem")


class ClaimStatus(models.TextChoices):
    """An expense claim: submitted by the participant (or the team for them), decided, then paid."""

    SUBMITTED = "submitted", pgettext_lazy("expense claim", "Submitted")
    APPROVED = "approved", pgettext_lazy("expense claim", "Approved")
    REJECTED = "rejected", pgettext_lazy("expense claim", "Rejected")
    PAID = "paid", pgettext_lazy("expense claim", "Paid")

    @classmethod
    def transitions(cls):
        return {
            cls.SUBMITTED: {cls.APPROVED, cls.REJECTED},
            cls.APPROVED: {cls.PAID, cls.SUBMITTED},  # back to submitted: the approval is reopened
            cls.REJECTED: {cls.SUBMITTED},
            cls.PAID: set(),
        }


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH = "cash", _("Cash at the venue")
    CARD = "card", _("Card refund")
    BOOKED_BY_COURSE = "booked_by_course", _("Booked and paid by the course")


class DocumentKind(models.TextChoices):
    VISA_LETTER = "visa_letter", _("Visa invitation letter")
    CERTIFICATE = "certificate", _("Certificate of attendance")


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("document batch", "Queued")
    RUNNING = "running", pgettext_lazy("document batch", "Running")
    DONE = "done", pgettext_lazy("document batch", "Done")
    FAILED = "failed", pgettext_lazy("document batch", "Failed")

    @classmethod
    def finished(cls):
        return {cls.DONE, cls.FAILED}


class AttendanceSource(models.TextChoices):
    TEAM = "team", _("Ticked by the team")
    CHECK_IN = "check_in", _("Checked in with the room code")
