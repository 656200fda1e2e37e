"""Demo review and selection data for the current edition: about 60 submitted pair applications from many
countries, reviews from four reviewers, and a confirmed cohort of 12 pairs (Pair + Participant records).

Idempotent and fast: users are created in bulk with one precomputed password hash, and nothing that
exists (by email) is created again.
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from course.demo import DEMO_PASSWORD, ensure_user
from course.enums import RoleGroup
from course.models import Course
from participants.domain.audit import record_audit
from participants.domain.review import (
    assign_reviewers_balanced,
    ensure_default_criteria,
    get_review_config,
    weighted_score,
)
from participants.domain.selection import build_pair, stage_decision
from participants.enums import ApplicationStatus, AttendanceAnswer, CareerStage, DecisionOutcome, Gender, MemberRole
from participants.models import (
    Application,
    ApplicationMember,
    AttendanceResponse,
    CriterionScore,
    Decision,
    Review,
    ReviewAssignment,
)

EMAIL_DOMAIN = "demo.accord.example"
FACILITATOR_EMAIL = "facilitator@accord.example"  # created by course.demo.seed_staff
EXTRA_REVIEWERS = [
    ("reviewer2@accord.example", "Rania", "Haddad"),
    ("reviewer3@accord.example", "Jonas", "Berg"),
    ("reviewer4@accord.example", "Mei", "Lin"),
]
COHORT_SIZE = 12

# The scientist's country of pair i (the policymaker's too, unless CROSS says otherwise). The first twelve
# pairs become the confirmed cohort: like the real course's, it comes from several world regions, mostly
# the Global South (Sub-Saharan Africa, Latin America, South Asia, East Asia and Pacific, Middle East and
# North Africa, Europe and Central Asia). The other pairs, from many more countries, stay on the board.
COHORT_COUNTRIES = ["KE", "BR", "IN", "ID", "EG", "NG", "MX", "VN", "PK", "GH", "CO", "GE"]
OTHER_COUNTRIES = [
    "ZA",
    "ET",
    "UG",
    "TZ",
    "RW",
    "SN",
    "MA",
    "TN",
    "JO",
    "LB",
    "BD",
    "NP",
    "LK",
    "PH",
    "TH",
    "MY",
    "CN",
    "MN",
    "AR",
    "PE",
    "CL",
    "CU",
    "GT",
    "BO",
    "UA",
    "AM",
    "KZ",
    "UZ",
    "TR",
    "IT",
    "DE",
    "US",
    "GB",
    "SE",
    "JP",
    "ZM",
    "ZW",
    "MW",
    "MZ",
    "CM",
    "CI",
    "BJ",
]
COUNTRIES = COHORT_COUNTRIES + OTHER_COUNTRIES
# A few cross-country pairs (the policymaker's country), one of them in the cohort (Viet Nam and Lao PDR).
CROSS = {7: "LA", 15: "KE", 23: "BD", 38: "UZ", 40: "DE", 55: "AR"}
# Names that fit the cohort's countries (scientist, policymaker); other pairs get names from the lists below.
COHORT_NAMES = [  # chosen to agree with GENDERS below where a gender is given
    ("Wanjiru Kamau", "Akinyi Otieno"),
    ("Rafael Oliveira", "Lucas Ferreira"),
    ("Priya Raghavan", "Arjun Mehta"),
    ("Dewi Lestari", "Budi Santoso"),
    ("Karim Mansour", "Nour El-Sayed"),
    ("Chidi Eze", "Ngozi Okafor"),
    ("Ximena Hernández", "Diego Ramírez"),
    ("Linh Nguyen", "Souksavanh Phommachanh"),
    ("Ayesha Qureshi", "Sana Malik"),
    ("Kwame Boateng", "Kofi Asante"),
    ("Valentina Gómez", "Alex Rojas"),
    ("Nino Beridze", "Giorgi Kapanadze"),
]
FIRST = [
    "Amara",
    "Chidi",
    "Kwame",
    "Lerato",
    "Selam",
    "Ruth",
    "Baraka",
    "Aline",
    "Awa",
    "Nour",
    "Youssef",
    "Salma",
    "Layla",
    "Karim",
    "Ayesha",
    "Priya",
    "Farhan",
    "Sita",
    "Nimal",
    "Dewi",
    "Maria",
    "Linh",
    "Somchai",
    "Aisyah",
    "Wei",
    "Bolor",
    "Lucas",
    "Camila",
    "Andrés",
    "Sofía",
    "Diego",
    "Valentina",
    "Yanet",
    "Luis",
    "Ximena",
    "Olena",
    "Nino",
    "Armen",
    "Aigerim",
    "Dilnoza",
    "Elif",
    "Giulia",
    "Lena",
    "Emily",
    "Oliver",
    "Astrid",
    "Haruto",
    "Mwila",
    "Tendai",
    "Chikondi",
    "Nelson",
    "Ngozi",
    "Aya",
    "Koffi",
    "Ibrahim",
    "Fatou",
    "Omar",
    "Hana",
    "Tomás",
    "Zanele",
]
LAST = [
    "Odhiambo",
    "Okafor",
    "Mensah",
    "Nkosi",
    "Bekele",
    "Namusoke",
    "Mwakyusa",
    "Uwase",
    "Ndiaye",
    "Hassan",
    "El Amrani",
    "Ben Salah",
    "Haddad",
    "Khoury",
    "Qureshi",
    "Sharma",
    "Rahman",
    "Thapa",
    "Perera",
    "Santoso",
    "Reyes",
    "Nguyen",
    "Srisuk",
    "Ibrahim",
    "Zhang",
    "Batbayar",
    "Silva",
    "Fernández",
    "Gómez",
    "Hernández",
    "Quispe",
    "Rojas",
    "Pérez",
    "Morales",
    "Mamani",
    "Kovalenko",
    "Beridze",
    "Petrosyan",
    "Nurlanova",
    "Karimova",
    "Yılmaz",
    "Rossi",
    "Schmidt",
    "Johnson",
    "Smith",
    "Lindqvist",
    "Sato",
    "Banda",
    "Moyo",
    "Phiri",
    "Machava",
    "Fotso",
    "Kouassi",
    "Adjovi",
    "Diallo",
    "Sow",
    "Toure",
    "Aziz",
    "Costa",
    "Dlamini",
]
TOPICS = [
    "shared river basins",
    "vaccine manufacturing",
    "climate adaptation in agriculture",
    "ocean governance",
    "antimicrobial resistance",
    "renewable energy grids",
    "biodiversity data",
    "disaster risk reduction",
    "digital public infrastructure",
    "air quality",
]
GENDERS = [Gender.WOMAN, Gender.MAN, "", Gender.WOMAN, Gender.MAN, Gender.NON_BINARY, "", Gender.UNDISCLOSED]


def _name(i, role_index, fallback):
    return COHORT_NAMES[i][role_index] if i < len(COHORT_NAMES) else fallback


def _spec(i):
    country = COUNTRIES[i % len(COUNTRIES)]
    topic = TOPICS[i % len(TOPICS)]
    return {
        "index": i,
        "topic": topic,
        "scientist": (_name(i, 0, f"{FIRST[i % 60]} {LAST[(i * 7) % 60]}"), country, GENDERS[i % 8]),
        "policymaker": (
            _name(i, 1, f"{FIRST[(i + 31) % 60]} {LAST[(i * 7 + 29) % 60]}"),
            CROSS.get(i, country),
            GENDERS[(i + 3) % 8],
        ),
    }


DEMO_CV_NAME = "cvs/demo-cv.pdf"


def _minimal_pdf(text):
    """A one-page PDF showing ``text``, with a correct cross-reference table (no PDF library needed)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _demo_cv():
    """One shared CV file for the demo's submitted applications (they can no longer be changed, so it is never
    replaced or deleted through attach_cv). Returns its storage name."""
    if not default_storage.exists(DEMO_CV_NAME):
        default_storage.save(DEMO_CV_NAME, ContentFile(_minimal_pdf("Curriculum vitae (demo data)")))
    return DEMO_CV_NAME


