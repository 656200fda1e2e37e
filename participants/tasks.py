"""Thin Celery wrappers around participants' domain functions.

The domain starts these by name through ``course.triggers.start_task`` (this module imports the domain, so the
domain never imports it back).
"""

from celery import shared_task

from participants.domain.followups import purge_personal_followup_data
from participants.domain.followups import send_followup_reminders as run_followup_reminders
from participants.domain.outbox import clear_old_mail_bodies as run_clear_old_mail_bodies
from participants.domain.outbox import send_outbox_mails
from participants.domain.referees import send_referee_reminders as run_referee_reminders
from participants.domain.reminders import send_deadline_reminders as run_deadline_reminders
from participants.domain.selection import expire_unconfirmed_and_promote_waitlist


@shared_task
def send_deadline_reminders():
    return run_deadline_reminders()


# --- Review and selection ------------------------------------------------------------------------------------


@shared_task
def send_outbox():
    return send_outbox_mails()


@shared_task
def promote_waitlist():
    return expire_unconfirmed_and_promote_waitlist()


# --- The course team's own forms ------------------------------------------------------------------------------


@shared_task
def send_referee_reminders():
    return run_referee_reminders()


@shared_task
def send_followup_reminders():
    return run_followup_reminders()


@shared_task
def purge_followup_data():
    return purge_personal_followup_data()


@shared_task
def clear_old_mail_bodies():
    return run_clear_old_mail_bodies()
