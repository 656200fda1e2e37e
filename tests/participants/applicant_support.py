"""Shared arrangements for the applicant-journey tests."""

from participants.enums import MemberRole
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_application(course=None, complete=True, with_partner=True, lead_role=MemberRole.SCIENTIST, **kwargs):
    """A draft pair application; complete=True fills both sections, CV names and the joint statement."""
    extra = {"course": course} if course else {}
    application = ApplicationFactory(joint_statement="We apply together." if complete else "", **extra, **kwargs)
    other_role = MemberRole.POLICYMAKER if lead_role == MemberRole.SCIENTIST else MemberRole.SCIENTIST
    cv = {"cv": "cvs/test.pdf"} if complete else {}
    ApplicationMemberFactory(application=application, user=application.lead, role=lead_role, is_lead=True, **cv)
    if with_partner:
        ApplicationMemberFactory(application=application, role=other_role, is_lead=False, **cv)
    return application