def _email(i, role):
    return f"pair{i:02d}.{role}@{EMAIL_DOMAIN}"


def seed_selection(count=60):
    course = Course.objects.filter(slug="current").first()
    if course is None:
        return []
    config = get_review_config(course)
    if config.confirm_by is None:
        config.confirm_by = (timezone.now() + datetime.timedelta(days=120)).replace(microsecond=0)
        config.save(update_fields=["confirm_by"])
    criteria = ensure_default_criteria(course)
    for email, first, last in EXTRA_REVIEWERS:
        ensure_user(email, first, last, groups=[RoleGroup.REVIEWER])

    created = _create_applications(course, count)
    if created:
        facilitator = get_user_model().objects.filter(email=FACILITATOR_EMAIL).first()
        assign_reviewers_balanced(course, by=facilitator)
        _write_reviews(course, criteria, config)
        _confirm_cohort(course, facilitator)
        _stage_examples(course, facilitator)
    return [
        ("Reviewer (also reviewer3@, reviewer4@)", "reviewer2@accord.example", DEMO_PASSWORD),
        ("Applicant in the confirmed cohort", _email(0, MemberRole.SCIENTIST), DEMO_PASSWORD),
    ]


def _create_applications(course, count):
    User = get_user_model()
    existing = set(
        Application.objects.filter(course=course, lead__email__endswith="@" + EMAIL_DOMAIN).values_list(
            "lead__email", flat=True
        )
    )
    specs = [_spec(i) for i in range(count) if _email(i, MemberRole.SCIENTIST) not in existing]
    if not specs:
        return 0
    password = make_password(DEMO_PASSWORD)
    wanted = []
    for spec in specs:
        for role in (MemberRole.SCIENTIST, MemberRole.POLICYMAKER):
            name = spec[role][0].split(" ", 1)
            wanted.append(
                User(
                    email=_email(spec["index"], role),
                    username=_email(spec["index"], role),
                    first_name=name[0],
                    last_name=name[1],
                    password=password,
                )
            )
    known = set(User.objects.filter(email__in=[u.email for u in wanted]).values_list("email", flat=True))
    User.objects.bulk_create([u for u in wanted if u.email not in known])
    users = {u.email: u for u in User.objects.filter(email__in=[u.email for u in wanted])}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users.values()],
        ignore_conflicts=True,
    )
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            Application(
                course=course,
                lead=users[_email(s["index"], MemberRole.SCIENTIST)],
                status=ApplicationStatus.SUBMITTED,
                submitted_at=now - datetime.timedelta(hours=s["index"]),
                joint_statement=f"Together we will work on {s['topic']}: the science, and getting it into policy.",
            )
            for s in specs
        ]
    )
    members = []
    for spec, application in zip(specs, applications, strict=True):
        for role in (MemberRole.SCIENTIST, MemberRole.POLICYMAKER):
            name, country, gender = spec[role]
            scientist = role == MemberRole.SCIENTIST
            members.append(
                ApplicationMember(
                    application=application,
                    user=users[_email(spec["index"], role)],
                    role=role,
                    is_lead=scientist,
                    full_name=name,
                    country=country,
                    gender=gender,
                    affiliation="National University" if scientist else "Ministry of Foreign Affairs",
                    position="Senior lecturer" if scientist else "Policy adviser",
                    career_stage=[CareerStage.EARLY, CareerStage.MID, CareerStage.SENIOR][spec["index"] % 3],
                    bio=f"{'Researcher' if scientist else 'Civil servant'} working on {spec['topic']}.",
                    motivation=f"I want to connect {spec['topic']} research with diplomacy in my region.",
                    plans_together=f"A joint policy brief on {spec['topic']} within a year of the course.",
                )
            )
    cv = _demo_cv()
    for member in members:
        member.cv = cv
        member.cv_original_name = f"{member.full_name.replace(' ', '-')}-CV.pdf"
    ApplicationMember.objects.bulk_create(members)
    return len(applications)


