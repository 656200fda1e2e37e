"""The impact report as JSON and CSV for funders: the same object the page shows, suppressed cells included
(as empty values), never a single answer."""

import csv
import dataclasses
import io
import json

from course.domain.spreadsheets import guard_formula


def _plain(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"Cannot export {type(value).__name__}")


def report_to_json(report):
    return json.dumps(report, default=_plain, indent=2, ensure_ascii=False)


def _fmt(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return value


def report_rows(report):
    """Long format: (section, item, measure, value, n)."""
    rows = []
    reach = report["reach"]
    rows.append(("reach", "applications", "count", reach["applications"], ""))
    for who in ("applicants", "cohort"):
        block = reach[who]
        rows.append(("reach", who, "people", block["people"], ""))
        rows.append(("reach", who, "countries", block["countries"], ""))
        rows.append(("reach", who, "global south %", _fmt(block["global_south_pct"]), block["people"]))
        rows.append(("reach", who, "women %", _fmt(block["women_pct"]), block["gender_answers"]))
        for region, n in block["regions"]:
            rows.append(("reach", who, f"region: {region}", n, ""))
    for section in ("overall", "runs"):
        block = report["reaction"].get(section)
        for item in (block or {}).get("items", []):
            summary = item.get("summary")
            if summary:
                rows.append(("reaction", item["key"], "mean", _fmt(summary["mean"]), summary["n"]))
    for row in report["sessions"]["sessions"]:
        rows.append(("sessions", row["title"], "mean rating", _fmt(row["rating"]["mean"]), row["rating"]["n"]))
    for row in report["sessions"]["speakers"]:
        rows.append(("speakers", row["speaker"], "mean rating", _fmt(row["mean_rating"]), row["n"]))
    for block in report["learning"]:
        for label, change in [("overall", block["overall"])] + [(i["key"], i["change"]) for i in block["items"]]:
            for measure in ("mean_before", "mean_after", "mean_difference", "ci_low", "ci_high", "cohens_dz"):
                rows.append((f"learning: {block['kind']}", label, measure, _fmt(getattr(change, measure)), change.n))
        for extra in ("retrospective", "response_shift"):
            if extra in block:
                change = block[extra]
                rows.append(
                    (f"learning: {block['kind']}", extra, "mean_difference", _fmt(change.mean_difference), change.n)
                )
    for table in report["simulations"]["tables"]:
        rows.append(
            ("simulations", table["name"], "mean margin over BATNA", _fmt(table["mean_margin"]), table["delegations"])
        )
        rows.append(("simulations", table["name"], "distance to frontier", _fmt(table["distance_to_frontier"]), ""))
    for wave in report["follow_up"]:
        label = f"{wave['months_after']} months"
        rows.append(("follow-up", label, "response %", _fmt(wave["response_pct"]), wave["asked"]))
        rows.append(("follow-up", label, "target %", wave["target_pct"], ""))
        rows.append(
            ("follow-up", label, "continuity index (mean)", _fmt(wave["continuity"]["mean"]), wave["continuity"]["n"])
        )
        for kind, n in wave["outputs_by_kind"]:
            rows.append(("follow-up", label, f"joint outputs: {kind}", n, wave["pairs_with_answers"]))
    return rows


def report_to_csv(report):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["section", "item", "measure", "value", "n"])
    writer.writerows([guard_formula(v) for v in row] for row in report_rows(report))
    return buffer.getvalue()
