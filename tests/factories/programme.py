"""Factories for the programme models (programme/models.py)."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from programme.domain.snapshots import empty_snapshot
from programme.enums import ConfirmationState, MaterialKind, MaterialVisibility, PackState, SessionKind, Track
from programme.models import (
    CalendarFeedToken,
    Material,
    PairGroup,
    ProgrammeRelease,
    Room,
    Session,
    Speaker,
    SpeakerAvailability,
    SpeakerConfirmation,
    SpeakerSignInLink,
    WeekPack,
)
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


TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SpeakerSignInLinkFactory(factory.django.DjangoModelFactory):
    """A stored link; tests that need the raw token use programme.domain.speakers.issue_sign_in_link."""

    class Meta:
        model = SpeakerSignInLink

    speaker = factory.SubFactory(SpeakerFactory, email=factory.Sequence(lambda n: f"speaker{n}@test.example"))
    email = factory.LazyAttribute(lambda o: o.speaker.email)
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class SpeakerAvailabilityFactory(factory.django.DjangoModelFactory):
    """08:00–13:00 on the course's first day."""

    class Meta:
        model = SpeakerAvailability

    speaker = factory.SubFactory(SpeakerFactory)
    starts_at = factory.LazyAttribute(lambda o: local(o.speaker.course, 0, 8))
    ends_at = factory.LazyAttribute(lambda o: local(o.speaker.course, 0, 13))


class SpeakerConfirmationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerConfirmation

    speaker = factory.SubFactory(SpeakerFactory)
    session = factory.SubFactory(SessionFactory, course=factory.SelfAttribute("..speaker.course"))
    state = ConfirmationState.CONFIRMED


class MaterialFactory(factory.django.DjangoModelFactory):
    """A tiny PDF of slides for the cohort."""

    class Meta:
        model = Material

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"Slides {n}")
    kind = MaterialKind.SLIDES
    visibility = MaterialVisibility.COHORT
    file_type = "pdf"
    original_name = "slides.pdf"
    size = len(TINY_PDF)
    file = factory.LazyFunction(lambda: ContentFile(TINY_PDF, name="material.pdf"))


class WeekPackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeekPack

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    state = PackState.QUEUED
