"""Erase one participant's evaluation data on their request (docs/evaluation.md, "Privacy and retention")."""

from django.core.management.base import BaseCommand, CommandError

from evaluation.domain.privacy import erase_participant_data
from participants.models import Participant


class Command(BaseCommand):
    help = "Delete a participant's evaluation answers, follow-ups and consent; anonymous answers stay."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The participant's account email.")
        parser.add_argument("--course", help="Only this edition (slug); every edition otherwise.")
        parser.add_argument(
            "--with-pair-answers",
            action="store_true",
            help="Also delete answers the pair gave jointly (ask the partner first).",
        )

    def handle(self, email, course=None, with_pair_answers=False, **options):
        seats = Participant.objects.filter(user__email__iexact=email).select_related("pair__course")
        if course:
            seats = seats.filter(pair__course__slug=course)
        seats = list(seats)
        if not seats:
            raise CommandError(f"No participant with the email {email!r}" + (f" in {course}." if course else "."))
        for seat in seats:
            record = erase_participant_data(seat, include_pair_responses=with_pair_answers)
            self.stdout.write(
                f"{seat.pair.course.slug}: {record.responses} responses and {record.follow_ups} follow-ups erased."
            )
