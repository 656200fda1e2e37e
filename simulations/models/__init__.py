"""Models of the simulations app: scenarios (what is played) and runs (a table playing it)."""

from .negotiation import (
    Announcement,
    CaucusMessage,
    FloorMessage,
    Inject,
    Outcome,
    Presence,
    Proposal,
    ProposalSupport,
    Statement,
    Vote,
)
from .run import Run, RunEvent, RunRound, Seat
from .scenario import Delegation, Issue, Option, Scenario, ScenarioRound, ScenarioVersion, Score

__all__ = [
    "Announcement",
    "CaucusMessage",
    "FloorMessage",
    "Inject",
    "Outcome",
    "Presence",
    "Proposal",
    "ProposalSupport",
    "Statement",
    "Vote",
    "Delegation",
    "Issue",
    "Option",
    "Run",
    "RunEvent",
    "RunRound",
    "Scenario",
    "ScenarioRound",
    "ScenarioVersion",
    "Score",
    "Seat",
]
