"""Thin Celery wrappers around participants' domain functions."""

from celery import shared_task


@shared_task
def send_deadline_reminders():
    from participants.domain.reminders import send_deadline_reminders as run

    return run()


# --- Review and selection ------------------------------------------------------------------------------------


@shared_task
def send_outbox():
    from participants.domain.outbox import send_outbox_mails

    return send_outbox_mails()


@shared_task
def promote_waitlist():
    from participants.domain.selection import expire_unconfirmed_and_promote_waitlist

    return expire_unconfirmed_and_promote_waitlist()
