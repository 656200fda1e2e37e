"""The cost ledger of an edition: totals per category and currency, exact (Decimal sums in the database)."""

from dataclasses import dataclass, field
from decimal import Decimal

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
    """Covered, claimed (not rejected), approved (approved or paid) and paid amounts; 2 queries.

    Summed in Python from the rows' Decimals: SQLite keeps a decimal column as a floating-point number, so a
    database SUM there is not exact, while each row read back is (Django rounds it to its two places)."""
    lines = {}

    def line(category, currency):
        key = (category, currency)
        if key not in lines:
            lines[key] = LedgerLine(category, CostCategory(category).label, currency)
        return lines[key]

    covers = CostCover.objects.filter(participant__pair__course=course).values_list("category", "currency", "amount")
    for category, currency, amount in covers:
        line(category, currency).covered += amount
    claims = (
        ExpenseClaim.objects.filter(participant__pair__course=course)
        .exclude(status=ClaimStatus.REJECTED)
        .values_list("category", "currency", "amount_claimed", "approved_amount", "paid_amount")
    )
    for category, currency, claimed, approved, paid in claims:
        item = line(category, currency)
        item.claimed += claimed
        item.approved += approved or ZERO
        item.paid += paid or ZERO
        item.claims += 1
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
