"""python manage.py run_bots RUN_ID [--seats key,key] [--once]: scripted delegations (simulations.domain.bots)."""

import time

from django.core.management.base import BaseCommand, CommandError

from simulations.domain.bots import BotError, act_once, bot_delegations
from simulations.domain.versions import run_sheet
from simulations.models import Run


class Command(BaseCommand):
    help = "Fill empty (or the chosen) delegations of a run with scripted delegations that act in every round."

    def add_arguments(self, parser):
        parser.add_argument("run_id", type=int)
        parser.add_argument("--seats", default="", help="Comma-separated delegation keys (default: empty seats).")
        parser.add_argument("--once", action="store_true", help="Act once in the current round and exit.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between checks while looping.")

    def handle(self, run_id, seats, once, interval, **options):
        run = Run.objects.select_related("scenario").filter(pk=run_id).first()
        if run is None:
            raise CommandError(f"There is no run {run_id}.")
        keys = [key.strip() for key in seats.split(",") if key.strip()]
        try:
            delegations = bot_delegations(run, keys)
        except BotError as exc:
            raise CommandError(str(exc)) from exc
        if not delegations:
            self.stdout.write("Every delegation has a seated pair; name some with --seats to add bots.")
            return
        names = ", ".join(d.key for d in delegations)
        self.stdout.write(f"Bots play {names} in run {run.pk} ({run.name}).")
        sheet = run_sheet(run)
        while True:
            done = act_once(run, delegations, sheet=sheet)
            for key, action in done:
                self.stdout.write(f"  round {Run.objects.get(pk=run.pk).current_round}: {key} {action}")
            run.refresh_from_db()
            if once or run.is_over:
                break
            time.sleep(interval)
        self.stdout.write(self.style.SUCCESS(f"Done; the run is {run.get_state_display().lower()}."))
