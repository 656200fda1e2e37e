"""Apply the retention rule now (beat runs it daily): see logistics/domain/retention.py and docs/data.md."""

from django.core.management.base import BaseCommand

from logistics.domain.retention import purge_expired_personal_data


class Command(BaseCommand):
    help = "Delete passport details, itineraries, visa-letter PDFs and receipt files of courses past retention."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, dry_run=False, **options):
        summary = purge_expired_personal_data(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} in {summary.courses} course(s): {summary.passports} passport record(s), "
            f"{summary.itineraries} itinerary(ies), {summary.letters} visa-letter PDF(s), "
            f"{summary.receipts} receipt file(s)."
        )
