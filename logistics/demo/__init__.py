"""Demo data of travel and documents for the confirmed cohort (run by `manage.py seed_demo`)."""

from .travel import seed_logistics

__all__ = ["seed_logistics"]
