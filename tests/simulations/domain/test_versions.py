"""A run plays the scenario it started with: scenario versions (simulations.domain.versions)."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from simulations.domain import engine
from simulations.domain.debrief import debrief_for
from simulations.domain.negotiation import preview_package_score
from simulations.domain.outcome import outcome_of
from simulations.domain.runs import assign_pair, create_run
from simulations.domain.scenarios import ScenarioFileError, load_scenario_file, scenario_as_file_data
from simulations.domain.versions import run_sheet, runs_keeping_older_versions
from simulations.models import Run, ScenarioVersion
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.simulations.test_scenarios import valid_scenario, write

pytestmark = pytest.mark.django_db

PACKAGE = {"budget": "equal", "access": "merit", "energy": "solar"}


def changed_scores(data, points):
    data = dict(data)
    data["scores"] = {
        **data["scores"],
        "north": {**data["scores"]["north"], "budget": {"equal": points, "gdp": 5, "usage": 10}},
    }
    return data


def seat_everyone(run, scenario, course):
    pairs = {}
    for delegation in scenario.delegations.order_by("position"):
        pairs[delegation.key] = make_pair(course)
        assign_pair(run, pairs[delegation.key][0], delegation)
    return pairs


def new_run(scenario, course, name):
    return create_run(scenario, course, name)


def test_loading_a_changed_file_makes_a_version_that_only_new_runs_play(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))
    course = CourseFactory()
    old = new_run(scenario, course, "Table A")
    assert old.scenario_version.number == 1
    load_scenario_file(write(tmp_path, valid_scenario()))  # unchanged: no new version
    assert ScenarioVersion.objects.filter(scenario=scenario).count() == 1

    load_scenario_file(write(tmp_path, changed_scores(valid_scenario(), 90)))
    new = new_run(scenario, course, "Table B")

    assert new.scenario_version.number == 2
    assert run_sheet(Run.objects.get(pk=old.pk)).points[("north", "budget", "equal")] == 0
    assert run_sheet(new).points[("north", "budget", "equal")] == 90
    assert [(r.name, n) for r, n in runs_keeping_older_versions(scenario)] == [("Table A", 1)]


def test_load_scenarios_says_which_tables_keep_the_older_version(tmp_path):
    path = write(tmp_path, valid_scenario())
    scenario = load_scenario_file(path)
    new_run(scenario, CourseFactory(), "Table A")
    write(tmp_path, changed_scores(valid_scenario(), 90))
    out = io.StringIO()

    call_command("load_scenarios", str(path), stdout=out)

    assert "(version 2)" in out.getvalue() and "Table A" in out.getvalue() and "keeps version 1" in out.getvalue()


def test_a_running_table_keeps_its_points_and_a_finished_one_its_outcome(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))
    course = CourseFactory()
    run = new_run(scenario, course, "Table A")
    pairs = seat_everyone(run, scenario, course)
    north = scenario.delegations.get(key="north")
    engine.start_run(run)
    user = pairs["north"][1].user
    before = preview_package_score(run, north, PACKAGE, user=user).points

    load_scenario_file(write(tmp_path, changed_scores(valid_scenario(), 90)))  # mid-negotiation

    assert preview_package_score(Run.objects.get(pk=run.pk), north, PACKAGE, user=user).points == before


def test_debrief_and_comparison_use_the_run_version(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))
    course = CourseFactory()
    a = new_run(scenario, course, "Table A")
    engine.start_run(a)
    engine.finish_run(a)
    points_before = outcome_of(Run.objects.get(pk=a.pk)).analysis["delegations"][0]["points"]
    load_scenario_file(write(tmp_path, changed_scores(valid_scenario(), 90)))
    b = new_run(scenario, course, "Table B")
    engine.start_run(b)
    engine.finish_run(b)

    debrief = debrief_for(Run.objects.get(pk=a.pk))

    assert debrief.version == "v1" and [t.run.name for t in debrief.tables] == ["Table A"]
    assert debrief.other_versions == [("Table B", "v2")]
    assert debrief.rows[0][1] == points_before
    assert debrief.scoring[0][2][0] == 0  # north's points for "equal" as played, not the new 90


def test_duplicate_key_is_refused_with_its_line(tmp_path):
    text = "schema_version: 1\nslug: dup\ntitle: One\ntitle: Two\n"

    with pytest.raises(ScenarioFileError) as excinfo:
        load_scenario_file(write(tmp_path, text))

    message = "\n".join(excinfo.value.errors)
    assert "line 4" in message and "“title” appears twice" in message and "first at line 3" in message


def test_migration_pins_existing_runs_to_the_scenario_as_stored(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))
    run = new_run(scenario, CourseFactory(), "Table A")
    Run.objects.filter(pk=run.pk).update(scenario_version=None)
    ScenarioVersion.objects.all().delete()
    migration = importlib.import_module("simulations.migrations.0006_pin_existing_runs")

    migration.pin(apps, None)

    run.refresh_from_db()
    assert run.scenario_version.number == 1
    assert run.scenario_version.content == scenario_as_file_data(scenario)
