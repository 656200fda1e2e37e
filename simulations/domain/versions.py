"""Scenario versions: a run plays the scenario it started with.

A ScenarioVersion is an immutable copy of a scenario in the file schema (``scenario_as_file_data``). Loading a
file or editing in admin calls ``snapshot_scenario``, which adds a version only when the content changed; a new
run pins the scenario's current version (``create_run``). Everything that scores a run (outcome, debrief,
charts, exports, bots, the room's points) reads the run's version through ``run_sheet``/``run_content``, never
the scenario's live rows, so a later change of scores cannot redraw a finished table or move a running one.
"""

from types import SimpleNamespace

from django.db.models import Max

from simulations import analysis
from simulations.domain.scenarios import latest_version, scenario_as_file_data, snapshot_scenario
from simulations.enums import OVER_STATES
from simulations.models import Run, ScenarioVersion


def runs_keeping_older_versions(scenario):
    """Runs not over that play an older version than the scenario's latest: [(run, version number)]."""
    latest = ScenarioVersion.objects.filter(scenario_id=scenario.pk).aggregate(m=Max("number"))["m"]
    if latest is None:
        return []
    runs = (
        Run.objects.filter(scenario_id=scenario.pk, scenario_version__number__lt=latest)
        .exclude(state__in=OVER_STATES)
        .select_related("scenario_version", "course")
        .order_by("course_id", "name")
    )
    return [(run, run.scenario_version.number) for run in runs]


def run_content(run):
    """The scenario content the run plays (its pinned version; the live scenario for a run without one)."""
    cached = getattr(run, "_scenario_content", None)
    if cached is not None:
        return cached
    content = None
    if run.scenario_version_id:
        content = ScenarioVersion.objects.filter(pk=run.scenario_version_id).values_list("content", flat=True).first()
    if content is None:
        content = scenario_as_file_data(run.scenario)
    run._scenario_content = content
    return content


def sheet_of_content(content):
    """The analysis.ScoringSheet of a version's content, with the required parties and vetoes of its rule."""
    return analysis.sheet_from_scenario_dict(content)


def run_sheet(run):
    """The scoring sheet of the run's own scenario version."""
    return sheet_of_content(run_content(run))


def version_label(run):
    """ "v2" for a run pinned to version 2 (reads nothing if the version is already loaded)."""
    return f"v{run.scenario_version.number}" if run.scenario_version_id else "unversioned"


def content_delegations(content):
    """The delegations of a version as read-only objects (key, name, batna, brief, notes), in table order."""
    return [
        SimpleNamespace(
            key=d["key"],
            name=d["name"],
            batna=d["batna"],
            brief=d.get("brief", ""),
            scientist_notes=d.get("scientist_notes", ""),
            policymaker_notes=d.get("policymaker_notes", ""),
        )
        for d in content["delegations"]
    ]


def content_issues(content):
    """The issues of a version as read-only objects (key, title, description), in order."""
    return [
        SimpleNamespace(key=i["key"], title=i["title"], description=i.get("description", "")) for i in content["issues"]
    ]


__all__ = [
    "content_delegations",
    "content_issues",
    "latest_version",
    "run_content",
    "run_sheet",
    "runs_keeping_older_versions",
    "snapshot_scenario",
]
