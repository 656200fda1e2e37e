"""Demo pair mid-application on the current edition: the lead has started, the partner has joined."""

from course.demo import DEMO_PASSWORD, ensure_user
from course.models import Course
from participants.enums import ApplicationStatus, CareerStage, InvitationStatus, MemberRole
from participants.models import Application, ApplicationMember, Invitation

LEAD_EMAIL = "applicant@accord.example"
PARTNER_EMAIL = "partner@accord.example"


def seed_applicants():
    """Idempotent: the same application, members and accepted invitation on every run; drafts are left as typed."""
    course = Course.objects.filter(slug="current").first()
    if course is None:
        return []
    lead = ensure_user(LEAD_EMAIL, "Amina", "Diallo")
    partner = ensure_user(PARTNER_EMAIL, "Tomás", "Reyes")
    application, _created = Application.objects.get_or_create(
        course=course,
        lead=lead,
        defaults={"status": ApplicationStatus.DRAFT, "joint_statement": ""},
    )
    ApplicationMember.objects.get_or_create(
        application=application,
        user=lead,
        defaults=dict(
            role=MemberRole.SCIENTIST,
            is_lead=True,
            full_name="Amina Diallo",
            country="SN",
            affiliation="Université Cheikh Anta Diop, Dakar",
            position="Research fellow in hydrology",
            career_stage=CareerStage.EARLY,
            bio="Hydrologist working on groundwater in the Senegal River basin.",
            motivation="Shared rivers need shared science. I want to learn how to bring evidence to negotiations.",
        ),
    )
    ApplicationMember.objects.get_or_create(
        application=application,
        user=partner,
        defaults=dict(
            role=MemberRole.POLICYMAKER,
            is_lead=False,
            full_name="Tomás Reyes",
            country="SN",
            affiliation="Ministry of Water and Sanitation",
            position="Policy adviser",
        ),
    )
    Invitation.objects.get_or_create(
        application=application,
        email=PARTNER_EMAIL,
        defaults=dict(
            token_hash=f"demo-accepted-{application.pk}",  # not a hash of any token: the link was already used
            status=InvitationStatus.ACCEPTED,
            created_by=lead,
            sent_at=application.created_at,
            opened_at=application.created_at,
            accepted_at=application.created_at,
            expires_at=course.deadline,
        ),
    )
    return [
        ("Applicant, lead scientist (draft)", LEAD_EMAIL, DEMO_PASSWORD),
        ("Applicant, partner policymaker", PARTNER_EMAIL, DEMO_PASSWORD),
    ]
