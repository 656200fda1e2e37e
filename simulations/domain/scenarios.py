"""Loading scenario YAML files (docs/scenarios.md, schema version 1) into the database.

Validation collects every problem in a file, each naming the file, the delegation, the issue and what is
wrong. A file with any problem loads nothing; a valid file is saved in one transaction.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django_countries import countries

from simulations.domain.errors import ScenarioFileError
from simulations.enums import DecisionRuleType, DelegationKind, RoundAction, ScenarioCategory
from simulations.models import Delegation, Issue, Option, Scenario, ScenarioRound, ScenarioVersion, Score

SCHEMA_VERSION = 1
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DELEGATIONS_RANGE = (3, 8)
ISSUES_RANGE = (3, 5)
OPTIONS_RANGE = (2, 6)
MAX_ROUNDS = 20
MAX_ROUND_MINUTES = 180

TOP_LEVEL_KEYS = {
    "schema_version",
    "slug",
    "title",
    "category",
    "real_case",
    "learning_objectives",
    "background",
    "delegations",
    "issues",
    "scores",
    "decision_rule",
    "debrief_questions",
    "rounds",
    "injects",
}
DELEGATION_KEYS = {"key", "name", "kind", "country", "batna", "brief", "scientist_notes", "policymaker_notes"}
ISSUE_KEYS = {"key", "title", "description", "options"}
OPTION_KEYS = {"key", "label"}
RULE_KEYS = {"type", "k", "required", "veto"}
ROUND_KEYS = {"key", "title", "minutes", "instructions", "actions"}
INJECT_KEYS = {"round", "after_minutes", "title", "body"}


@dataclass
class _Checker:
    source: str
    errors: list = field(default_factory=list)

    def error(self, *where_and_what):
        self.errors.append(": ".join([self.source, *where_and_what]))

    def text(self, data, name, where, required=True):
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(*where, f"“{name}” is missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(*where, f"“{name}” must be text")
            return ""
        return str(value).strip()

    def text_list(self, data, name, where):
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(*where, f"“{name}” must be a list of non-empty texts")
            return []
        return [v.strip() for v in value]

    def unknown_keys(self, data, allowed, where):
        for key in sorted(set(data) - allowed, key=str):
            self.error(*where, f"unknown field “{key}” (allowed: {', '.join(sorted(allowed))})")

    def whole_number(self, value, where, what):
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(*where, f"{what} must be a whole number, got {value!r}")
            return None
        if isinstance(value, float) and not value.is_integer():
            self.error(*where, f"{what} must be a whole number, got {value}")
            return None
        return int(value)

    def key(self, data, where, seen, kind):
        key = data.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            self.error(*where, f"{kind} key {key!r} must be lowercase letters, digits, - or _")
            return None
        if key in seen:
            self.error(*where, f"duplicated {kind} “{key}”")
            return None
        seen.add(key)
        return key

    def list_of_mappings(self, data, name, where, count_range=None):
        value = data.get(name)
        if value is None:
            if count_range:
                self.error(*where, f"“{name}” is missing")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(*where, f"“{name}” must be a list of entries")
            return []
        if count_range and not count_range[0] <= len(value) <= count_range[1]:
            self.error(*where, f"needs {count_range[0]}–{count_range[1]} {name}, has {len(value)}")
        return value


def validate_scenario(data, source="<scenario>"):
    """Check a parsed scenario file. Returns a clean dict; raises ScenarioFileError listing every problem."""
    c = _Checker(source)
    if not isinstance(data, dict):
        raise ScenarioFileError(source, [f"{source}: the file must be a mapping of fields (see docs/scenarios.md)"])
    c.unknown_keys(data, TOP_LEVEL_KEYS, [])
    if data.get("schema_version") != SCHEMA_VERSION:
        c.error(f"schema_version must be {SCHEMA_VERSION}, got {data.get('schema_version')!r}")
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug):
        c.error(f"slug {slug!r} must be lowercase letters and digits separated by hyphens")
    clean = {
        "slug": slug,
        "title": c.text(data, "title", []),
        "real_case": c.text(data, "real_case", []),
        "background": c.text(data, "background", []),
        "learning_objectives": c.text_list(data, "learning_objectives", []),
        "debrief_questions": c.text_list(data, "debrief_questions", []),
    }
    if data.get("category") not in ScenarioCategory.values:
        c.error(f"category {data.get('category')!r} must be one of {', '.join(ScenarioCategory.values)}")
    clean["category"] = data.get("category")

    clean["delegations"] = _delegations(c, data)
    clean["issues"] = _issues(c, data)
    delegation_keys = [d["key"] for d in clean["delegations"] if d["key"]]
    clean["scores"] = _scores(c, data, delegation_keys, clean["issues"])
    clean["rule"] = _rule(c, data, delegation_keys)
    clean["rounds"] = _rounds(c, data)
    clean["injects"] = _injects(c, data, {r["key"]: r["minutes"] for r in clean["rounds"] if r["key"]})
    if c.errors:
        raise ScenarioFileError(source, c.errors)
    return clean


def _delegations(c, data):
    seen, result = set(), []
    for index, entry in enumerate(c.list_of_mappings(data, "delegations", [], DELEGATIONS_RANGE), start=1):
        key = c.key(entry, [f"delegation #{index}"], seen, "delegation")
        where = [f"delegation “{key or index}”"]
        c.unknown_keys(entry, DELEGATION_KEYS, where)
        kind = entry.get("kind", DelegationKind.COUNTRY)
        if kind not in DelegationKind.values:
            c.error(*where, f"kind {kind!r} must be one of {', '.join(DelegationKind.values)}")
        country = entry.get("country") or ""
        if country and (not isinstance(country, str) or not countries.alpha2(country.upper())):
            c.error(*where, f"country {country!r} is not an ISO 3166 code such as JO or CH")
            country = ""
        batna = entry.get("batna")
        if batna is None:
            c.error(*where, "“batna” (walk-away score) is missing")
        else:
            batna = c.whole_number(batna, where, "batna")
        result.append(
            {
                "key": key,
                "name": c.text(entry, "name", where),
                "kind": kind,
                "country": country.upper() if isinstance(country, str) else "",
                "batna": batna,
                "brief": c.text(entry, "brief", where),
                "scientist_notes": c.text(entry, "scientist_notes", where, required=False),
                "policymaker_notes": c.text(entry, "policymaker_notes", where, required=False),
            }
        )
    return result


def _issues(c, data):
    seen, result = set(), []
    for index, entry in enumerate(c.list_of_mappings(data, "issues", [], ISSUES_RANGE), start=1):
        key = c.key(entry, [f"issue #{index}"], seen, "issue")
        where = [f"issue “{key or index}”"]
        c.unknown_keys(entry, ISSUE_KEYS, where)
        option_keys, options = set(), []
        for o_index, option in enumerate(c.list_of_mappings(entry, "options", where, OPTIONS_RANGE), start=1):
            o_key = c.key(option, [*where, f"option #{o_index}"], option_keys, "option")
            c.unknown_keys(option, OPTION_KEYS, [*where, f"option “{o_key or o_index}”"])
            options.append({"key": o_key, "label": c.text(option, "label", [*where, f"option “{o_key or o_index}”"])})
        result.append(
            {
                "key": key,
                "title": c.text(entry, "title", where),
                "description": c.text(entry, "description", where, required=False),
                "options": options,
            }
        )
    return result


def _scores(c, data, delegation_keys, issues):
    sheet = data.get("scores")
    if not isinstance(sheet, dict):
        c.error("“scores” is missing: give every delegation points for every option of every issue")
        return {}
    for key in sorted(set(sheet) - set(delegation_keys), key=str):
        c.error("scores", f"unknown delegation “{key}”")
    clean = {}
    for d_key in delegation_keys:
        by_issue = sheet.get(d_key)
        if not isinstance(by_issue, dict):
            c.error(f"delegation “{d_key}”", "has no scores")
            continue
        issue_keys = {i["key"] for i in issues if i["key"]}
        for key in sorted(set(by_issue) - issue_keys, key=str):
            c.error(f"delegation “{d_key}”", f"scores name unknown issue “{key}”")
        for issue in issues:
            if not issue["key"]:
                continue
            where = [f"delegation “{d_key}”", f"issue “{issue['key']}”"]
            points = by_issue.get(issue["key"])
            if not isinstance(points, dict):
                c.error(*where, "scores are missing for this issue")
                continue
            option_keys = [o["key"] for o in issue["options"] if o["key"]]
            for key in sorted(set(points) - set(option_keys), key=str):
                c.error(*where, f"score for unknown option “{key}”")
            for o_key in option_keys:
                if o_key not in points:
                    c.error(*where, f"missing score for option “{o_key}”")
                    continue
                value = c.whole_number(points[o_key], where, f"score for option “{o_key}”")
                if value is not None:
                    clean[(d_key, issue["key"], o_key)] = value
    return clean


def _rule(c, data, delegation_keys):
    rule = data.get("decision_rule")
    if not isinstance(rule, dict):
        c.error("“decision_rule” is missing (type: unanimity or k_of_n)")
        return {"type": DecisionRuleType.UNANIMITY, "k": None, "required": [], "veto": []}
    c.unknown_keys(rule, RULE_KEYS, ["decision_rule"])
    kind = rule.get("type")
    clean = {"type": kind, "k": None, "required": [], "veto": []}
    if kind not in DecisionRuleType.values:
        c.error("decision_rule", f"type {kind!r} must be one of {', '.join(DecisionRuleType.values)}")
    for name in ("required", "veto"):
        names = rule.get(name) or []
        if not isinstance(names, list):
            c.error("decision_rule", f"“{name}” must be a list of delegation keys")
            continue
        if names and kind == DecisionRuleType.UNANIMITY:
            c.error("decision_rule", f"“{name}” only applies to k_of_n (unanimity already needs everyone)")
        for key in names:
            if key not in delegation_keys:
                c.error("decision_rule", f"“{name}” names unknown delegation “{key}”")
        clean[name] = [k for k in names if k in delegation_keys]
    if kind == DecisionRuleType.K_OF_N:
        k = rule.get("k")
        if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= len(delegation_keys):
            c.error("decision_rule", f"k must be a whole number from 1 to {len(delegation_keys)}, got {k!r}")
        else:
            clean["k"] = k
    elif rule.get("k") is not None:
        c.error("decision_rule", "k only applies to k_of_n")
    return clean


def _rounds(c, data):
    seen, result = set(), []
    for index, entry in enumerate(c.list_of_mappings(data, "rounds", [], (1, MAX_ROUNDS)), start=1):
        key = c.key(entry, [f"round #{index}"], seen, "round")
        where = [f"round “{key or index}”"]
        c.unknown_keys(entry, ROUND_KEYS, where)
        minutes = entry.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_ROUND_MINUTES:
            c.error(*where, f"minutes must be a whole number from 1 to {MAX_ROUND_MINUTES}, got {minutes!r}")
            minutes = None
        actions = entry.get("actions") or []
        if not isinstance(actions, list):
            c.error(*where, "“actions” must be a list")
            actions = []
        for action in actions:
            if action not in RoundAction.values:
                c.error(*where, f"unknown action {action!r} (allowed: {', '.join(RoundAction.values)})")
        result.append(
            {
                "key": key,
                "title": c.text(entry, "title", where),
                "minutes": minutes,
                "instructions": c.text(entry, "instructions", where, required=False),
                "actions": [a for a in actions if a in RoundAction.values],
            }
        )
    return result


def _injects(c, data, round_minutes):
    result = []
    for index, entry in enumerate(c.list_of_mappings(data, "injects", []), start=1):
        where = [f"inject #{index}"]
        c.unknown_keys(entry, INJECT_KEYS, where)
        round_key = entry.get("round")
        if round_key not in round_minutes:
            c.error(*where, f"round {round_key!r} is not a round key of this scenario")
        after = entry.get("after_minutes", 0)
        if isinstance(after, bool) or not isinstance(after, int | float) or after < 0:
            c.error(*where, f"after_minutes must be a number of minutes ≥ 0, got {after!r}")
        elif round_minutes.get(round_key) is not None and after >= round_minutes[round_key]:
            c.error(*where, f"after_minutes ({after}) must fall within round “{round_key}”")
        result.append(
            {
                "round": round_key,
                "after_minutes": after,
                "title": c.text(entry, "title", where),
                "body": c.text(entry, "body", where),
            }
        )
    return result


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a mapping with the same key twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:  # an unhashable key: let PyYAML say what is wrong with it
                continue
            if first is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"the key “{key}” appears twice in the same mapping (first at line {first.line + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


def read_scenario_file(path):
    """Parse and validate one file; returns the clean dict or raises ScenarioFileError."""
    path = Path(path)
    source = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except OSError as exc:
        raise ScenarioFileError(source, [f"{source}: cannot read the file ({exc.strerror})"])
    except UnicodeDecodeError:
        raise ScenarioFileError(source, [f"{source}: the file is not UTF-8 text"])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioFileError(source, [f"{source}: not valid YAML{where}: {problem}"])
    return validate_scenario(data, source)


def load_scenario_file(path):
    """Validate one file and save it (create or update by slug) in one transaction. Returns the Scenario."""
    clean = read_scenario_file(path)
    return save_scenario(clean, source_file=Path(path).name)


@transaction.atomic
def save_scenario(clean, source_file=""):
    """Save a validated scenario. Existing rows are updated by key, so runs keep pointing at them; what a run
    plays is its pinned ScenarioVersion, so the scores rewritten here never change an existing run."""
    required, veto = set(clean["rule"]["required"]), set(clean["rule"]["veto"])
    scenario, _ = Scenario.objects.update_or_create(
        slug=clean["slug"],
        defaults={
            "title": clean["title"],
            "category": clean["category"],
            "real_case": clean["real_case"],
            "learning_objectives": clean["learning_objectives"],
            "background": clean["background"],
            "decision_rule": clean["rule"]["type"],
            "decision_k": clean["rule"]["k"],
            "debrief_questions": clean["debrief_questions"],
            "injects": clean["injects"],
            "schema_version": SCHEMA_VERSION,
            "source_file": source_file,
        },
    )
    delegations = {}
    for position, d in enumerate(clean["delegations"]):
        delegations[d["key"]], _ = Delegation.objects.update_or_create(
            scenario=scenario,
            key=d["key"],
            defaults={
                **{k: v for k, v in d.items() if k != "key"},
                "is_required": d["key"] in required,
                "has_veto": d["key"] in veto,
                "position": position,
            },
        )
    _delete_missing(scenario.delegations.exclude(key__in=delegations), source_file, "delegation")
    options = {}
    issue_keys = []
    for position, i in enumerate(clean["issues"]):
        issue, _ = Issue.objects.update_or_create(
            scenario=scenario,
            key=i["key"],
            defaults={"title": i["title"], "description": i["description"], "position": position},
        )
        issue_keys.append(i["key"])
        for o_position, o in enumerate(i["options"]):
            options[(i["key"], o["key"])], _ = Option.objects.update_or_create(
                issue=issue, key=o["key"], defaults={"label": o["label"], "position": o_position}
            )
        _delete_missing(issue.options.exclude(key__in=[o["key"] for o in i["options"]]), source_file, "option")
    _delete_missing(scenario.issues.exclude(key__in=issue_keys), source_file, "issue")
    Score.objects.filter(delegation__scenario=scenario).delete()
    Score.objects.bulk_create(
        Score(delegation=delegations[d_key], option=options[(i_key, o_key)], points=points)
        for (d_key, i_key, o_key), points in clean["scores"].items()
    )
    scenario.rounds.all().delete()
    ScenarioRound.objects.bulk_create(
        ScenarioRound(scenario=scenario, position=position, **r) for position, r in enumerate(clean["rounds"])
    )
    snapshot_scenario(scenario)  # a new version if anything changed; runs keep the version they pinned
    return scenario


def _delete_missing(queryset, source, kind):
    try:
        queryset.delete()
    except ProtectedError:
        names = ", ".join(sorted(str(getattr(o, "key", o)) for o in queryset))
        raise ScenarioFileError(source, [f"{source}: {kind} {names} is used by existing runs and cannot be removed"])


@dataclass
class LoadReport:
    loaded: list = field(default_factory=list)
    errors: list = field(default_factory=list)


def load_scenario_directory(directory):
    """Load every *.yaml/*.yml file; each file loads entirely or not at all, independently of the others."""
    report = LoadReport()
    for path in sorted([*Path(directory).glob("*.yaml"), *Path(directory).glob("*.yml")]):
        try:
            report.loaded.append(load_scenario_file(path))
        except ScenarioFileError as exc:
            report.errors.extend(exc.errors)
    return report


# --- Checking a scenario as stored (after an edit in admin) ----------------------------------------------


def scenario_as_file_data(scenario):
    """A stored scenario in the file schema (docs/scenarios.md), so edits made in admin get the same checks."""
    delegations = list(scenario.delegations.order_by("position", "pk"))
    issues = list(scenario.issues.order_by("position", "pk").prefetch_related("options"))
    scores = {}
    for delegation_key, issue_key, option_key, points in Score.objects.filter(
        delegation__scenario=scenario
    ).values_list("delegation__key", "option__issue__key", "option__key", "points"):
        scores.setdefault(delegation_key, {}).setdefault(issue_key, {})[option_key] = points
    rule = {"type": scenario.decision_rule}
    if scenario.decision_rule == DecisionRuleType.K_OF_N:
        rule["k"] = scenario.decision_k
        rule["required"] = [d.key for d in delegations if d.is_required]
        rule["veto"] = [d.key for d in delegations if d.has_veto]
    elif any(d.is_required or d.has_veto for d in delegations):
        rule["required"] = [d.key for d in delegations if d.is_required]
        rule["veto"] = [d.key for d in delegations if d.has_veto]
    return {
        "schema_version": SCHEMA_VERSION,
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
                **({"country": d.country.code} if d.country else {}),
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
                "options": [{"key": o.key, "label": o.label} for o in i.options.all()],
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


# --- Versions (simulations.domain.versions reads them) -----------------------------------------------------


def _digest(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def latest_version(scenario):
    return ScenarioVersion.objects.filter(scenario_id=scenario.pk).order_by("-number").first()


def snapshot_scenario(scenario):
    """The scenario's current version: the latest one if the stored scenario is unchanged, else a new one
    (called after a file is loaded, after an admin edit and when a run is created)."""
    content = scenario_as_file_data(scenario)
    digest = _digest(content)
    for _ in range(3):
        latest = latest_version(scenario)
        if latest is not None and latest.digest == digest:
            return latest
        number = (latest.number if latest else 0) + 1
        try:
            with transaction.atomic():
                return ScenarioVersion.objects.create(scenario=scenario, number=number, content=content, digest=digest)
        except IntegrityError:  # another process made the same number first: read again
            continue
    raise RuntimeError(f"Could not record a version of scenario {scenario.slug}.")


def scenario_problems(scenario):
    """Every problem of a stored scenario, worded as for a file (named after the scenario's slug); [] if none."""
    try:
        validate_scenario(scenario_as_file_data(scenario), source=f"scenario “{scenario.slug}”")
    except ScenarioFileError as exc:
        return exc.errors
    return []
