"""Covered amounts and expense claims. Money is Decimal end to end; every change is audited.

The claim state machine (submitted → approved | rejected, approved → paid, approved/rejected → submitted) is
written only by ``decide_claim``: one compare-and-set on ``version`` plus one audit row, in one transaction.
Nothing here looks at the visa status: a refused visa's fares and fees stay reimbursable, by design.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from logistics.enums import ClaimStatus, CostCategory
from logistics.errors import LogisticsRefused
from logistics.models import CostCover, ExpenseClaim
from participants.domain.audit import record_audit

MAX_RECEIPT_BYTES = 5 * 1024 * 1024
CENT = Decimal("0.01")
# Recognised by the first bytes only; the name and the browser's type are ignored.
RECEIPT_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def receipt_kind(head):
    """(content type, extension) of a receipt's first bytes, or None when it is not a PDF, PNG or JPEG."""
    for magic, content_type, extension in RECEIPT_SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_receipt(uploaded_file):
    """Refuse anything but a PDF, PNG or JPEG of at most 5 MB, judged by content. Returns its content type."""
    if uploaded_file is None:
        raise LogisticsRefused(gettext("Please attach the receipt (PDF, PNG or JPEG)."))
    size = uploaded_file.size
    if size is None or size > MAX_RECEIPT_BYTES:
        raise LogisticsRefused(gettext("The receipt is larger than 5 MB. Please upload a smaller file."))
    if size == 0:
        raise LogisticsRefused(gettext("The receipt file is empty."))
    uploaded_file.seek(0)
    kind = receipt_kind(uploaded_file.read(16))
    uploaded_file.seek(0)
    if kind is None:
        raise LogisticsRefused(gettext("A receipt must be a PDF, PNG or JPEG file (checked by its content)."))
    return kind[0]


def extension_for(content_type):
    return next((ext for _, ctype, ext in RECEIPT_SIGNATURES if ctype == content_type), ".bin")


def _money(value):
    if value is None:
        return None
    value = Decimal(value)
    if not value.is_finite():
        raise LogisticsRefused(gettext("Amounts must be numbers."))
    return value.quantize(CENT)


def _course(participant):
    return participant.pair.course


def set_cover(participant, category, amount, currency, *, by, note=""):
    """What the course covers for one category; an amount of None removes the line."""
    category = CostCategory(category)
    amount = _money(amount)
    if amount is not None and amount < 0:
        raise LogisticsRefused(gettext("A covered amount cannot be negative."))
    with transaction.atomic():
        cover = CostCover.objects.select_for_update().filter(participant=participant, category=category).first()
        before = {"amount": str(cover.amount), "currency": cover.currency} if cover else {}
        if amount is None:
            if cover:
                record_audit(_course(participant), by, "logistics.cover_removed", cover, before, {})
                cover.delete()
            return None
        if cover is None:
            cover = CostCover(participant=participant, category=category)
        if cover.pk and cover.amount == amount and cover.currency == currency and cover.note == note:
            return cover
        cover.amount, cover.currency, cover.note = amount, currency, note
        cover.save()
        after = {"category": category.value, "amount": str(amount), "currency": currency}
        record_audit(_course(participant), by, "logistics.cover_set", cover, before, after)
    return cover


def submit_claim(participant, *, by, category, description, amount, currency, receipt=None, receipt_name=""):
    """A new claim in ``submitted``. A receipt is checked by content before anything is stored."""
    amount = _money(amount)
    if amount is None or amount <= 0:
        raise LogisticsRefused(gettext("The amount claimed must be more than zero."))
    content_type = check_receipt(receipt) if receipt is not None else ""
    with transaction.atomic():
        claim = ExpenseClaim(
            participant=participant,
            category=CostCategory(category),
            description=description,
            amount_claimed=amount,
            currency=currency,
            created_by=by if by is not None and by.is_authenticated else None,
        )
        if receipt is not None:
            claim.receipt_type = content_type
            claim.receipt_name = _display_name(receipt_name or getattr(receipt, "name", ""))
            claim.receipt.save("receipt", receipt, save=False)
        claim.save()
        after = {"category": claim.category, "amount": str(amount), "currency": currency, "status": claim.status}
        record_audit(_course(participant), by, "logistics.claim_submitted", claim, {}, after)
    return claim


def _display_name(filename):
    name = (filename or "").replace("\\", "/").split("/")[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:255] or "receipt"


def decide_claim(
    claim,
    to,
    *,
    by,
    expected_version,
    approved_amount=None,
    paid_amount=None,
    payment_method="",
    paid_on=None,
    note="",
):
    """Move a claim to ``to`` (approved, rejected, paid or back to submitted) with its amounts.

    Approving needs an amount between 0.01 and the amount claimed (default: all of it); paying needs a method
    and an amount up to the approved one (default: all of it). Refused with a reason otherwise, or when the
    claim changed since ``expected_version`` was read."""
    to = ClaimStatus(to)
    current = ClaimStatus(claim.status)
    if to not in ClaimStatus.transitions()[current]:
        raise LogisticsRefused(
            gettext("A claim cannot go from “%(before)s” to “%(after)s”.")
            % {"before": current.label, "after": to.label}
        )
    changes = {"status": to, "team_note": (note or "")[:300]}
    if to == ClaimStatus.APPROVED:
        approved = _money(approved_amount) if approved_amount is not None else claim.amount_claimed
        if approved <= 0 or approved > claim.amount_claimed:
            raise LogisticsRefused(
                gettext("The approved amount must be more than zero and at most the %(amount)s claimed.")
                % {"amount": claim.amount_claimed}
            )
        changes["approved_amount"] = approved
    elif to == ClaimStatus.PAID:
        paid = _money(paid_amount) if paid_amount is not None else claim.approved_amount
        if not payment_method:
            raise LogisticsRefused(gettext("Say how the claim was paid."))
        if claim.approved_amount is None or paid is None or paid <= 0 or paid > claim.approved_amount:
            raise LogisticsRefused(
                gettext("The paid amount must be more than zero and at most the %(amount)s approved.")
                % {"amount": claim.approved_amount}
            )
        changes.update(paid_amount=paid, payment_method=payment_method, paid_on=paid_on or timezone.localdate())
    elif to == ClaimStatus.SUBMITTED:
        changes.update(approved_amount=None)
    with transaction.atomic():
        updated = ExpenseClaim.objects.filter(pk=claim.pk, version=expected_version, status=current).update(
            version=F("version") + 1, **changes
        )
        if not updated:
            raise LogisticsRefused(gettext("Someone changed this claim meanwhile. Look at it again and retry."))
        after = {"status": to.value}
        for name in ("approved_amount", "paid_amount", "payment_method", "paid_on"):
            if name in changes:
                value = changes[name]
                after[name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
        record_audit(
            claim.participant.pair.course, by, "logistics.claim_decided", claim, {"status": current.value}, after
        )
    return ExpenseClaim.objects.select_related("participant").get(pk=claim.pk)
