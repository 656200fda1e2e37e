"""Existing data moves forward without loss: every scenario gets version 1 (as stored now) and every existing run
is pinned to it. The content builder is a frozen copy of domain.scenarios.scenario_as_file_data as of this
migration, so later changes to that function cannot change what this migration wrote."""

import hashlib
import json

from django.db import migrations


def _content(scenario, Score):
    delegations = list(scenario.delegations.order_by("position", "pk"))
    issues = list(scenario.issues.order_by("position", "pk"))
    scores = {}
    for delegation_key, issue_key, option_key, points in Score.objects.filter(
        delegation__scenario=scenario
    ).values_list("delegation__key", "option__issue__key", "option__key", "points"):
        scores.setdefault(delegation_key, {}).setdefault(issue_key, {})[option_key] = points
    rule = {"type": scenario.decision_rule}
    if scenario.decision_rule == "k_of_n":
        rule["k"] = scenario.decision_k
        rule["required"] = [d.key for d in delegations if d.is_required]
        rule["veto"] = [d.key for d in delegations if d.has_veto]
    elif any(d.is_required or d.has_veto for d in delegations):
        rule["required"] = [d.key for d in delegations if d.is_required]
        rule["veto"] = [d.key for d in delegations if d.has_veto]
    return {
        "schema_version": 1,
        "slug": scenario.slug,
        "title": scenario.title,
        "category": scenario.category,
        "real_case": scenario.real_case,
        "learning_objectives": scenario.learning_objectives,
        "background": scenario.background,
        "delegations": [
            {
                "key": d.key,
                "name": d.name,
                "kind": d.kind,
                **({"country": str(d.country)} if d.country else {}),
                "batna": d.batna,
                "brief": d.brief,
                **({"scientist_notes": d.scientist_notes} if d.scientist_notes else {}),
                **({"policymaker_notes": d.policymaker_notes} if d.policymaker_notes else {}),
            }
            for d in delegations
        ],
        "issues": [
            {
                "key": i.key,
                "title": i.title,
                **({"description": i.description} if i.description else {}),
                "options": [{"key": o.key, "label": o.label} for o in i.options.order_by("position", "pk")],
            }
            for i in issues
        ],
        "scores": {d.key: scores.get(d.key, {}) for d in delegations},
        "decision_rule": rule,
        "debrief_questions": scenario.debrief_questions,
        "rounds": [
            {"key": r.key, "title": r.title, "minutes": r.minutes, "instructions": r.instructions, "actions": r.actions}
            for r in scenario.rounds.order_by("position", "pk")
        ],
        "injects": scenario.injects or [],
    }


def pin(apps, schema_editor):
    Scenario = apps.get_model("simulations", "Scenario")
    ScenarioVersion = apps.get_model("simulations", "ScenarioVersion")
    Score = apps.get_model("simulations", "Score")
    Run = apps.get_model("simulations", "Run")
    for scenario in Scenario.objects.all():
        content = _content(scenario, Score)
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
        version = ScenarioVersion.objects.create(scenario=scenario, number=1, content=content, digest=digest)
        Run.objects.filter(scenario=scenario, scenario_version__isnull=True).update(scenario_version=version)


class Migration(migrations.Migration):
    dependencies = [("simulations", "0005_scenario_versions")]

    operations = [migrations.RunPython(pin, migrations.RunPython.noop)]
