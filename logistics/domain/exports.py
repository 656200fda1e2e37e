"""The finance export: one line per expense claim, plus one per covered amount, as CSV."""

import csv
import io

from course.domain.spreadsheets import guard_formula
from logistics.domain.queries.ledger import course_claims
from logistics.models import CostCover

HEADER = [
    "line",
    "participant",
    "email",
    "category",
    "description",
    "currency",
    "covered",
    "claimed",
    "approved",
    "paid",
    "status",
    "payment_method",
    "paid_on",
]


def _money(value):
    return "" if value is None else f"{value:.2f}"


def costs_csv(course):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    covers = CostCover.objects.filter(participant__pair__course=course).select_related("participant__user")
    for cover in covers.order_by("participant__pair_id", "participant__role", "category"):
        p = cover.participant
        row = ["cover", p.full_name, p.user.email, cover.category, cover.note, cover.currency, _money(cover.amount)]
        writer.writerow([guard_formula(v) for v in row + [""] * 6])
    for claim in course_claims(course).select_related("participant__user"):
        p = claim.participant
        row = [
            "claim",
            p.full_name,
            p.user.email,
            claim.category,
            claim.description,
            claim.currency,
            "",
            _money(claim.amount_claimed),
            _money(claim.approved_amount),
            _money(claim.paid_amount),
            claim.status,
            claim.payment_method,
            claim.paid_on.isoformat() if claim.paid_on else "",
        ]
        writer.writerow([guard_formula(v) for v in row])
    return out.getvalue()
