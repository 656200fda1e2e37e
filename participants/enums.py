from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    SCIENTIST = "scientist", _("Scientist")
    POLICYMAKER = "policymaker", _("Policymaker")


class ApplicationStatus(models.TextChoices):
    """The applicant-visible lifecycle. Staged decisions (selection) never show here until released."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Not selected")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Place expired")

    def can_become(self, to_status):
        """Whether the transition table allows this status to change to ``to_status``."""
        return to_status in APPLICATION_TRANSITIONS.get(self, frozenset())


# The one transition table of an application's status (docs/selection.md draws it). Every change goes through
# participants.domain.transitions.transition_application, which refuses anything not listed here.
_S = ApplicationStatus
APPLICATION_TRANSITIONS = {
    _S.DRAFT: frozenset({_S.SUBMITTED, _S.WITHDRAWN}),
    _S.SUBMITTED: frozenset({_S.WITHDRAWN, _S.ACCEPTED, _S.WAITLISTED, _S.REJECTED}),
    _S.WAITLISTED: frozenset({_S.ACCEPTED}),
    _S.ACCEPTED: frozenset({_S.CONFIRMED, _S.DECLINED, _S.EXPIRED}),
}

# The named state sets, on the enum so that no other module (or app) spells statuses out. Assigned after the
# class body because an attribute set inside a TextChoices body would become a member.
# Counts as "in" an application for a course: everything but withdrawn (a withdrawn one frees the user).
_S.ACTIVE = frozenset(_S) - {_S.WITHDRAWN}
# Either member may still withdraw it (before the deadline).
_S.WITHDRAWABLE = frozenset({_S.DRAFT, _S.SUBMITTED})
# Counts as submitted: reviewers and the selection board see it, whatever happened next.
_S.COUNTS_AS_SUBMITTED = frozenset(_S) - {_S.DRAFT, _S.WITHDRAWN}
# A selection decision was released on it (and perhaps answered or expired since).
_S.DECIDED = _S.COUNTS_AS_SUBMITTED - {_S.SUBMITTED}
# The pair holds one of the course's places (capacity_pairs).
_S.HOLDING_PLACE = frozenset({_S.ACCEPTED, _S.CONFIRMED})
# Nothing can happen to it any more.
_S.FINAL = frozenset(_S) - set(APPLICATION_TRANSITIONS)
del _S


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")  # derived from expires_at; stored once noticed


class CareerStage(models.TextChoices):
    EARLY = "early", _("Early career (under 10 years)")
    MID = "mid", _("Mid career (10–20 years)")
    SENIOR = "senior", _("Senior (over 20 years)")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    SELF_DESCRIBED = "self_described", _("Prefer to self-describe")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


# --- Review and selection -------------------------------------------------------------------------------


class DecisionOutcome(models.TextChoices):
    """A facilitator's decision on one application; staged until released."""

    ACCEPT = "accept", _("Accept")
    WAITLIST = "waitlist", _("Waitlist")
    REJECT = "reject", _("Reject")


class DecisionMailKind(models.TextChoices):
    """Which decision email a course template is for."""

    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Not selected")
    PROMOTED = "promoted", _("Offered a place from the waitlist")
    EXPIRED = "expired", _("Place expired (not confirmed in time)")


class OutboxMailKind(models.TextChoices):
    """What an outbox row is. Every mail of every app is one (docs/selection.md, "Mail"): a decision mail (the
    kinds above), a group mail, a reminder to a reviewer, and the mails of the applicant journey, the accounts,
    the programme, logistics and evaluation. The course team's outbox page shows them in English (team-only)."""

    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    REJECTED = "rejected", _("Not selected")
    PROMOTED = "promoted", _("Offered a place from the waitlist")
    EXPIRED = "expired", _("Place expired (not confirmed in time)")
    GROUP = "group", _("Group mail")
    REVIEW_REMINDER = "review_reminder", _("Reminder to a reviewer")
    ACCOUNT = "account", _("Account (sign-up, address, password)")
    SUBMITTED = "submitted", _("Submission confirmation")
    INVITATION = "invitation", _("Partner invitation")
    REFEREE_REQUEST = "referee_request", _("Reference request")
    REFEREE_REMINDER = "referee_reminder", _("Reminder to a referee")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder to applicants")
    FORM_REMINDER = "form_reminder", _("Follow-up form reminder")
    SPEAKER_SIGN_IN = "speaker_sign_in", _("Speaker sign-in link")
    PROGRAMME_CHANGE = "programme_change", _("Programme change")
    DOCUMENT_READY = "document_ready", _("Letter or certificate ready")
    INSTRUMENT_REMINDER = "instrument_reminder", _("Evaluation reminder")
    WAVE_REMINDER = "wave_reminder", _("Follow-up survey reminder")


class ReviewConfidence(models.IntegerChoices):
    """A reviewer's optional confidence in their own review."""

    LOW = 1, _("Low: outside my field")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High: my field")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class AttendanceAnswer(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class IncomeGroup(models.TextChoices):
    """World Bank income groups (fixtures/country_income.csv)."""

    LOW = "L", _("Low income")
    LOWER_MIDDLE = "LM", _("Lower-middle income")
    UPPER_MIDDLE = "UM", _("Upper-middle income")
    HIGH = "H", _("High income")


# --- The course team's own questions (docs/callforms.md) -------------------------------------------------


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text (with a word limit)")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    COUNTRY = "country", _("Country")
    DOCUMENT = "document", _("Document (PDF upload)")


# Kinds whose answers come from a fixed list: these can be filtered on the board and used as conditions.
QuestionKind.WITH_OPTIONS = frozenset(
    {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.YES_NO, QuestionKind.COUNTRY}
)


class QuestionScope(models.TextChoices):
    MEMBER = "member", _("Each member answers")
    PAIR = "pair", _("The pair answers once, together")


class QuestionPurpose(models.TextChoices):
    ELIGIBILITY = "eligibility", _("Eligibility (asked before the application starts)")
    APPLICATION = "application", _("Application")
    FOLLOWUP = "followup", _("Follow-up form (after confirmation)")


class RefereeStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    OPENED = "opened", _("Opened")
    SUBMITTED = "submitted", _("Submitted")
    CANCELLED = "cancelled", _("Cancelled")
