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


# --- The course team's own forms ------------------------------------------------------------------------------


@shared_task
def send_referee_reminders():
    from participants.domain.referees import send_referee_reminders as run

    return run()


@shared_task
def send_followup_reminders():
    from participants.domain.followups import send_followup_reminders as run

    return run()


@shared_task
def purge_followup_data():
    from participants.domain.followups import purge_personal_followup_data

    return purge_personal_followup_data()
