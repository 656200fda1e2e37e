"""Models of the simulations app: scenarios (what is played) and runs (a table playing it)."""

from .negotiation import (
    Announcement,
    CaucusMessage,
    FloorMessage,
    Inject,
    Outcome,
    PostSettlement,
    PostSettlementVote,
    Presence,
    PriorityEstimate,
    Proposal,
    ProposalSupport,
    Statement,
    Vote,
)
from .preferences import RoomPreference
from .run import Run, RunEvent, RunRound, Seat
from .scenario import Delegation, Issue, Option, Scenario, ScenarioRound, ScenarioVersion, Score

__all__ = [
    "Announcement",
    "CaucusMessage",
    "FloorMessage",
    "Inject",
    "Outcome",
    "PostSettlement",
    "PostSettlementVote",
    "Presence",
    "PriorityEstimate",
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
    "RoomPreference",
    "Scenario",
    "ScenarioRound",
    "ScenarioVersion",
    "Score",
    "Seat",
]
