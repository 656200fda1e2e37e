"""Every scenario file in fixtures/scenarios/ is well formed (schema v1) and has real integrative potential.

Reads the files with yaml.safe_load on purpose, independently of the loader, so the fixtures are checked
against docs/scenarios.md and against the analysis even while the loader changes.
"""

import re
from pathlib import Path

import pytest
import yaml

from simulations.analysis import analyse_sheet, sheet_from_scenario_dict

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios"
FILES = sorted(SCENARIO_DIR.glob("*.yaml"))
CATEGORIES = {"diplomacy_for_science", "science_for_diplomacy", "science_in_diplomacy"}
KINDS = {"country", "intergovernmental", "funder", "scientific", "civil_society", "other"}
ACTIONS = {"statement", "caucus", "floor", "propose", "amend", "support", "vote"}
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def load(path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(params=FILES, ids=[path.stem for path in FILES])
def scenario(request):
    return request.param, load(request.param)


def test_scenario_header_is_schema_v1(scenario):
    path, data = scenario
    assert data["schema_version"] == 1
    assert SLUG.match(data["slug"]) and data["slug"] == path.stem
    assert data["category"] in CATEGORIES
    for text in ("title", "real_case", "background"):
        assert isinstance(data[text], str) and data[text].strip(), text
    assert len(data["background"]) > 600, "the public brief should be rich enough to negotiate from"
    assert data["learning_objectives"] and all(isinstance(o, str) for o in data["learning_objectives"])
    assert data["debrief_questions"] and all(isinstance(q, str) for q in data["debrief_questions"])


def test_scenario_delegations_have_briefs_and_batnas(scenario):
    _, data = scenario
    delegations = data["delegations"]
    assert 3 <= len(delegations) <= 8
    keys = [d["key"] for d in delegations]
    assert len(set(keys)) == len(keys)
    for delegation in delegations:
        assert KEY.match(delegation["key"]), delegation["key"]
        assert delegation["name"].strip()
        assert delegation["kind"] in KINDS
        if "country" in delegation:
            assert re.fullmatch(r"[A-Z]{2}", delegation["country"]), delegation["key"]
        assert isinstance(delegation["batna"], int | float)
        assert len(delegation["brief"]) > 400, (
            f"{delegation['key']}: the confidential brief explains interests in words"
        )
        for notes in ("scientist_notes", "policymaker_notes"):
            assert notes not in delegation or delegation[notes].strip()
    assert len({d["brief"] for d in delegations}) == len(delegations)


def test_scenario_issues_and_complete_scores(scenario):
    _, data = scenario
    issues = data["issues"]
    assert 3 <= len(issues) <= 5
    assert len({i["key"] for i in issues}) == len(issues)
    for issue in issues:
        assert KEY.match(issue["key"]) and issue["title"].strip()
        options = [o["key"] for o in issue["options"]]
        assert 2 <= len(options) <= 6, issue["key"]
        assert len(set(options)) == len(options), issue["key"]
        assert all(KEY.match(o) for o in options) and all(o["label"].strip() for o in issue["options"])
    scores = data["scores"]
    assert set(scores) == {d["key"] for d in data["delegations"]}
    for delegation, by_issue in scores.items():
        assert set(by_issue) == {i["key"] for i in issues}, delegation
        for issue in issues:
            by_option = by_issue[issue["key"]]
            assert set(by_option) == {o["key"] for o in issue["options"]}, (delegation, issue["key"])
            assert all(isinstance(v, int | float) and v >= 0 for v in by_option.values()), (delegation, issue["key"])


def test_scenario_decision_rule_names_known_delegations(scenario):
    _, data = scenario
    rule = data["decision_rule"]
    keys = {d["key"] for d in data["delegations"]}
    assert rule["type"] in {"unanimity", "k_of_n"}
    if rule["type"] == "k_of_n":
        assert 1 <= rule["k"] <= len(keys)
    assert set(rule.get("required", [])) <= keys
    assert set(rule.get("veto", [])) <= keys


def test_scenario_rounds_and_injects(scenario):
    _, data = scenario
    rounds = data["rounds"]
    assert len({r["key"] for r in rounds}) == len(rounds)
    for round_ in rounds:
        assert KEY.match(round_["key"]) and round_["title"].strip()
        assert isinstance(round_["minutes"], int) and round_["minutes"] > 0
        assert round_["actions"] and set(round_["actions"]) <= ACTIONS, round_["key"]
    assert "vote" in rounds[-1]["actions"]
    minutes = {r["key"]: r["minutes"] for r in rounds}
    for inject in data.get("injects") or []:
        assert inject["round"] in minutes
        assert 0 <= inject["after_minutes"] < minutes[inject["round"]]
        assert inject["title"].strip() and inject["body"].strip()


def test_scenario_has_integrative_potential(scenario):
    _, data = scenario
    sheet = sheet_from_scenario_dict(data)
    summary = analyse_sheet(sheet)
    assert summary.zone_size > 0, "the zone of agreement is empty"
    assert summary.zone_size < summary.package_count / 2, "the zone of agreement is trivially large"
    assert summary.agreement_frontier_size > 1, "the frontier within the zone of agreement is a single point"
    assert summary.self_serving_winners == (), "these delegations could get their own best package adopted"
    assert summary.best_achievable_joint_gain is not None


def test_scenario_scores_total_about_100_with_meaningful_batnas(scenario):
    _, data = scenario
    sheet = sheet_from_scenario_dict(data)
    space = sheet.space
    for column, delegation in enumerate(sheet.delegations):
        best, worst = space.scores[:, column].max(), space.scores[:, column].min()
        assert 80 <= best <= 100, delegation
        assert worst < sheet.batna[delegation] < best, delegation


def test_scenario_files_cover_six_scenarios_and_every_category():
    scenarios = [load(path) for path in FILES]
    assert len(scenarios) >= 6
    assert {s["category"] for s in scenarios} == CATEGORIES
    slugs = [s["slug"] for s in scenarios]
    assert len(set(slugs)) == len(slugs)


def test_scenario_files_use_a_mix_of_decision_rules():
    rules = [load(path)["decision_rule"] for path in FILES]
    assert any(r["type"] == "unanimity" for r in rules)
    assert any(r["type"] == "k_of_n" and r.get("required") for r in rules)
    assert any(r["type"] == "k_of_n" and r.get("veto") for r in rules)
    assert any(load(path).get("injects") for path in FILES)