def _write_reviews(course, criteria, config):
    pending = list(
        ReviewAssignment.objects.filter(
            application__course=course, conflict_declared_at__isnull=True, review__isnull=True
        )
    )
    rng = random.Random(2024)
    reviews = []
    scores = {}
    for assignment in pending:
        # Strength decreases with the application's index, so the board shows a clear ranking.
        base = 5 - (assignment.application_id % 60) / 20
        values = [
            None
            if rng.random() < 0.05
            else max(config.score_min, min(config.score_max, round(base + rng.uniform(-1, 1))))
            for _ in criteria
        ]
        reviews.append(
            Review(
                assignment=assignment,
                application_id=assignment.application_id,
                reviewer_id=assignment.reviewer_id,
                comment=rng.choice(
                    ["Strong, complementary pair.", "Clear plan for after the course.", "", "Motivation is generic."]
                ),
                weighted_score=weighted_score([(c.weight, v) for c, v in zip(criteria, values, strict=True)]),
            )
        )
        scores[assignment.pk] = values
    Review.objects.bulk_create(reviews)
    saved = Review.objects.filter(assignment_id__in=scores)
    CriterionScore.objects.bulk_create(
        [
            CriterionScore(review=review, criterion=c, score=v)
            for review in saved
            for c, v in zip(criteria, scores[review.assignment_id], strict=True)
        ]
    )


