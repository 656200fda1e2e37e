"""simulations.domain.exports: the transcript and results of a run as CSV and JSON, safe in a spreadsheet."""

import csv
import io
import json

import pytest

from simulations.domain import engine
from simulations.domain.exports import EXPORTS, results_csv, results_json, transcript_csv, transcript_json
from simulations.domain.negotiation import make_statement
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


def test_transcript_names_each_statement_and_defuses_formulas():
    run, pairs = seated_run(two_by_two())
    make_statement(run, run.scenario.delegations.get(key="a"), "=HYPERLINK(1)", user=pairs["a"][1].user)

    rows = list(csv.DictReader(io.StringIO(transcript_csv(run))))
    entries = json.loads(transcript_json(run))["entries"]

    assert any(row["text"] == "'=HYPERLINK(1)" for row in rows)
    assert any(entry["text"] == "=HYPERLINK(1)" for entry in entries)  # JSON is data, not a spreadsheet


def test_results_exist_only_once_the_run_is_finished():
    run, _ = seated_run(two_by_two())

    assert results_csv(run) is None and results_json(run) is None
    engine.finish_run(run)
    run.refresh_from_db()

    data = json.loads(results_json(run))
    assert data["agreed"] is False and {d["delegation_key"] for d in data["delegations"]} == {"a", "b"}
    assert results_csv(run).splitlines()[0].startswith("delegation")


def test_every_export_has_a_content_type():
    assert set(EXPORTS) == {(k, f) for k in ("transcript", "results") for f in ("csv", "json")} | {("votes", "csv")}
    assert {content_type for _, content_type in EXPORTS.values()} == {"text/csv", "application/json"}
