"""Choices of the evaluation app. State sets live here, next to the states they group."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    LIKERT_5 = "likert5", _("Likert scale 1–5")
    LIKERT_7 = "likert7", _("Likert scale 1–7")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    KNOWLEDGE = "knowledge", _("Knowledge item (one correct answer)")

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

    KNOWLEDGE_PRE = "knowledge_pre", _("Knowledge test, before the course")
    KNOWLEDGE_POST = "knowledge_post", _("Knowledge test, after the course")
    CONFIDENCE_PRE = "confidence_pre", _("Self-efficacy, before the course")
    CONFIDENCE_POST = "confidence_post", _("Self-efficacy, last day (with retrospective pretest)")
    REACTION = "reaction", _("End-of-course reaction")
    SESSION_FEEDBACK = "session_feedback", _("Session feedback")
    RUN_SURVEY = "run_survey", _("After each simulation run")
    OTHER = "other", _("Other")

    @classmethod
    def pre_post(cls):
        """(pretest, posttest) purposes whose items are compared pair by pair."""
        return [(cls.KNOWLEDGE_PRE, cls.KNOWLEDGE_POST), (cls.CONFIDENCE_PRE, cls.CONFIDENCE_POST)]


class RespondentUnit(models.TextChoices):
    PARTICIPANT = "participant", _("Each participant")
    PAIR = "pair", _("Each pair jointly")


class QuestionBlock(models.TextChoices):
    """A retrospective-pretest item asks, on the last day, how things were before the course."""

    NOW = "now", _("Now")
    RETROSPECTIVE = "retrospective", _("Before the course (asked afterwards)")


class RequestStatus(models.TextChoices):
    """One participant's follow-up in one wave."""

    PENDING = "pending", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")

    @classmethod
    def finished(cls):
        return {cls.ANSWERED, cls.DECLINED}


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the due date")
    DUE = "due", _("On the due date")
    AFTER = "after", _("After the due date")


class ContactAnswer(models.TextChoices):
    YES = "yes", _("Yes, we still work together")
    OCCASIONALLY = "occasionally", _("Occasionally, but not on joint work")
    NO = "no", _("No, we are no longer in contact")


class OutputKind(models.TextChoices):
    POLICY_BRIEF = "policy_brief", _("Joint policy brief")
    PROPOSAL = "proposal", _("Joint funding or project proposal")
    MEETING = "meeting", _("Meeting or event organised together")
    PAPER = "paper", _("Co-authored paper or report")
    TRAINING = "training", _("Training delivered together")
    OTHER = "other", _("Other joint output")


class CourseTool(models.TextChoices):
    """Things from the course a follow-up asks about."""

    BATNA = "batna", _("Preparing a BATNA and reservation value")
    INTEGRATIVE = "integrative", _("Looking for integrative (value-creating) packages")
    ADVICE = "advice", _("Ways of giving science advice to policymakers")
    FRAMING = "framing", _("Explaining science to diplomats and officials")
    NETWORK = "network", _("Contacts made at the course")
    KINDS = "kinds", _("The three kinds of science diplomacy as a frame")
    NONE = "none", _("None of these so far")
