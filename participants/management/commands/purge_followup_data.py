"""The retention rule of personal follow-up data (docs/callforms.md): answers to forms that hold personal
documents (passport details) are deleted 30 days after the course ends. Idempotent; beat runs it daily too."""

from django.core.management.base import BaseCommand

from participants.domain.followups import RETENTION_DAYS, purge_personal_followup_data


class Command(BaseCommand):
    help = f"Delete passport and other personal follow-up answers {RETENTION_DAYS} days after each course ends."

    def handle(self, *args, **options):
        deleted = purge_personal_followup_data()
        self.stdout.write(f"Deleted {deleted} personal follow-up answer(s).")
