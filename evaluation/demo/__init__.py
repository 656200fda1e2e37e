"""Demo seeders of the evaluation (run by ``manage.py seed_demo`` after every app below it)."""

from .edition import seed_evaluation

__all__ = ["seed_evaluation"]
