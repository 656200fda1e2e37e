"""Models of the simulations app: scenarios (what is played) and runs (a table playing it)."""

from .run import Run, RunEvent, RunRound, Seat
from .scenario import Delegation, Issue, Option, Scenario, ScenarioRound, Score

__all__ = [
    "Delegation",
    "Issue",
    "Option",
    "Run",
    "RunEvent",
    "RunRound",
    "Scenario",
    "ScenarioRound",
    "Score",
    "Seat",
]
