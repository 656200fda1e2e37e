"""Factories of the course team's own call: questions, answers, follow-up forms, referee requests."""

import datetime

import factory
from django.utils import timezone

from participants.domain.deadlines import hash_secret
from participants.enums import QuestionKind, QuestionPurpose, QuestionScope
from participants.models import Answer, FollowUpForm, Question, RefereeRequest
from tests.factories.course import CourseFactory, UserFactory
from tests.factories.participants import ApplicationFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    course = factory.SubFactory(CourseFactory)
    purpose = QuestionPurpose.APPLICATION
    key = factory.Sequence(lambda n: f"question_{n}")
    kind = QuestionKind.SHORT_TEXT
    scope = QuestionScope.MEMBER
    label = factory.Sequence(lambda n: f"Question {n}")
    required = True
    position = factory.Sequence(lambda n: 10 * (n + 1))


class FollowUpFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpForm

    course = factory.SubFactory(CourseFactory)
    key = factory.Sequence(lambda n: f"form{n}")
    title = factory.Sequence(lambda n: f"Follow-up form {n}")
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    application = factory.SubFactory(ApplicationFactory)
    value = "An answer"


class RefereeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefereeRequest

    application = factory.SubFactory(ApplicationFactory)
    requested_by = factory.SubFactory(UserFactory)
    name = "Dr Referee"
    email = factory.Sequence(lambda n: f"referee{n}@example.org")
    token_hash = factory.Sequence(lambda n: hash_secret(f"token-{n}"))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=40))
