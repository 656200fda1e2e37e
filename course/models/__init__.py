"""Models of the course app, one module per part of the lifecycle."""

from .edition import Course, CourseQuerySet, validate_timezone
from .programme import CalendarFeedToken, PairGroup, ProgrammeRelease, Room, Session, Speaker

__all__ = [
    "CalendarFeedToken",
    "Course",
    "CourseQuerySet",
    "PairGroup",
    "ProgrammeRelease",
    "Room",
    "Session",
    "Speaker",
    "validate_timezone",
]
