"""CSV exports for facilitators: applications with their scores, and the cohort roster."""

import csv
import io

from participants.domain.income import classify
from participants.domain.selection import board_rows, cohort

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; empty cells stay empty."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        # A leading =, +, - or @ would make a spreadsheet run the cell as a formula.
        writer.writerow([guard_formula(v) for v in row])
    return buffer.getvalue()


def _fmt(value):
    return "" if value is None else f"{value:.2f}"


def applications_csv(course):
    header = [
        "rank",
        "application",
        "status",
        "staged decision",
        "waitlist position",
        "weighted mean",
        "median",
        "reviews",
        "scientist",
        "scientist country",
        "policymaker",
        "policymaker country",
        "regions",
        "cross-country",
        "flagged",
    ]
    rows = []
    for r in board_rows(course):
        by_role = {m.role: m for m in r.members}
        scientist, policymaker = by_role.get("scientist"), by_role.get("policymaker")
        rows.append(
            [
                r.rank,
                r.application.pk,
                r.application.status,
                r.staged_outcome,
                r.decision.waitlist_position if r.decision and r.decision.waitlist_position else "",
                _fmt(r.mean),
                _fmt(r.median),
                r.review_count,
                scientist.full_name if scientist else "",
                scientist.country if scientist else "",
                policymaker.full_name if policymaker else "",
                policymaker.country if policymaker else "",
                "; ".join(r.regions),
                "yes" if r.cross_country else "no",
                "yes" if r.flagged else "no",
            ]
        )
    return _csv(header, rows)


def cohort_csv(course):
    header = ["pair", "application", "role", "full name", "email", "country", "region", "income group"]
    rows = []
    for pair in cohort(course):
        for p in pair.participants.all():
            info = classify(p.country)
            rows.append(
                [
                    pair.pk,
                    pair.application_id or "",
                    p.role,
                    p.full_name,
                    p.user.email,
                    str(p.country),
                    info.region,
                    info.income_group,
                ]
            )
    return _csv(header, rows)
