"""Demo simulations: the scenario files, and one draft table in the current edition. Idempotent."""

from django.conf import settings

from course.models import Course
from simulations.domain.runs import assign_pairs, create_run, eligible_pairs
from simulations.domain.scenarios import load_scenario_directory
from simulations.models import Run, Scenario

DEMO_SCENARIO = "sesame-synchrotron"
DEMO_TABLE = "Table A"


def seed_simulations():
    report = load_scenario_directory(settings.BASE_DIR / "fixtures" / "scenarios")
    for line in report.errors:
        print(f"Scenario not loaded: {line}")
    course = Course.objects.filter(slug="current").first()
    scenario = Scenario.objects.filter(slug=DEMO_SCENARIO).first() or Scenario.objects.order_by("title").first()
    if course is None or scenario is None or Run.objects.filter(course=course, name=DEMO_TABLE).exists():
        return []
    run = create_run(scenario, course, DEMO_TABLE, room="Room 1, Adriatico Guesthouse")
    if eligible_pairs(run).exists():
        assign_pairs(run)
    return []
