import copy
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from simulations.domain.scenarios import ScenarioFileError, load_scenario_directory, load_scenario_file
from simulations.models import Delegation, Option, Scenario, Score
from tests.factories.simulations import SeatFactory, make_run

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"


def valid_scenario():
    delegations = ["north", "south", "east", "fund"]
    issues = {"budget": ["equal", "gdp", "usage"], "access": ["merit", "quota"], "energy": ["solar", "grid"]}
    return {
        "schema_version": 1,
        "slug": "test-synchrotron",
        "title": "A shared synchrotron",
        "category": "science_for_diplomacy",
        "real_case": "SESAME in Allan, Jordan.",
        "learning_objectives": ["Trade across issues"],
        "background": "PUBLIC BACKGROUND",
        "delegations": [
            {
                "key": key,
                "name": key.title(),
                "kind": "funder" if key == "fund" else "country",
                "country": {"north": "JO", "south": "EG"}.get(key, ""),
                "batna": 20,
                "brief": f"BRIEF {key}",
                "scientist_notes": f"SCI {key}",
            }
            for key in delegations
        ],
        "issues": [
            {"key": key, "title": key.title(), "options": [{"key": o, "label": o.title()} for o in options]}
            for key, options in issues.items()
        ],
        "scores": {
            d: {i: {o: 5 * n + k for n, o in enumerate(opts)} for i, opts in issues.items()}
            for k, d in enumerate(delegations)
        },
        "decision_rule": {"type": "k_of_n", "k": 3, "required": ["north"], "veto": ["fund"]},
        "debrief_questions": ["What worked?"],
        "rounds": [
            {"key": "opening", "title": "Opening", "minutes": 10, "actions": ["statement"]},
            {"key": "vote", "title": "Vote", "minutes": 5, "actions": ["vote"]},
        ],
        "injects": [{"round": "opening", "after_minutes": 5, "title": "News", "body": "Sanctions."}],
    }


def write(tmp_path, data, name="scenario.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def errors_for(tmp_path, data):
    with pytest.raises(ScenarioFileError) as excinfo:
        load_scenario_file(write(tmp_path, data))
    assert not Scenario.objects.exists(), "a broken file must load nothing"
    return "\n".join(excinfo.value.errors)


def test_load_scenario_file_saves_everything(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))

    assert scenario.slug == "test-synchrotron" and scenario.source_file == "scenario.yaml"
    assert scenario.delegations.count() == 4
    assert Option.objects.filter(issue__scenario=scenario).count() == 7
    assert Score.objects.filter(delegation__scenario=scenario).count() == 28
    north = scenario.delegations.get(key="north")
    assert (north.country.code, north.is_required, north.has_veto) == ("JO", True, False)
    assert scenario.delegations.get(key="fund").has_veto
    assert (scenario.decision_rule, scenario.decision_k) == ("k_of_n", 3)
    assert list(scenario.rounds.values_list("key", "minutes")) == [("opening", 10), ("vote", 5)]
    assert scenario.injects[0]["title"] == "News"


def test_load_scenario_file_again_updates_in_place(tmp_path):
    first = load_scenario_file(write(tmp_path, valid_scenario()))
    north_pk = first.delegations.get(key="north").pk
    data = valid_scenario()
    data["title"] = "Renamed"
    data["delegations"][0]["batna"] = 33

    second = load_scenario_file(write(tmp_path, data))

    assert second.pk == first.pk and second.title == "Renamed"
    assert Delegation.objects.get(pk=north_pk).batna == 33


def test_broken_file_leaves_existing_scenario_unchanged(tmp_path):
    load_scenario_file(write(tmp_path, valid_scenario()))
    data = valid_scenario()
    data["title"] = "Changed"
    del data["scores"]["north"]["budget"]["gdp"]

    with pytest.raises(ScenarioFileError):
        load_scenario_file(write(tmp_path, data))

    assert Scenario.objects.get().title == "A shared synchrotron"


def _break(change):
    data = valid_scenario()
    change(data)
    return data


