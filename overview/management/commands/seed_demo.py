"""Demo data for every part of the product. Idempotent: running it twice changes nothing the second time."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# In lifecycle order. Each seeder takes no arguments and returns a list of demo accounts
# as (description, email, password) tuples, which are printed at the end.
SEEDERS = [
    "course.demo.seed_editions",
    "course.demo.seed_staff",
    "participants.demo.applicants.seed_applicants",
    "participants.demo.selection.seed_selection",
    # The course team's own call on the current edition: questions, a document, referees, follow-up forms.
    "participants.demo.call.seed_call",
    # After the cohort exists, so that the role-play groups A and B have pairs in the first release.
    "programme.demo.seed_programme",
    "simulations.demo.runs.seed_simulations",
    "simulations.demo.negotiation.seed_negotiation",
    # A finished edition with its evaluation (answers, tables, follow-ups), so the impact report shows at once.
    "evaluation.demo.seed_evaluation",
    # After the programme: attendance is per session. Visa letters, claims, attendance, certificates.
    "logistics.demo.seed_logistics",
]


class Command(BaseCommand):
    help = "Create demo course editions, accounts and data (idempotent)."

    def handle(self, *args, **options):
        accounts = []
        for dotted in SEEDERS:
            seeder = import_string(dotted)
            with transaction.atomic():
                accounts.extend(seeder() or [])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo accounts:"))
        wide = max((len(a[0]) for a in accounts), default=0), max((len(a[1]) for a in accounts), default=0)
        for description, email, password in accounts:
            self.stdout.write(f"  {description:<{wide[0]}} {email:<{wide[1]}} password: {password}")
