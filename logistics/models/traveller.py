"""Per participant: passport details (private), visa case and itinerary."""

from django.conf import settings
from django.db import models
from django_countries.fields import CountryField

from logistics.enums import VisaStatus


class PassportDetails(models.Model):
    """As in the passport, for the visa letter. Private: the course team and the participant only; deleted by
    the retention rule (docs/data.md). A future follow-up-form builder writes the same fields."""

    participant = models.OneToOneField("participants.Participant", on_delete=models.CASCADE, related_name="passport")
    name_in_passport = models.CharField(max_length=200)
    passport_number = models.CharField(max_length=40)
    nationality = CountryField()
    date_of_birth = models.DateField(null=True, blank=True)
    passport_expires_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Passport details of {self.participant.full_name}"


class VisaCase(models.Model):
    """A participant's visa status. Written only by logistics.domain.visa.set_visa_status (compare-and-set)."""

    participant = models.OneToOneField("participants.Participant", on_delete=models.CASCADE, related_name="visa")
    status = models.CharField(max_length=20, choices=VisaStatus.choices, default=VisaStatus.NOT_ASKED)
    appointment_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"Visa of {self.participant.full_name}: {self.get_status_display()}"


class Itinerary(models.Model):
    """Arrival and departure, filled in by the participant (or a follow-up form), editable by the team."""

    participant = models.OneToOneField("participants.Participant", on_delete=models.CASCADE, related_name="itinerary")
    travelling_from = models.CharField(max_length=200, blank=True)
    arrival_at = models.DateTimeField(null=True, blank=True)
    arrival_details = models.CharField(max_length=300, blank=True, help_text="Flight or train, e.g. “LH 1234 via MUC”.")
    departure_at = models.DateTimeField(null=True, blank=True)
    departure_details = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Itinerary of {self.participant.full_name}"
