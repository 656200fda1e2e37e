"""Models of the participants app, one module per part of the lifecycle."""

from .application import Application, ApplicationMember, Invitation, LateSubmissionCode
from .cohort import Pair, Participant
from .questions import Answer, FollowUpForm, Question, RefereeRequest
from .review import (
    CriterionScore,
    DiscussionMessage,
    DocumentView,
    Review,
    ReviewAssignment,
    ReviewConfig,
    ReviewCriterion,
)
from .selection import AttendanceResponse, AuditLogEntry, Decision, DecisionEmailTemplate, GroupMail, OutboxMail

__all__ = [
    "Application",
    "ApplicationMember",
    "Invitation",
    "LateSubmissionCode",
    "Pair",
    "Participant",
    # the course team's own questions
    "Answer",
    "FollowUpForm",
    "Question",
    "RefereeRequest",
    # review and selection
    "AttendanceResponse",
    "AuditLogEntry",
    "CriterionScore",
    "Decision",
    "DiscussionMessage",
    "DocumentView",
    "GroupMail",
    "DecisionEmailTemplate",
    "OutboxMail",
    "Review",
    "ReviewAssignment",
    "ReviewConfig",
    "ReviewCriterion",
]
