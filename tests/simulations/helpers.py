"""Helpers for the simulations tests."""

import datetime

from django.utils import timezone

from simulations.models import Run, RunEvent


def make_due(run, seconds_ago=1):
    """Make the current round overdue without a transition (as if its time had simply passed)."""
    past = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    Run.objects.filter(pk=run.pk).update(ends_at=past)
    run.refresh_from_db()
    return run


def event_kinds(run):
    return list(RunEvent.objects.filter(run=run).order_by("created_at", "pk").values_list("kind", flat=True))
