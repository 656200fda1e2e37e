"""Demo data of the foundation: editions and staff accounts (run by `manage.py seed_demo`)."""

from .editions import DEMO_PASSWORD, current_edition_dates, ensure_user, seed_editions, seed_staff

__all__ = ["DEMO_PASSWORD", "current_edition_dates", "ensure_user", "seed_editions", "seed_staff"]
