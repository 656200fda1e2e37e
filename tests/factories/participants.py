import factory

from participants.enums import ApplicationStatus, MemberRole
from participants.models import Application, ApplicationMember, Pair, Participant
from tests.factories.course import CourseFactory, UserFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    course = factory.SubFactory(CourseFactory)
    lead = factory.SubFactory(UserFactory)
    status = ApplicationStatus.DRAFT
    joint_statement = ""


class ApplicationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationMember

    application = factory.SubFactory(ApplicationFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.SCIENTIST
    full_name = factory.Faker("name")
    country = "KE"
    affiliation = factory.Faker("company")
    position = "Researcher"
    career_stage = "early"
    bio = factory.Faker("paragraph")
    motivation = factory.Faker("paragraph")
    plans_together = factory.Faker("paragraph")


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    course = factory.SubFactory(CourseFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    pair = factory.SubFactory(PairFactory)
    user = factory.SubFactory(UserFactory)
    role = MemberRole.SCIENTIST
    full_name = factory.Faker("name")
    country = "KE"


def make_pair(course=None, country="KE", policymaker_country=None):
    """A cohort pair with both participants: returns (pair, scientist, policymaker)."""
    pair = PairFactory(course=course) if course else PairFactory()
    scientist = ParticipantFactory(pair=pair, role=MemberRole.SCIENTIST, country=country)
    policymaker = ParticipantFactory(pair=pair, role=MemberRole.POLICYMAKER, country=policymaker_country or country)
    return pair, scientist, policymaker
