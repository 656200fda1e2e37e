"""What the course covers per participant, and the expenses participants claim. Money is Decimal, never float."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from logistics.enums import ClaimStatus, CostCategory, PaymentMethod

MONEY = {"max_digits": 12, "decimal_places": 2}


class CostCover(models.Model):
    """The course covers up to ``amount`` of one category for one participant."""

    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="cost_covers")
    category = models.CharField(max_length=20, choices=CostCategory.choices)
    amount = models.DecimalField(**MONEY, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="EUR")
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant_id", "category"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "category"], name="one_cover_per_category"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="cover_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount} {self.currency}"


def receipt_upload_path(instance, filename):
    # Never the participant's filename on disk: a random name; the kind of file was checked by content.
    return f"receipts/{uuid.uuid4().hex}"


class ExpenseClaim(models.Model):
    """One expense a participant asks to be reimbursed, with its receipt. Written by logistics.domain.costs."""

    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="expense_claims")
    category = models.CharField(max_length=20, choices=CostCategory.choices)
    description = models.CharField(max_length=300)
    amount_claimed = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    receipt = models.FileField(upload_to=receipt_upload_path, blank=True)
    receipt_type = models.CharField(
        max_length=40, blank=True, help_text="Found by content: application/pdf, image/png…"
    )
    receipt_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    version = models.PositiveIntegerField(default=0)
    approved_amount = models.DecimalField(**MONEY, null=True, blank=True)
    paid_amount = models.DecimalField(**MONEY, null=True, blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    team_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant_id", "created_at", "pk"]
        indexes = [models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_claimed__gt=0), name="claim_amount_positive"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} claim of {self.amount_claimed} {self.currency}"
