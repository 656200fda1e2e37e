import datetime

import factory
from django.utils import timezone

from evaluation.enums import InstrumentPurpose, QuestionKind, RequestStatus
from evaluation.models import FollowUpConsent, FollowUpRequest, FollowUpWave, Instrument, Question
from tests.factories.course import CourseFactory
from tests.factories.participants import ParticipantFactory


class InstrumentFactory(factory.django.DjangoModelFactory):
    """An attributed instrument of type "other", open from yesterday until in a week."""

    class Meta:
        model = Instrument

    course = factory.SubFactory(CourseFactory)
    purpose = InstrumentPurpose.OTHER
    title = factory.Sequence(lambda n: f"Questionnaire {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    instrument = factory.SubFactory(InstrumentFactory)
    kind = QuestionKind.LIKERT_5
    key = factory.Sequence(lambda n: f"item-{n}")
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Question {n}?")
    anchor_low = "Not at all"
    anchor_high = "Completely"


def choices(*labels):
    return [{"key": "abcdefgh"[i], "label": label} for i, label in enumerate(labels)]


class FollowUpWaveFactory(factory.django.DjangoModelFactory):
    """A wave open since yesterday, due in two weeks, closing in six."""

    class Meta:
        model = FollowUpWave

    course = factory.SubFactory(CourseFactory)
    months_after = factory.Sequence(lambda n: 3 + n)
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    due_on = factory.LazyAttribute(lambda o: o.opens_on + datetime.timedelta(days=15))
    closes_on = factory.LazyAttribute(lambda o: o.opens_on + datetime.timedelta(days=43))
    target_rate = 50


class FollowUpConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpConsent

    participant = factory.SubFactory(ParticipantFactory)
    consented = True
    decided_at = factory.LazyFunction(timezone.now)


class FollowUpRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpRequest

    wave = factory.SubFactory(FollowUpWaveFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = RequestStatus.PENDING
