"""Factories for the programme models (programme/models.py)."""

import datetime

import factory
from django.utils import timezone

from programme.domain.snapshots import empty_snapshot
from programme.enums import SessionKind, Track
from programme.models import CalendarFeedToken, PairGroup, ProgrammeRelease, Room, Session, Speaker
from tests.factories.course import CourseFactory, UserFactory


def local(course, day_offset, hour, minute=0):
    """An aware datetime on the course's day ``day_offset`` (0 = first day) at a wall-clock time."""
    day = course.starts_on + datetime.timedelta(days=day_offset)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=course.tzinfo)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 60


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    course = factory.SubFactory(CourseFactory)
    name = factory.Faker("name")
    title = "Senior Adviser"
    affiliation = "Institute for Science Diplomacy"
    bio = factory.Faker("paragraph")


class PairGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairGroup
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Group {n}")

    @factory.post_generation
    def pairs(self, create, extracted, **kwargs):
        if create and extracted:
            self.pairs.set(extracted)


class SessionFactory(factory.django.DjangoModelFactory):
    """A one-hour lecture for everyone at 09:00 on the course's first day, in no room."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    kind = SessionKind.LECTURE
    track = Track.SCIENCE_FOR_DIPLOMACY
    title = factory.Sequence(lambda n: f"Session {n}")
    abstract = "An abstract."
    starts_at = factory.LazyAttribute(lambda o: local(o.course, 0, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    for_everyone = True

    @factory.post_generation
    def speakers(self, create, extracted, **kwargs):
        if create and extracted:
            self.speakers.set(extracted)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(extracted)


class ProgrammeReleaseFactory(factory.django.DjangoModelFactory):
    """A bare release; tests of real releases use programme.domain.releases.publish_release."""

    class Meta:
        model = ProgrammeRelease

    course = factory.SubFactory(CourseFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Programme"
    published_at = factory.LazyFunction(timezone.now)
    snapshot = factory.LazyFunction(empty_snapshot)


class CalendarFeedTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeedToken

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
