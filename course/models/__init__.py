"""Models of the course app: the editions everything else hangs from, and each person's language."""

from .edition import Course, CourseQuerySet, validate_timezone
from .preferences import LanguagePreference

__all__ = ["Course", "CourseQuerySet", "LanguagePreference", "validate_timezone"]
