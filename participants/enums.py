from django.db import models


class MemberRole(models.TextChoices):
    SCIENTIST = "scientist", "Scientist"
    POLICYMAKER = "policymaker", "Policymaker"


class ApplicationStatus(models.TextChoices):
    """The applicant-visible lifecycle. Staged decisions (selection) never show here until released."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    REJECTED = "rejected", "Not selected"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Place expired"


class InvitationStatus(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    ACCEPTED = "accepted", "Accepted"
    CANCELLED = "cancelled", "Cancelled"
    EXPIRED = "expired", "Expired"  # derived from expires_at; stored once noticed


class CareerStage(models.TextChoices):
    EARLY = "early", "Early career (under 10 years)"
    MID = "mid", "Mid career (10–20 years)"
    SENIOR = "senior", "Senior (over 20 years)"


class Gender(models.TextChoices):
    WOMAN = "woman", "Woman"
    MAN = "man", "Man"
    NON_BINARY = "non_binary", "Non-binary"
    SELF_DESCRIBED = "self_described", "Prefer to self-describe"
    UNDISCLOSED = "undisclosed", "Prefer not to say"


# --- Review and selection -------------------------------------------------------------------------------


class DecisionOutcome(models.TextChoices):
    """A facilitator's decision on one application; staged until released."""

    ACCEPT = "accept", "Accept"
    WAITLIST = "waitlist", "Waitlist"
    REJECT = "reject", "Reject"


class DecisionMailKind(models.TextChoices):
    """Which decision email a course template is for."""

    ACCEPTED = "accepted", "Accepted"
    WAITLISTED = "waitlisted", "Waitlisted"
    REJECTED = "rejected", "Not selected"
    PROMOTED = "promoted", "Offered a place from the waitlist"
    EXPIRED = "expired", "Place expired (not confirmed in time)"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class AttendanceAnswer(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class IncomeGroup(models.TextChoices):
    """World Bank income groups (fixtures/country_income.csv)."""

    LOW = "L", "Low income"
    LOWER_MIDDLE = "LM", "Lower-middle income"
    UPPER_MIDDLE = "UM", "Upper-middle income"
    HIGH = "H", "High income"
