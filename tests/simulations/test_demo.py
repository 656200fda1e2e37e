import pytest

from course.demo import seed_editions
from course.models import Course
from simulations.demo.runs import DEMO_TABLE, seed_simulations
from simulations.models import Run, Scenario, Seat
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def test_seed_simulations_is_idempotent_and_seats_cohort_pairs():
    seed_editions()

    make_pair(Course.objects.get(slug="current"), country="KE")

    seed_simulations()
    seed_simulations()

    assert Scenario.objects.exists()
    run = Run.objects.get(name=DEMO_TABLE)
    assert run.state == "draft" and run.rounds.exists()
    assert Seat.objects.filter(run=run).count() == 1
