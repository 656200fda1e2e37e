"""python manage.py load_scenarios [PATH ...]: load scenario YAML files (docs/scenarios.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from simulations.domain.scenarios import LoadReport, ScenarioFileError, load_scenario_directory, load_scenario_file
from simulations.domain.versions import latest_version, runs_keeping_older_versions

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "scenarios"


class Command(BaseCommand):
    help = "Load scenario YAML files (default: fixtures/scenarios/). A file with any error loads nothing."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or directories (default: fixtures/scenarios/).")

    def handle(self, *args, paths=(), **options):
        report = LoadReport()
        for raw in paths or [DEFAULT_DIRECTORY]:
            path = Path(raw)
            if path.is_dir():
                found = load_scenario_directory(path)
                report.loaded += found.loaded
                report.errors += found.errors
                continue
            try:
                report.loaded.append(load_scenario_file(path))
            except ScenarioFileError as exc:
                report.errors += exc.errors
        for scenario in report.loaded:
            version = latest_version(scenario)
            self.stdout.write(f"Loaded {scenario.slug}: {scenario.title} (version {version.number})")
            for run, number in runs_keeping_older_versions(scenario):
                self.stdout.write(
                    f"  {run.name} ({run.course}, {run.get_state_display().lower()}) keeps version {number}; "
                    f"new tables play version {version.number}."
                )
        if report.errors:
            for line in report.errors:
                self.stderr.write(line)
            raise CommandError(f"{len(report.errors)} problem(s); files with problems were not loaded.")
        self.stdout.write(self.style.SUCCESS(f"{len(report.loaded)} scenario(s) loaded."))
