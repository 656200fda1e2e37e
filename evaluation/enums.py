"""Choices of the evaluation app. State sets live here, next to the states they group."""

from django.db import models


class QuestionKind(models.TextChoices):
    LIKERT_5 = "likert5", "Likert scale 1–5"
    LIKERT_7 = "likert7", "Likert scale 1–7"
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    NUMBER = "number", "Number"
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    KNOWLEDGE = "knowledge", "Knowledge item (one correct answer)"

    @classmethod
    def scaled(cls):
        return {cls.LIKERT_5: 5, cls.LIKERT_7: 7}

    @classmethod
    def with_choices(cls):
        return {cls.SINGLE, cls.MULTIPLE, cls.KNOWLEDGE}

    @classmethod
    def numeric(cls):
        return {cls.LIKERT_5, cls.LIKERT_7, cls.NUMBER, cls.KNOWLEDGE}


class InstrumentPurpose(models.TextChoices):
    """What an instrument is for; the impact report reads instruments by purpose."""

    KNOWLEDGE_PRE = "knowledge_pre", "Knowledge test, before the course"
    KNOWLEDGE_POST = "knowledge_post", "Knowledge test, after the course"
    CONFIDENCE_PRE = "confidence_pre", "Self-efficacy, before the course"
    CONFIDENCE_POST = "confidence_post", "Self-efficacy, last day (with retrospective pretest)"
    REACTION = "reaction", "End-of-course reaction"
    SESSION_FEEDBACK = "session_feedback", "Session feedback"
    RUN_SURVEY = "run_survey", "After each simulation run"
    OTHER = "other", "Other"

    @classmethod
    def pre_post(cls):
        """(pretest, posttest) purposes whose items are compared pair by pair."""
        return [(cls.KNOWLEDGE_PRE, cls.KNOWLEDGE_POST), (cls.CONFIDENCE_PRE, cls.CONFIDENCE_POST)]


class RespondentUnit(models.TextChoices):
    PARTICIPANT = "participant", "Each participant"
    PAIR = "pair", "Each pair jointly"


class QuestionBlock(models.TextChoices):
    """A retrospective-pretest item asks, on the last day, how things were before the course."""

    NOW = "now", "Now"
    RETROSPECTIVE = "retrospective", "Before the course (asked afterwards)"


class RequestStatus(models.TextChoices):
    """One participant's follow-up in one wave."""

    PENDING = "pending", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined"

    @classmethod
    def finished(cls):
        return {cls.ANSWERED, cls.DECLINED}


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Before the due date"
    DUE = "due", "On the due date"
    AFTER = "after", "After the due date"


class ContactAnswer(models.TextChoices):
    YES = "yes", "Yes, we still work together"
    OCCASIONALLY = "occasionally", "Occasionally, but not on joint work"
    NO = "no", "No, we are no longer in contact"


class OutputKind(models.TextChoices):
    POLICY_BRIEF = "policy_brief", "Joint policy brief"
    PROPOSAL = "proposal", "Joint funding or project proposal"
    MEETING = "meeting", "Meeting or event organised together"
    PAPER = "paper", "Co-authored paper or report"
    TRAINING = "training", "Training delivered together"
    OTHER = "other", "Other joint output"


class CourseTool(models.TextChoices):
    """Things from the course a follow-up asks about."""

    BATNA = "batna", "Preparing a BATNA and reservation value"
    INTEGRATIVE = "integrative", "Looking for integrative (value-creating) packages"
    ADVICE = "advice", "Ways of giving science advice to policymakers"
    FRAMING = "framing", "Explaining science to diplomats and officials"
    NETWORK = "network", "Contacts made at the course"
    KINDS = "kinds", "The three kinds of science diplomacy as a frame"
    NONE = "none", "None of these so far"
