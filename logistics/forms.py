"""Thin forms of the logistics pages. Follow-up forms of a future call builder can write the same models
through the same domain functions (save_passport, save_itinerary, submit_claim)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from logistics.domain.setup import CERTIFICATE_PLACEHOLDERS, LETTER_PLACEHOLDERS, unknown_placeholders
from logistics.enums import ClaimStatus, CostCategory, PaymentMethod, VisaStatus
from logistics.models import Itinerary, LogisticsSetup


def date_widget():
    """A browser date picker: its value must be ISO (YYYY-MM-DD), whatever the site's date format."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_MONEY = 10**9


def _currency_field():
    return forms.CharField(
        max_length=3,
        initial="EUR",
        label=_("Currency"),
        help_text=_("ISO 4217 code, e.g. EUR, USD, KES."),
        widget=forms.TextInput(attrs={"size": 4, "autocapitalize": "characters", "dir": "ltr"}),
    )


def _clean_currency(value):
    value = (value or "").strip().upper()
    if not CURRENCY.match(value):
        raise forms.ValidationError(_("Use a three-letter currency code such as EUR."))
    return value


def _money_field(required=True, label=None):
    return forms.DecimalField(
        required=required,
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        max_value=MAX_MONEY,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class SetupForm(forms.ModelForm):
    class Meta:
        model = LogisticsSetup
        fields = [
            "letterhead",
            "signatory_name",
            "signatory_title",
            "course_content",
            "letter_text",
            "certificate_text",
            "visa_lead_days",
            "certificate_min_percent",
            "retention_days",
            "default_currency",
        ]
        widgets = {
            "letterhead": forms.Textarea(attrs={"rows": 3}),
            "course_content": forms.Textarea(attrs={"rows": 2}),
            "letter_text": forms.Textarea(attrs={"rows": 10}),
            "certificate_text": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_default_currency(self):
        return _clean_currency(self.cleaned_data.get("default_currency"))

    def _placeholders(self, name, allowed):
        text = self.cleaned_data.get(name, "")
        unknown = unknown_placeholders(text, allowed)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholders: %(unknown)s. Available: %(allowed)s.")
                % {
                    "unknown": ", ".join("{{ " + u + " }}" for u in unknown),
                    "allowed": ", ".join("{{ " + a + " }}" for a in allowed),
                }
            )
        return text

    def clean_letter_text(self):
        return self._placeholders("letter_text", LETTER_PLACEHOLDERS)

    def clean_certificate_text(self):
        return self._placeholders("certificate_text", CERTIFICATE_PLACEHOLDERS)


class PassportForm(forms.Form):
    name_in_passport = forms.CharField(
        max_length=200, label=_("Name as in the passport"), widget=forms.TextInput(attrs={"dir": "auto"})
    )
    passport_number = forms.CharField(
        max_length=40, label=_("Passport number"), widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    nationality = LazyTypedChoiceField(choices=[("", "—")] + list(countries), label=_("Nationality"))
    date_of_birth = forms.DateField(required=False, label=_("Date of birth"), widget=date_widget())
    passport_expires_on = forms.DateField(required=False, label=_("Passport valid until"), widget=date_widget())
    needs_letter = forms.TypedChoiceField(
        label=_("Do you need a visa invitation letter?"),
        choices=[("yes", _("Yes, I need a visa for Italy")), ("no", _("No, I do not need a visa"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=False,
    )

    def clean_passport_number(self):
        value = self.cleaned_data["passport_number"].strip().upper()
        if not re.fullmatch(r"[A-Z0-9<\- ]{4,40}", value):
            raise forms.ValidationError(_("Type the passport number with letters and digits only."))
        return value


class VisaStatusForm(forms.Form):
    status = forms.ChoiceField(choices=VisaStatus.choices, label=_("Status"))
    appointment_on = forms.DateField(required=False, label=_("Appointment date"), widget=date_widget())
    note = forms.CharField(max_length=300, required=False, label=_("Note"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class ItineraryForm(forms.ModelForm):
    class Meta:
        model = Itinerary
        fields = ["travelling_from", "arrival_at", "arrival_details", "departure_at", "departure_details", "notes"]
        widgets = {
            "arrival_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "departure_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
            "travelling_from": forms.TextInput(attrs={"dir": "auto"}),
            "arrival_details": forms.TextInput(attrs={"dir": "auto"}),
            "departure_details": forms.TextInput(attrs={"dir": "auto"}),
        }
        labels = {
            "travelling_from": _("Travelling from"),
            "arrival_at": _("Arrival (local time in Trieste)"),
            "arrival_details": _("Arrival details"),
            "departure_at": _("Departure (local time)"),
            "departure_details": _("Departure details"),
            "notes": _("Notes"),
        }

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival_at"), data.get("departure_at")
        if arrival and departure and departure <= arrival:
            self.add_error("departure_at", _("Departure must come after arrival."))
        return data


class CoverForm(forms.Form):
    category = forms.ChoiceField(choices=CostCategory.choices, label=_("Category"))
    amount = _money_field(required=False, label=_("Amount"))
    currency = _currency_field()
    note = forms.CharField(max_length=200, required=False, label=_("Note"))

    def clean_currency(self):
        return _clean_currency(self.cleaned_data.get("currency"))


class ClaimForm(forms.Form):
    category = forms.ChoiceField(choices=CostCategory.choices, label=_("Category"))
    description = forms.CharField(
        max_length=300,
        label=_("Description"),
        help_text=_("What it was, e.g. “Return flight NBO–TRS”."),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    amount = _money_field(label=_("Amount"))
    currency = _currency_field()
    receipt = forms.FileField(required=False, label=_("Receipt"), help_text=_("PDF, PNG or JPEG, at most 5 MB."))

    def clean_currency(self):
        return _clean_currency(self.cleaned_data.get("currency"))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount


class ClaimDecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s.value, s.label)
            for s in (ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.PAID, ClaimStatus.SUBMITTED)
        ],
        label=_("Decision"),
    )
    approved_amount = _money_field(required=False, label=_("Approved amount"))
    paid_amount = _money_field(required=False, label=_("Paid amount"))
    payment_method = forms.ChoiceField(choices=[("", "—")] + PaymentMethod.choices, required=False, label=_("Method"))
    paid_on = forms.DateField(required=False, label=_("Paid on"), widget=date_widget())
    note = forms.CharField(max_length=300, required=False, label=_("Note"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class RevokeForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=12,
        label=_("Code shown in the room"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text", "dir": "ltr"}
        ),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label=_("Verification code"),
        help_text=_("As printed, e.g. ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
