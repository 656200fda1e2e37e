"""The cost ledger of an edition: totals per category and currency, exact (Decimal sums in the database)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from logistics.enums import ClaimStatus, CostCategory
from logistics.models import CostCover, ExpenseClaim

ZERO = Decimal("0.00")


@dataclass
class LedgerLine:
    category: str
    label: str
    currency: str
    covered: Decimal = ZERO
    claimed: Decimal = ZERO
    approved: Decimal = ZERO
    paid: Decimal = ZERO
    claims: int = 0


@dataclass
class Ledger:
    lines: list = field(default_factory=list)  # per (category, currency)
    totals: list = field(default_factory=list)  # per currency, all categories


def ledger_totals(course):
    """Covered, claimed (not rejected), approved (approved or paid) and paid amounts; 2 queries."""
    lines = {}

    def line(category, currency):
        key = (category, currency)
        if key not in lines:
            lines[key] = LedgerLine(category, CostCategory(category).label, currency)
        return lines[key]

    for row in (
        CostCover.objects.filter(participant__pair__course=course)
        .values("category", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        line(row["category"], row["currency"]).covered = row["total"] or ZERO
    claims = (
        ExpenseClaim.objects.filter(participant__pair__course=course)
        .exclude(status=ClaimStatus.REJECTED)
        .values("category", "currency")
        .annotate(
            claimed=Sum("amount_claimed"), approved=Sum("approved_amount"), paid=Sum("paid_amount"), n=Count("pk")
        )
        .order_by()
    )
    for row in claims:
        item = line(row["category"], row["currency"])
        item.claimed, item.claims = row["claimed"] or ZERO, row["n"]
        item.approved, item.paid = row["approved"] or ZERO, row["paid"] or ZERO
    order = {c.value: i for i, c in enumerate(CostCategory)}
    ledger = Ledger(lines=sorted(lines.values(), key=lambda x: (x.currency, order[x.category])))
    totals = {}
    for item in ledger.lines:
        total = totals.setdefault(item.currency, LedgerLine("", "All categories", item.currency))
        total.covered += item.covered
        total.claimed += item.claimed
        total.approved += item.approved
        total.paid += item.paid
        total.claims += item.claims
    ledger.totals = [totals[c] for c in sorted(totals)]
    return ledger


def course_claims(course, status=None):
    qs = ExpenseClaim.objects.filter(participant__pair__course=course).select_related("participant")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("participant__pair_id", "participant__role", "created_at", "pk")
