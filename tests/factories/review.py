"""Factories for review and selection models, plus a helper for a submitted pair application."""

import factory
from django.utils import timezone

from participants.enums import ApplicationStatus, DecisionMailKind, MemberRole
from participants.models import (
    AttendanceResponse,
    AuditLogEntry,
    CriterionScore,
    Decision,
    DecisionEmailTemplate,
    OutboxMail,
    Review,
    ReviewAssignment,
    ReviewConfig,
    ReviewCriterion,
)
from tests.factories.course import CourseFactory, ReviewerFactory, UserFactory
from tests.factories.participants import ApplicationFactory, ApplicationMemberFactory


def submitted_application(course=None, countries=("KE", "KE"), genders=("", ""), status=ApplicationStatus.SUBMITTED):
    """A complete pair application (scientist lead + policymaker), submitted, with two member users."""
    course = course or CourseFactory()
    scientist_user = UserFactory()
    application = ApplicationFactory(
        course=course, lead=scientist_user, status=status, submitted_at=timezone.now(), joint_statement="Together."
    )
    ApplicationMemberFactory(
        application=application,
        user=scientist_user,
        role=MemberRole.SCIENTIST,
        is_lead=True,
        country=countries[0],
        gender=genders[0],
    )
    ApplicationMemberFactory(
        application=application, role=MemberRole.POLICYMAKER, country=countries[1], gender=genders[1]
    )
    return application


class ReviewConfigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewConfig
        django_get_or_create = ("course",)

    course = factory.SubFactory(CourseFactory)
    reviews_per_application = 3


class ReviewCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCriterion

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    order = factory.Sequence(int)


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    application = factory.LazyFunction(submitted_application)
    reviewer = factory.SubFactory(ReviewerFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(ReviewAssignmentFactory)
    application = factory.SelfAttribute("assignment.application")
    reviewer = factory.SelfAttribute("assignment.reviewer")
    weighted_score = 3.0
    comment = "Strong pair."


class CriterionScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionScore

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(ReviewCriterionFactory)
    score = 3


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    application = factory.LazyFunction(submitted_application)
    outcome = "accept"


class AttendanceResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttendanceResponse

    member = factory.SubFactory(ApplicationMemberFactory)
    answer = "confirmed"


class DecisionEmailTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionEmailTemplate

    course = factory.SubFactory(CourseFactory)
    kind = DecisionMailKind.ACCEPTED
    subject = "Welcome to {{ course }}"
    body = "Dear {{ names }}, confirm by {{ confirm_by }}: {{ confirm_url }}"


class OutboxMailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMail

    key = factory.Sequence(lambda n: f"test:{n}")
    course = factory.SubFactory(CourseFactory)
    kind = DecisionMailKind.ACCEPTED
    recipient = factory.Sequence(lambda n: f"recipient{n}@example.org")
    subject = "Subject"
    body = "Body"


class AuditLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditLogEntry

    course = factory.SubFactory(CourseFactory)
    actor = factory.SubFactory(UserFactory)
    action = "stage_decision"
    object_type = "application"
    object_id = "1"
    object_repr = "Application #1"
