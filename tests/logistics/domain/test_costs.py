from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from logistics.domain.costs import decide_claim, set_cover, submit_claim
from logistics.domain.queries.ledger import ledger_totals
from logistics.domain.visa import set_visa_status
from logistics.enums import ClaimStatus, CostCategory, PaymentMethod, VisaStatus
from logistics.errors import LogisticsRefused
from logistics.models import CostCover, ExpenseClaim
from participants.models import AuditLogEntry
from tests.factories.logistics import TINY_PDF, TINY_PNG, ExpenseClaimFactory, VisaCaseFactory
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def upload(content, name="receipt.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type)


def test_claim_with_a_pdf_receipt_is_stored_under_a_random_name(cohort):
    _, scientist, _ = cohort

    claim = submit_claim(
        scientist,
        by=scientist.user,
        category=CostCategory.TRAVEL,
        description="Flight",
        amount="612.40",
        currency="EUR",
        receipt=upload(TINY_PDF, "../../etc/ticket.pdf"),
    )

    assert claim.amount_claimed == Decimal("612.40")
    assert claim.receipt_type == "application/pdf"
    assert claim.receipt_name == "ticket.pdf"
    assert "ticket" not in claim.receipt.name
    assert AuditLogEntry.objects.filter(action="logistics.claim_submitted").exists()


def test_png_receipt_is_accepted_by_content_whatever_its_name(cohort):
    _, scientist, _ = cohort

    claim = submit_claim(
        scientist,
        by=scientist.user,
        category=CostCategory.VISA_FEE,
        description="Visa fee",
        amount="80",
        currency="EUR",
        receipt=upload(TINY_PNG, "receipt.pdf", "application/pdf"),
    )

    assert claim.receipt_type == "image/png"


@pytest.mark.parametrize(
    "content", [b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", b"<html>", b"GIF89a", b""]
)
def test_receipt_that_is_not_pdf_png_or_jpeg_is_refused(cohort, content):
    _, scientist, _ = cohort

    with pytest.raises(LogisticsRefused):
        submit_claim(
            scientist,
            by=scientist.user,
            category=CostCategory.TRAVEL,
            description="x",
            amount="1",
            currency="EUR",
            receipt=upload(content, "receipt.png", "image/png"),
        )

    assert not ExpenseClaim.objects.exists()


def _claim(participant, amount="100.00", status=ClaimStatus.SUBMITTED, **kwargs):
    return ExpenseClaimFactory(participant=participant, amount_claimed=Decimal(amount), status=status, **kwargs)


def test_approve_then_pay_records_amounts_method_and_audit(cohort, team):
    _, scientist, _ = cohort
    claim = _claim(scientist, "612.40")

    claim = decide_claim(claim, ClaimStatus.APPROVED, by=team, expected_version=0, approved_amount=Decimal("600.10"))
    claim = decide_claim(
        claim, ClaimStatus.PAID, by=team, expected_version=1, payment_method=PaymentMethod.BANK_TRANSFER
    )

    assert claim.status == ClaimStatus.PAID
    assert claim.approved_amount == Decimal("600.10") and claim.paid_amount == Decimal("600.10")
    assert claim.paid_on is not None
    assert AuditLogEntry.objects.filter(action="logistics.claim_decided").count() == 2


def test_reject_and_reopen(cohort, team):
    _, scientist, _ = cohort
    claim = _claim(scientist)

    claim = decide_claim(claim, ClaimStatus.REJECTED, by=team, expected_version=0, note="No receipt")
    claim = decide_claim(claim, ClaimStatus.SUBMITTED, by=team, expected_version=1)

    assert claim.status == ClaimStatus.SUBMITTED and claim.approved_amount is None


@pytest.mark.parametrize(
    "status, to",
    [
        (ClaimStatus.SUBMITTED, ClaimStatus.PAID),
        (ClaimStatus.REJECTED, ClaimStatus.APPROVED),
        (ClaimStatus.PAID, ClaimStatus.SUBMITTED),
        (ClaimStatus.PAID, ClaimStatus.REJECTED),
    ],
)
def test_refused_claim_transition(cohort, team, status, to):
    _, scientist, _ = cohort
    claim = _claim(scientist, status=status, approved_amount=Decimal("100.00"))

    with pytest.raises(LogisticsRefused, match="cannot go"):
        decide_claim(claim, to, by=team, expected_version=0, payment_method="cash")

    assert ExpenseClaim.objects.get(pk=claim.pk).status == status


@pytest.mark.parametrize("amount", ["0", "100.01", "-5"])
def test_approved_amount_must_be_within_the_claim(cohort, team, amount):
    _, scientist, _ = cohort
    claim = _claim(scientist, "100.00")

    with pytest.raises(LogisticsRefused, match="approved amount"):
        decide_claim(claim, ClaimStatus.APPROVED, by=team, expected_version=0, approved_amount=Decimal(amount))


def test_paying_needs_a_method_and_at_most_the_approved_amount(cohort, team):
    _, scientist, _ = cohort
    claim = _claim(scientist, "100.00", status=ClaimStatus.APPROVED, approved_amount=Decimal("90.00"))

    with pytest.raises(LogisticsRefused, match="how"):
        decide_claim(claim, ClaimStatus.PAID, by=team, expected_version=0)
    with pytest.raises(LogisticsRefused, match="paid amount"):
        decide_claim(
            claim, ClaimStatus.PAID, by=team, expected_version=0, paid_amount=Decimal("90.01"), payment_method="cash"
        )


def test_stale_claim_version_is_refused(cohort, team):
    _, scientist, _ = cohort
    claim = _claim(scientist)
    decide_claim(claim, ClaimStatus.APPROVED, by=team, expected_version=0)

    with pytest.raises(LogisticsRefused, match="meanwhile"):
        decide_claim(claim, ClaimStatus.REJECTED, by=team, expected_version=0)


def test_refused_visa_costs_stay_reimbursable(cohort, team):
    _, scientist, _ = cohort
    VisaCaseFactory(participant=scientist, status=VisaStatus.APPOINTMENT)
    set_visa_status(scientist, VisaStatus.REFUSED, by=team)
    claim = _claim(scientist, "120.00", category=CostCategory.VISA_FEE)

    claim = decide_claim(claim, ClaimStatus.APPROVED, by=team, expected_version=0)
    claim = decide_claim(claim, ClaimStatus.PAID, by=team, expected_version=1, payment_method="bank_transfer")

    assert claim.paid_amount == Decimal("120.00")


def test_cover_set_changed_and_removed_with_audit(cohort, team):
    _, scientist, _ = cohort

    set_cover(scientist, CostCategory.TRAVEL, Decimal("850"), "EUR", by=team)
    set_cover(scientist, CostCategory.TRAVEL, Decimal("900.5"), "EUR", by=team)
    assert CostCover.objects.get(participant=scientist).amount == Decimal("900.50")
    set_cover(scientist, CostCategory.TRAVEL, None, "EUR", by=team)

    assert not CostCover.objects.exists()
    actions = list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["logistics.cover_set", "logistics.cover_set", "logistics.cover_removed"]


def test_ledger_sums_are_exact_per_category_and_currency(team):
    pair, a, b = make_pair()
    course = pair.course
    # 0.1 + 0.2 is not 0.3 in floating point; in the ledger it is.
    for amount in ("0.10", "0.20", "1000000.07"):
        _claim(a, amount, category=CostCategory.PER_DIEM)
    _claim(b, "0.10", category=CostCategory.PER_DIEM, status=ClaimStatus.APPROVED, approved_amount=Decimal("0.10"))
    _claim(b, "50.00", category=CostCategory.PER_DIEM, status=ClaimStatus.REJECTED)
    _claim(b, "12000", category=CostCategory.TRAVEL, currency="KES")
    set_cover(a, CostCategory.PER_DIEM, Decimal("0.30"), "EUR", by=team)
    set_cover(b, CostCategory.PER_DIEM, Decimal("0.03"), "EUR", by=team)
    paid = _claim(a, "33.33", category=CostCategory.ACCOMMODATION, status=ClaimStatus.APPROVED)
    ExpenseClaim.objects.filter(pk=paid.pk).update(approved_amount=Decimal("33.33"))
    paid.refresh_from_db()
    decide_claim(
        paid, ClaimStatus.PAID, by=team, expected_version=0, paid_amount=Decimal("33.33"), payment_method="cash"
    )

    ledger = ledger_totals(course)

    lines = {(x.category, x.currency): x for x in ledger.lines}
    per_diem = lines[("per_diem", "EUR")]
    assert per_diem.claimed == Decimal("1000000.47")  # the rejected 50.00 is not counted
    assert per_diem.approved == Decimal("0.10")
    assert per_diem.covered == Decimal("0.33")
    assert lines[("travel", "KES")].claimed == Decimal("12000.00")
    totals = {t.currency: t for t in ledger.totals}
    assert totals["EUR"].claimed == Decimal("1000033.80")
    assert totals["EUR"].paid == Decimal("33.33")
    assert totals["KES"].claimed == Decimal("12000.00")
    assert all(isinstance(v, Decimal) for t in ledger.totals for v in (t.claimed, t.approved, t.paid, t.covered))
    # Shown as they are: exactly two decimals, on SQLite (floating-point storage) as on PostgreSQL.
    assert [str(x) for x in (per_diem.claimed, per_diem.covered, totals["KES"].claimed)] == [
        "1000000.47",
        "0.33",
        "12000.00",
    ]
