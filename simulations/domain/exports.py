"""Exports of a run for facilitators: the transcript and the results, as CSV or JSON.

The transcript includes caucus messages only once the run is finished (the same rule as the debrief). The
results need a finished run: before that there is no outcome (the export answers 404).
"""

import csv
import io
import json

from course.domain.spreadsheets import guard_formula
from simulations.domain.debrief import timeline
from simulations.domain.outcome import OUTCOME_RULE, outcome_of, voting_record
from simulations.models import Delegation

TRANSCRIPT_FIELDS = ["at", "kind", "round", "delegation", "author", "text"]
RESULT_FIELDS = ["delegation_key", "delegation", "points", "batna", "margin", "beats_batna"]


def transcript_rows(run):
    return [entry.as_dict() for entry in timeline(run)]


def results_data(run):
    """The run's outcome as plain data (None before the run is finished)."""
    outcome = outcome_of(run)
    if outcome is None:
        return None
    names = dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("key", "name"))
    data = dict(outcome.analysis)
    return {
        "run": {"id": run.pk, "name": run.name, "scenario": run.scenario.slug, "course": run.course.slug},
        "agreed": outcome.agreed,
        "proposal": outcome.proposal.label if outcome.proposal else None,
        "package": outcome.package,
        "delegations": [
            {**d, "delegation_key": d["delegation"], "delegation": names.get(d["delegation"], d["delegation"])}
            for d in data.pop("delegations", [])
        ],
        "analysis": data,
        "outcome_rule": str(OUTCOME_RULE),
        "voting_record": voting_record(run),
    }


def transcript_json(run):
    return json.dumps({"run": run.pk, "name": run.name, "entries": transcript_rows(run)}, indent=2, default=str)


def transcript_csv(run):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TRANSCRIPT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in transcript_rows(run):
        writer.writerow({key: guard_formula(value) for key, value in row.items()})
    return out.getvalue()


def results_json(run):
    data = results_data(run)
    return None if data is None else json.dumps(data, indent=2, default=str)


def results_csv(run):
    data = results_data(run)
    if data is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RESULT_FIELDS + ["agreement", "package"])
    package = "; ".join(f"{k}={v}" for k, v in (data["package"] or {}).items())
    for row in data["delegations"]:
        cells = [row["delegation_key"], row["delegation"], row["points"], row["batna"], row["margin"]]
        cells += [row["beats_batna"], data["proposal"] or "no agreement", package]
        writer.writerow([guard_formula(cell) for cell in cells])
    return out.getvalue()


VOTE_FIELDS = ["round", "proposal", "version", "delegation_key", "delegation", "choice", "cast_by", "cast_at"]
VOTE_FIELDS += ["void", "voided_by", "voided_at"]


def votes_csv(run):
    """Every ballot cast at the table, void ones included and marked (any time: facilitators only)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VOTE_FIELDS)
    writer.writeheader()
    for row in voting_record(run):
        writer.writerow({key: guard_formula(value) for key, value in row.items()})
    return out.getvalue()


EXPORTS = {
    ("votes", "csv"): (votes_csv, "text/csv"),
    ("transcript", "csv"): (transcript_csv, "text/csv"),
    ("transcript", "json"): (transcript_json, "application/json"),
    ("results", "csv"): (results_csv, "text/csv"),
    ("results", "json"): (results_json, "application/json"),
}
