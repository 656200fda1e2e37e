"""Models of the course app, one module per part of the lifecycle."""

from .edition import Course, CourseQuerySet, validate_timezone

__all__ = ["Course", "CourseQuerySet", "validate_timezone"]