def _confirm_cohort(course, facilitator):
    """The best-ranked twelve pairs are accepted, released and confirmed: the cohort, with its audit trail.

    Written directly rather than through release_decisions (which would queue decision emails to demo
    addresses while no worker may be running yet); the audit log records it as the real path would.
    """
    if Application.objects.filter(course=course, status=ApplicationStatus.CONFIRMED).count() >= COHORT_SIZE:
        return
    now = timezone.now()
    leads = [_email(i, MemberRole.SCIENTIST) for i in range(COHORT_SIZE)]
    for application in Application.objects.filter(
        course=course, lead__email__in=leads, status=ApplicationStatus.SUBMITTED
    ):
        Decision.objects.update_or_create(
            application=application,
            defaults={"outcome": DecisionOutcome.ACCEPT, "released_at": now, "staged_at": now, "confirm_by": now},
        )
        application.status = ApplicationStatus.CONFIRMED
        application.save(update_fields=["status"])
        members = list(application.members.select_related("user"))
        AttendanceResponse.objects.bulk_create(
            [AttendanceResponse(member=m, answer=AttendanceAnswer.CONFIRMED, answered_at=now) for m in members],
            ignore_conflicts=True,
        )
        build_pair(application)
        accepted = {"outcome": DecisionOutcome.ACCEPT, "waitlist_position": None, "flagged": False}
        record_audit(course, facilitator, "stage_decision", application, {}, accepted | {"released": False})
        record_audit(course, facilitator, "release_decision", application, {}, accepted | {"released": True})
        for member in members:
            record_audit(course, member.user, "attendance_confirmed", member, after={"answer": "confirmed"})
        record_audit(
            course, members[-1].user, "confirmed", application, {"status": "accepted"}, {"status": "confirmed"}
        )


# Pairs (by index) whose decisions the demo leaves staged, so that the board and the release page show the
# step between deciding and telling the applicants: two accepts for the remaining places, two waitlisted.
STAGED_EXAMPLES = [
    (12, DecisionOutcome.ACCEPT),
    (13, DecisionOutcome.ACCEPT),
    (14, DecisionOutcome.WAITLIST),
    (15, DecisionOutcome.WAITLIST),
]


def _stage_examples(course, facilitator):
    leads = {_email(i, MemberRole.SCIENTIST): outcome for i, outcome in STAGED_EXAMPLES}
    applications = Application.objects.filter(
        course=course, lead__email__in=leads, status=ApplicationStatus.SUBMITTED, decision__isnull=True
    ).select_related("lead")
    for application in sorted(applications, key=lambda a: a.lead.email):
        stage_decision(application, leads[application.lead.email], by=facilitator)
