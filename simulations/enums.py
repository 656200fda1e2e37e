"""Choices of the simulations app."""

from django.db import models


class ScenarioCategory(models.TextChoices):
    DIPLOMACY_FOR_SCIENCE = "diplomacy_for_science", "Diplomacy for science"
    SCIENCE_FOR_DIPLOMACY = "science_for_diplomacy", "Science for diplomacy"
    SCIENCE_IN_DIPLOMACY = "science_in_diplomacy", "Science in diplomacy"


class DelegationKind(models.TextChoices):
    COUNTRY = "country", "Country"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental body"
    FUNDER = "funder", "Funder"
    SCIENTIFIC = "scientific", "Scientific organisation"
    CIVIL_SOCIETY = "civil_society", "Civil society"
    OTHER = "other", "Other"


class DecisionRuleType(models.TextChoices):
    UNANIMITY = "unanimity", "Unanimity"
    K_OF_N = "k_of_n", "k of n"


class RoundAction(models.TextChoices):
    """What delegations may do in a round (the negotiation tools use these)."""

    STATEMENT = "statement", "Opening statement"
    CAUCUS = "caucus", "Delegation caucus"
    FLOOR = "floor", "Floor messages"
    PROPOSE = "propose", "Table a proposal"
    AMEND = "amend", "Amend a proposal"
    SUPPORT = "support", "Support a proposal"
    VOTE = "vote", "Vote"


class RunState(models.TextChoices):
    DRAFT = "draft", "Draft"
    RUNNING = "running", "Running"
    PAUSED = "paused", "Paused"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"


OVER_STATES = (RunState.FINISHED, RunState.CANCELLED)
LIVE_STATES = (RunState.RUNNING, RunState.PAUSED)


class RunEventKind(models.TextChoices):
    """Every transition of a run's state machine, plus the facilitator's edits before the start."""

    CREATED = "created", "Run created"
    PLAN_CHANGED = "plan_changed", "Round plan changed"
    SEATS_CHANGED = "seats_changed", "Seats assigned"
    END_EARLY_CHANGED = "end_early_changed", "Early end when all acted switched"
    STARTED = "started", "Started"
    ROUND_ADVANCED = "round_advanced", "Round ended on time"
    ROUND_ENDED_NOW = "round_ended_now", "Round ended by the facilitator"
    ROUND_ENDED_ALL_ACTED = "round_ended_all_acted", "Round ended: every delegation acted"
    WENT_BACK = "went_back", "Went back one round"
    PAUSED = "paused", "Paused"
    RESUMED = "resumed", "Resumed"
    EXTENDED = "extended", "Round extended"
    FINISHED = "finished", "Finished"
    CANCELLED = "cancelled", "Cancelled"


class AdvanceSource(models.TextChoices):
    """Who noticed that a round was due: any of them may, exactly one of them does."""

    TASK = "task", "Timer task"
    SWEEPER = "sweeper", "Sweeper"
    LAZY = "lazy", "Page load"
    FACILITATOR = "facilitator", "Facilitator"
    SYSTEM = "system", "System"


class VoteChoice(models.TextChoices):
    """A delegation's vote on a proposal (the negotiation); a delegation that does not vote abstains."""

    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"
