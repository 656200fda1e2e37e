import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from course.enums import RoleGroup
from course.models import Course


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw-accord-test")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Verified email by default (allauth requires it); pass verified=False to skip."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class FacilitatorFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=RoleGroup.FACILITATOR)[0])


class ReviewerFactory(UserFactory):
    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=RoleGroup.REVIEWER)[0])


class CourseFactory(factory.django.DjangoModelFactory):
    """An edition whose call is open: opened 30 days ago, closes in 30 days."""

    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Course on Science Diplomacy {2030 + n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    edition_number = factory.Sequence(lambda n: 12 + n)
    venue = "Trieste, Italy"
    timezone = "Europe/Rome"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=120))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=4))
    capacity_pairs = 15
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
