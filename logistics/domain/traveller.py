"""Passport details and itineraries: saved by the participant or the team, every change audited.

The audit rows name the fields that changed, never their values: the audit log outlives the retention rule and
must keep neither a passport number nor travel details (docs/data.md)."""

from django.db import transaction

from logistics.domain.visa import set_visa_status, visa_case_for
from logistics.enums import VisaStatus
from logistics.models import Itinerary, PassportDetails
from participants.domain.audit import record_audit

PASSPORT_FIELDS = ("name_in_passport", "passport_number", "nationality", "date_of_birth", "passport_expires_on")
ITINERARY_FIELDS = (
    "travelling_from",
    "arrival_at",
    "arrival_details",
    "departure_at",
    "departure_details",
    "notes",
)


def _changed(obj, data, fields):
    changed = []
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed


def save_passport(participant, data, *, by, needs_letter=None):
    """Store the passport details; ``needs_letter`` (True/False/None) also asks for a visa letter or says none
    is needed, through the visa state machine, while the visa is still at that question (not asked, not needed,
    letter requested). Once a letter is out, only the team moves the visa on."""
    with transaction.atomic():
        passport = PassportDetails.objects.filter(participant=participant).first() or PassportDetails(
            participant=participant
        )
        changed = _changed(passport, data, PASSPORT_FIELDS)
        if changed or passport.pk is None:
            passport.save()
            record_audit(
                participant.pair.course, by, "logistics.passport_saved", passport, {}, {"fields": sorted(changed)}
            )
        if needs_letter is not None:
            case = visa_case_for(participant)
            target = VisaStatus.LETTER_REQUESTED if needs_letter else VisaStatus.NOT_NEEDED
            still_asking = case.status in (VisaStatus.NOT_ASKED, VisaStatus.NOT_NEEDED, VisaStatus.LETTER_REQUESTED)
            if still_asking and case.status != target:
                set_visa_status(participant, target, by=by, expected_version=case.version)
    return passport


def save_itinerary(participant, data, *, by):
    with transaction.atomic():
        itinerary = Itinerary.objects.filter(participant=participant).first() or Itinerary(participant=participant)
        changed = _changed(itinerary, data, ITINERARY_FIELDS)
        if changed or itinerary.pk is None:
            itinerary.save()
            record_audit(
                participant.pair.course, by, "logistics.itinerary_saved", itinerary, {}, {"fields": sorted(changed)}
            )
    return itinerary
