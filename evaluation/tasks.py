"""Thin Celery triggers for the evaluation; the domain decides and every call is idempotent."""

from celery import shared_task

from evaluation.domain.follow_up import open_due_waves, send_follow_up_reminders
from evaluation.domain.reminders import send_instrument_reminders


@shared_task(ignore_result=True, expires=15 * 60)
def send_evaluation_reminders():
    """Run by beat every 15 minutes: open due follow-up waves, then send the reminders due now."""
    opened = open_due_waves()
    return {
        "requests_opened": opened,
        "follow_up_reminders": send_follow_up_reminders(),
        "instrument_reminders": send_instrument_reminders(),
    }
