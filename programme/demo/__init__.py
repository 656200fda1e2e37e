"""Demo data of the programme: a published week with two releases (run by `manage.py seed_demo`)."""

from .week import seed_programme

__all__ = ["seed_programme"]
