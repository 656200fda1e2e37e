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
