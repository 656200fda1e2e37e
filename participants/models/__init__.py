"""Models of the participants app, one module per part of the lifecycle."""

from .application import Application, ApplicationMember, Invitation, LateSubmissionCode
from .cohort import Pair, Participant

__all__ = [
    "Application",
    "ApplicationMember",
    "Invitation",
    "LateSubmissionCode",
    "Pair",
    "Participant",
]