BROKEN = {
    "missing score": (
        lambda d: d["scores"]["south"]["budget"].pop("gdp"),
        "scenario.yaml: delegation “south”: issue “budget”: missing score for option “gdp”",
    ),
    "missing issue scores": (
        lambda d: d["scores"]["east"].pop("energy"),
        "delegation “east”: issue “energy”: scores are missing",
    ),
    "delegation without scores": (lambda d: d["scores"].pop("fund"), "delegation “fund”: has no scores"),
    "scores for unknown delegation": (
        lambda d: d["scores"].__setitem__("west", {}),
        "scores: unknown delegation “west”",
    ),
    "score for unknown option": (
        lambda d: d["scores"]["north"]["access"].__setitem__("lottery", 3),
        "issue “access”: score for unknown option “lottery”",
    ),
    "score not a number": (
        lambda d: d["scores"]["north"]["access"].__setitem__("merit", "high"),
        "score for option “merit” must be a whole number",
    ),
    "duplicated option": (
        lambda d: d["issues"][1]["options"].append({"key": "merit", "label": "Again"}),
        "issue “access”: option #3: duplicated option “merit”",
    ),
    "duplicated delegation": (
        lambda d: d["delegations"].append(copy.deepcopy(d["delegations"][0])),
        "duplicated delegation “north”",
    ),
    "too few options": (
        lambda d: d["issues"][1].__setitem__("options", [{"key": "merit", "label": "Merit"}]),
        "issue “access”: needs 2–6 options, has 1",
    ),
    "too many options": (
        lambda d: d["issues"][1].__setitem__("options", [{"key": f"o{i}", "label": "O"} for i in range(7)]),
        "issue “access”: needs 2–6 options, has 7",
    ),
    "too few delegations": (lambda d: d.__setitem__("delegations", d["delegations"][:2]), "needs 3–8 delegations"),
    "too few issues": (lambda d: d.__setitem__("issues", d["issues"][:2]), "needs 3–5 issues, has 2"),
    "rule names unknown delegation": (
        lambda d: d["decision_rule"].__setitem__("required", ["north", "atlantis"]),
        "decision_rule: “required” names unknown delegation “atlantis”",
    ),
    "veto names unknown delegation": (
        lambda d: d["decision_rule"].__setitem__("veto", ["nobody"]),
        "“veto” names unknown delegation “nobody”",
    ),
    "k out of range": (lambda d: d["decision_rule"].__setitem__("k", 9), "k must be a whole number from 1 to 4"),
    "unknown rule type": (lambda d: d["decision_rule"].__setitem__("type", "majority"), "type 'majority'"),
    "missing batna": (lambda d: d["delegations"][2].pop("batna"), "delegation “east”: “batna”"),
    "missing brief": (lambda d: d["delegations"][1].pop("brief"), "delegation “south”: “brief” is missing"),
    "bad country": (lambda d: d["delegations"][0].__setitem__("country", "XX"), "country 'XX' is not an ISO"),
    "unknown category": (lambda d: d.__setitem__("category", "science_for_fun"), "category 'science_for_fun'"),
    "wrong schema version": (lambda d: d.__setitem__("schema_version", 2), "schema_version must be 1"),
    "bad slug": (lambda d: d.__setitem__("slug", "Bad Slug"), "slug 'Bad Slug'"),
    "unknown field": (lambda d: d.__setitem__("backgruond", "x"), "unknown field “backgruond”"),
    "unknown round action": (lambda d: d["rounds"][0]["actions"].append("dance"), "unknown action 'dance'"),
    "round minutes": (lambda d: d["rounds"][0].__setitem__("minutes", 0), "round “opening”: minutes"),
    "inject unknown round": (
        lambda d: d["injects"][0].__setitem__("round", "lunch"),
        "inject #1: round 'lunch' is not a round key",
    ),
    "missing background": (lambda d: d.pop("background"), "“background” is missing"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_scenario_file_gives_precise_error(tmp_path, kind):
    change, expected = BROKEN[kind]

    message = errors_for(tmp_path, _break(change))

    assert expected in message


def test_invalid_yaml_names_line(tmp_path):
    message = errors_for(tmp_path, "slug: a\ntitle: [unclosed\n")
    assert "scenario.yaml: not valid YAML at line" in message


def test_every_problem_is_reported_at_once(tmp_path):
    data = valid_scenario()
    data["scores"]["south"]["budget"].pop("gdp")
    data["decision_rule"]["veto"] = ["atlantis"]

    message = errors_for(tmp_path, data)

    assert "missing score" in message and "atlantis" in message


def test_removing_a_seated_delegation_is_refused(tmp_path):
    scenario = load_scenario_file(write(tmp_path, valid_scenario()))
    run = make_run(scenario=scenario)

    SeatFactory(run=run, delegation=scenario.delegations.get(key="east"), pair__course=run.course)
    data = valid_scenario()
    data["delegations"] = [d for d in data["delegations"] if d["key"] != "east"]
    data["scores"].pop("east")

    with pytest.raises(ScenarioFileError, match="used by existing runs"):
        load_scenario_file(write(tmp_path, data))
    assert scenario.delegations.filter(key="east").exists()


def test_load_directory_loads_good_files_and_reports_broken_ones(tmp_path):
    write(tmp_path, valid_scenario(), "good.yaml")
    broken = valid_scenario()
    broken["slug"] = "broken-one"
    broken["scores"]["north"]["budget"].pop("gdp")
    write(tmp_path, broken, "broken.yaml")

    report = load_scenario_directory(tmp_path)

    assert [s.slug for s in report.loaded] == ["test-synchrotron"]
    assert report.errors and all(e.startswith("broken.yaml: ") for e in report.errors)
    assert not Scenario.objects.filter(slug="broken-one").exists()


def test_load_scenarios_command_fails_on_broken_file(tmp_path, capsys):
    write(tmp_path, "schema_version: 1\n", "bad.yaml")

    with pytest.raises(CommandError, match="problem"):
        call_command("load_scenarios", str(tmp_path))
    assert "bad.yaml" in capsys.readouterr().err


def test_shipped_scenario_files_are_valid():
    report = load_scenario_directory(FIXTURES)

    assert report.errors == []
    assert len(report.loaded) >= 1
