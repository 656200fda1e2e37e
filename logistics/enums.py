"""Choices of the logistics app. Each lifecycle's allowed transitions live next to its states."""

from django.db import models


class VisaStatus(models.TextChoices):
    """A participant's visa for the course's country, as the course team knows it."""

    NOT_ASKED = "not_asked", "Not asked yet"
    NOT_NEEDED = "not_needed", "Not needed"
    LETTER_REQUESTED = "letter_requested", "Letter requested"
    LETTER_SENT = "letter_sent", "Letter sent"
    APPOINTMENT = "appointment", "Appointment booked"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"

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
    TRAVEL = "travel", "Travel"
    ACCOMMODATION = "accommodation", "Accommodation"
    VISA_FEE = "visa_fee", "Visa fee"
    PER_DIEM = "per_diem", "Per diem"


class ClaimStatus(models.TextChoices):
    """An expense claim: submitted by the participant (or the team for them), decided, then paid."""

    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    PAID = "paid", "Paid"

    @classmethod
    def transitions(cls):
        return {
            cls.SUBMITTED: {cls.APPROVED, cls.REJECTED},
            cls.APPROVED: {cls.PAID, cls.SUBMITTED},  # back to submitted: the approval is reopened
            cls.REJECTED: {cls.SUBMITTED},
            cls.PAID: set(),
        }


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    CASH = "cash", "Cash at the venue"
    CARD = "card", "Card refund"
    BOOKED_BY_COURSE = "booked_by_course", "Booked and paid by the course"


class DocumentKind(models.TextChoices):
    VISA_LETTER = "visa_letter", "Visa invitation letter"
    CERTIFICATE = "certificate", "Certificate of attendance"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"

    @classmethod
    def finished(cls):
        return {cls.DONE, cls.FAILED}


class AttendanceSource(models.TextChoices):
    TEAM = "team", "Ticked by the team"
    CHECK_IN = "check_in", "Checked in with the room code"
