"""Reads of the team's pages and the participant's own page; a fixed number of queries whatever the cohort size."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from logistics.domain.visa import visa_warning
from logistics.enums import VisaStatus
from logistics.models import CostCover, ExpenseClaim, IssuedDocument
from participants.models import Participant


@dataclass
class TravellerRow:
    participant: object
    visa_status: str
    visa_label: str
    appointment_on: object
    warning: str
    has_passport: bool
    letter: object  # the valid visa letter, or None
    certificate: object
    claims: int
    claims_open: int


def travellers(course):
    """Participants of the course with what the team needs on the overview (3 queries)."""
    valid_documents = IssuedDocument.objects.filter(revoked_at__isnull=True).only(
        "pk", "kind", "code", "participant_id", "issued_at", "revoked_at"
    )
    return (
        Participant.objects.filter(pair__course=course)
        .select_related("visa", "passport", "user")
        .prefetch_related(
            Prefetch("documents", queryset=valid_documents, to_attr="valid_documents"),
            Prefetch("expense_claims", queryset=ExpenseClaim.objects.only("pk", "status", "participant_id")),
        )
        .order_by("pair_id", "role")
    )


def _related(participant, name):
    try:
        return getattr(participant, name)
    except ObjectDoesNotExist:  # a reverse one-to-one without its row yet
        return None


def traveller_rows(course, setup, today=None):
    rows = []
    for p in travellers(course):
        visa = _related(p, "visa")
        status = visa.status if visa else VisaStatus.NOT_ASKED
        documents = {d.kind: d for d in p.valid_documents}
        claims = list(p.expense_claims.all())
        rows.append(
            TravellerRow(
                participant=p,
                visa_status=status,
                visa_label=VisaStatus(status).label,
                appointment_on=visa.appointment_on if visa else None,
                warning=visa_warning(course, status, setup.visa_lead_days, today),
                has_passport=_related(p, "passport") is not None,
                letter=documents.get("visa_letter"),
                certificate=documents.get("certificate"),
                claims=len(claims),
                claims_open=sum(1 for c in claims if c.status in ("submitted", "approved")),
            )
        )
    return rows


def participant_in_course(course, pk):
    return Participant.objects.select_related("pair__course", "user").filter(pair__course=course, pk=pk).first()


def participation_of(user, course):
    """The user's seat in the course's cohort, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.select_related("pair__course", "user").filter(pair__course=course, user=user).first()


def traveller_file(participant):
    """Everything of one participant for the detail page (team) or their own page."""
    return {
        "visa": _related(participant, "visa"),
        "passport": _related(participant, "passport"),
        "itinerary": _related(participant, "itinerary"),
        "covers": list(CostCover.objects.filter(participant=participant).order_by("category")),
        "claims": list(ExpenseClaim.objects.filter(participant=participant).order_by("created_at", "pk")),
        "documents": list(IssuedDocument.objects.filter(participant=participant).order_by("-issued_at", "-pk")),
    }
