"""Choices of the simulations app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScenarioCategory(models.TextChoices):
    DIPLOMACY_FOR_SCIENCE = "diplomacy_for_science", _("Diplomacy for science")
    SCIENCE_FOR_DIPLOMACY = "science_for_diplomacy", _("Science for diplomacy")
    SCIENCE_IN_DIPLOMACY = "science_in_diplomacy", _("Science in diplomacy")


class DelegationKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    FUNDER = "funder", _("Funder")
    SCIENTIFIC = "scientific", _("Scientific organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class DecisionRuleType(models.TextChoices):
    UNANIMITY = "unanimity", _("Unanimity")
    K_OF_N = "k_of_n", _("k of n")


class RoundAction(models.TextChoices):
    """What delegations may do in a round (the negotiation tools use these)."""

    STATEMENT = "statement", _("Opening statement")
    CAUCUS = "caucus", _("Delegation caucus")
    FLOOR = "floor", _("Floor messages")
    PROPOSE = "propose", _("Table a proposal")
    AMEND = "amend", _("Amend a proposal")
    SUPPORT = "support", _("Support a proposal")
    VOTE = "vote", _("Vote")


class RunState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


OVER_STATES = (RunState.FINISHED, RunState.CANCELLED)
LIVE_STATES = (RunState.RUNNING, RunState.PAUSED)


class RunEventKind(models.TextChoices):
    """Every transition of a run's state machine, plus the facilitator's edits before the start."""

    CREATED = "created", _("Run created")
    PLAN_CHANGED = "plan_changed", _("Round plan changed")
    SEATS_CHANGED = "seats_changed", _("Seats assigned")
    END_EARLY_CHANGED = "end_early_changed", _("Early end when all acted switched")
    STARTED = "started", _("Started")
    ROUND_ADVANCED = "round_advanced", _("Round ended on time")
    ROUND_ENDED_NOW = "round_ended_now", _("Round ended by the facilitator")
    ROUND_ENDED_ALL_ACTED = "round_ended_all_acted", _("Round ended: every delegation acted")
    WENT_BACK = "went_back", _("Went back one round")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    EXTENDED = "extended", _("Round extended")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")
    POST_SETTLEMENT_OPENED = "post_settlement_opened", _("Post-settlement round opened")


# The post-settlement round (simulations.domain.post_settlement): a round the engine appends to a finished run.
# Its key and its one action are not scenario actions (a scenario file cannot ask for them).
POST_SETTLEMENT_ROUND_KEY = "post-settlement"
POST_SETTLEMENT_ACTION = "post_settlement_vote"


class AdvanceSource(models.TextChoices):
    """Who noticed that a round was due: any of them may, exactly one of them does."""

    TASK = "task", _("Timer task")
    SWEEPER = "sweeper", _("Sweeper")
    LAZY = "lazy", _("Page load")
    FACILITATOR = "facilitator", _("Facilitator")
    SYSTEM = "system", _("System")


class VoteChoice(models.TextChoices):
    """A delegation's vote on a proposal (the negotiation); a delegation that does not vote abstains."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class LowData(models.TextChoices):
    """A participant's choice for the room's "low data" mode (simulations.domain.low_data). AUTO follows the
    browser's Save-Data request header."""

    AUTO = "auto", _("As my browser asks")
    ON = "on", _("On")
    OFF = "off", _("Off")
