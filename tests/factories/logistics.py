"""Factories for the logistics models (logistics/models/)."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from logistics.enums import ClaimStatus, CostCategory, DocumentKind, VisaStatus
from logistics.models import (
    AttendanceMark,
    CostCover,
    DocumentJob,
    ExpenseClaim,
    IssuedDocument,
    Itinerary,
    LogisticsSetup,
    PassportDetails,
    SessionCheckIn,
    VisaCase,
)
from tests.factories.course import CourseFactory
from tests.factories.participants import ParticipantFactory

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TINY_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


class LogisticsSetupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogisticsSetup

    course = factory.SubFactory(CourseFactory)


class PassportDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PassportDetails

    participant = factory.SubFactory(ParticipantFactory)
    name_in_passport = factory.LazyAttribute(lambda o: o.participant.full_name.upper())
    passport_number = factory.Sequence(lambda n: f"PX{4410000 + n}")
    nationality = "KE"
    date_of_birth = datetime.date(1988, 4, 12)
    passport_expires_on = datetime.date(2034, 1, 31)


class VisaCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisaCase

    participant = factory.SubFactory(ParticipantFactory)
    status = VisaStatus.NOT_ASKED


class ItineraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Itinerary

    participant = factory.SubFactory(ParticipantFactory)
    travelling_from = "Nairobi"
    arrival_details = "KQ 1234 via FCO"
    departure_details = "KQ 1235"


class CostCoverFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostCover

    participant = factory.SubFactory(ParticipantFactory)
    category = CostCategory.TRAVEL
    amount = Decimal("850.00")
    currency = "EUR"


class ExpenseClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpenseClaim

    participant = factory.SubFactory(ParticipantFactory)
    category = CostCategory.TRAVEL
    description = "Return flight"
    amount_claimed = Decimal("612.40")
    currency = "EUR"
    status = ClaimStatus.SUBMITTED
    receipt = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="receipt"))
    receipt_type = "application/pdf"
    receipt_name = "ticket.pdf"


class IssuedDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuedDocument

    participant = factory.SubFactory(ParticipantFactory)
    kind = DocumentKind.CERTIFICATE
    holder_name = factory.LazyAttribute(lambda o: o.participant.full_name)
    course_title = factory.LazyAttribute(lambda o: o.participant.pair.course.title)
    starts_on = factory.LazyAttribute(lambda o: o.participant.pair.course.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.participant.pair.course.ends_on)
    pdf = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="doc.pdf"))
    issued_at = factory.LazyFunction(timezone.now)


class DocumentJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentJob

    course = factory.SubFactory(CourseFactory)
    kind = DocumentKind.CERTIFICATE


class AttendanceMarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceMark

    participant = factory.SubFactory(ParticipantFactory)
    session = None  # always given: a session of the participant's course


class SessionCheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionCheckIn

    session = None  # always given
    opened_at = factory.LazyFunction(timezone.now)
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=3))
