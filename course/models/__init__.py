"""Models of the course app: the editions everything else hangs from."""

from .edition import Course, CourseQuerySet, validate_timezone

__all__ = ["Course", "CourseQuerySet", "validate_timezone"]
