"""Demo data for travel and documents: the confirmed cohort of the current edition gets passport details, visa
statuses across the lifecycle, letters, covered amounts, claims with receipts at every status, attendance and a
first round of certificates. Idempotent: a course whose cohort already has visa cases is left alone."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from course.models import Course
from logistics.domain.attendance import certificate_standing, programme_sessions, set_attendance
from logistics.domain.costs import decide_claim, set_cover, submit_claim
from logistics.domain.documents import issue_document
from logistics.domain.traveller import save_itinerary, save_passport
from logistics.domain.visa import set_visa_status
from logistics.enums import ClaimStatus, CostCategory, DocumentKind, PaymentMethod, VisaStatus
from logistics.models import VisaCase
from participants.models import Participant

FACILITATOR_EMAIL = "facilitator@accord.example"
# Where each participant (by position in the cohort) stands with the visa: a spread of every status.
VISA_PATHS = [
    [VisaStatus.LETTER_REQUESTED, VisaStatus.LETTER_SENT, VisaStatus.APPOINTMENT, VisaStatus.GRANTED],
    [VisaStatus.NOT_NEEDED],
    [VisaStatus.LETTER_REQUESTED, VisaStatus.LETTER_SENT, VisaStatus.APPOINTMENT],
    [VisaStatus.LETTER_REQUESTED],
    [VisaStatus.LETTER_REQUESTED, VisaStatus.LETTER_SENT, VisaStatus.REFUSED],
    [],
]
COVERS = {
    CostCategory.TRAVEL: Decimal("900.00"),
    CostCategory.ACCOMMODATION: Decimal("560.00"),
    CostCategory.VISA_FEE: Decimal("80.00"),
    CostCategory.PER_DIEM: Decimal("175.00"),
}


def _receipt(text):
    body = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ContentFile(bytes(out), name="receipt.pdf")


def seed_logistics():
    course = Course.objects.filter(slug="current").first()
    if course is None:
        return []
    people = list(Participant.objects.filter(pair__course=course).select_related("pair__course", "user").order_by("pk"))
    if not people or VisaCase.objects.filter(participant__in=people).exists():
        return []
    team = get_user_model().objects.filter(email=FACILITATOR_EMAIL).first()
    arrival = datetime.datetime.combine(
        course.starts_on - datetime.timedelta(days=1), datetime.time(15, 40), tzinfo=course.tzinfo
    )
    for i, person in enumerate(people):
        path = VISA_PATHS[i % len(VISA_PATHS)]
        if i % len(VISA_PATHS) != 5:  # one in six has not answered yet
            save_passport(
                person,
                {
                    "name_in_passport": person.full_name.upper(),
                    "passport_number": f"P{person.country.code}{7310450 + i}",
                    "nationality": person.country.code,
                    "date_of_birth": datetime.date(1980 + i % 15, 1 + i % 12, 1 + i % 27),
                },
                by=person.user,
            )
        for step, status in enumerate(path):
            if status == VisaStatus.LETTER_SENT:
                issue_document(person, DocumentKind.VISA_LETTER, by=team, mail=False)
                continue
            appointment = (
                course.starts_on - datetime.timedelta(days=40 - i) if status == VisaStatus.APPOINTMENT else None
            )
            set_visa_status(person, status, by=person.user if step == 0 else team, appointment_on=appointment)
        save_itinerary(
            person,
            {
                "travelling_from": person.country.name,
                "arrival_at": arrival + datetime.timedelta(minutes=25 * (i % 7)),
                "arrival_details": f"Flight to Trieste (TRS), seat booked by the course ({i % 3 + 1} stops)",
                "departure_at": arrival + datetime.timedelta(days=6, hours=-6),
            },
            by=person.user,
        )
        for category, amount in COVERS.items():
            set_cover(person, category, amount, "EUR", by=team)
        _claims(person, i, team)
    _attendance(course, people, team)
    return []


def _claims(person, i, team):
    fare = Decimal("612.40") + Decimal(i * 17) / 4
    travel = submit_claim(
        person,
        by=person.user,
        category=CostCategory.TRAVEL,
        description="Return flight to Trieste",
        amount=fare,
        currency="EUR",
        receipt=_receipt(f"E-ticket {person.full_name}: EUR {fare}"),
    )
    if i % 4 in (1, 2, 3):
        travel = decide_claim(travel, ClaimStatus.APPROVED, by=team, expected_version=0)
    if i % 4 in (2, 3):
        decide_claim(travel, ClaimStatus.PAID, by=team, expected_version=1, payment_method=PaymentMethod.BANK_TRANSFER)
    if i % 3 == 0:
        visa_fee = submit_claim(
            person,
            by=person.user,
            category=CostCategory.VISA_FEE,
            description="Schengen visa fee",
            amount=Decimal("80.00"),
            currency="EUR",
            receipt=_receipt(f"Visa fee receipt {person.full_name}"),
        )
        decide_claim(visa_fee, ClaimStatus.APPROVED, by=team, expected_version=0)
    if i % 5 == 4:
        taxi = submit_claim(
            person,
            by=person.user,
            category=CostCategory.PER_DIEM,
            description="Taxi from the airport at night",
            amount=Decimal("95.00"),
            currency="EUR",
            receipt=_receipt("Taxi receipt"),
        )
        decide_claim(taxi, ClaimStatus.REJECTED, by=team, expected_version=0, note="Covered by the course shuttle")


def _attendance(course, people, team):
    """Most of the week attended by most; certificates issued to the first who meet the rule."""
    sessions = list(programme_sessions(course).prefetch_related("groups__pairs"))
    for i, person in enumerate(people):
        mine = [
            session
            for session in sessions
            if session.for_everyone or any(person.pair_id == p.pk for g in session.groups.all() for p in g.pairs.all())
        ]
        for n, session in enumerate(mine):
            if i % 5 == 4 and n % 3 == 0:  # one in five missed a third of the week: below the rule
                continue
            if i % 5 == 1 and n % 10 == 3:  # another missed one session in ten
                continue
            set_attendance(session, person, True, by=team)
    standing = {s.participant_id: s for s in certificate_standing(course)}
    issued = 0
    for person in people:
        s = standing.get(person.pk)
        if s and s.eligible and issued < 8:
            issue_document(
                person, DocumentKind.CERTIFICATE, by=team, attended=s.attended, sessions=s.sessions, mail=False
            )
            issued += 1
