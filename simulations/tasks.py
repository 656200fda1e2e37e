"""Thin Celery triggers for the run engine. The database decides; a task only asks "is it time?"."""

from celery import shared_task

from simulations.domain.engine import advance_due_run, sweep_due_runs
from simulations.enums import AdvanceSource


@shared_task(ignore_result=True)
def advance_run_round(run_id, round_number, version):
    """Scheduled with eta=ends_at after each transition. Early, stale or repeated deliveries are no-ops."""
    return advance_due_run(run_id, round_number, version, source=AdvanceSource.TASK)


@shared_task(ignore_result=True, expires=60)
def sweep_overdue_runs():
    """Run by beat every SWEEP_INTERVAL_SECONDS: advances rounds whose timer task was lost."""
    return sweep_due_runs(source=AdvanceSource.SWEEPER)
