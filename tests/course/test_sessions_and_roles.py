"""Sessions come from the cache and survive its outage (course.sessions); the user's staff roles are loaded
with the user in one query and apply on the next request (course.auth_backends)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from course.auth_backends import ModelBackend, user_with_roles
from course.enums import RoleGroup
from course.rules import is_facilitator, is_reviewer
from tests.factories.course import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db

UNREACHABLE_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # a Redis nobody listens to: every call fails at once with "connection refused"
    "down": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
}


def test_a_logged_in_page_works_while_the_session_cache_is_down(client):
    user = FacilitatorFactory()
    client.force_login(user)  # written to the database (and to the working cache)

    with override_settings(CACHES=UNREACHABLE_CACHES, SESSION_CACHE_ALIAS="down"):
        response = client.get(reverse("course:facilitator_home"))

    assert response.status_code == 200  # the session came from the database alone
    assert response.wsgi_request.user == user


def test_the_session_is_read_from_the_cache(client, django_assert_num_queries):
    client.force_login(UserFactory())
    client.get(reverse("simulations:my_runs"))

    with django_assert_num_queries(2):  # the user with its roles, the runs; no session query
        response = client.get(reverse("simulations:my_runs"))

    assert response.status_code == 200


def test_roles_come_with_the_user_and_apply_on_the_next_request(client):
    user = UserFactory()
    client.force_login(user)
    facilitate = reverse("course:facilitator_home")

    before = client.get(reverse("simulations:my_runs")).content.decode()
    user.groups.add(Group.objects.get_or_create(name=RoleGroup.FACILITATOR)[0])
    granted = client.get(reverse("simulations:my_runs"))
    user.groups.clear()
    withdrawn = client.get(reverse("simulations:my_runs"))

    assert facilitate not in before
    assert facilitate in granted.content.decode()
    assert granted.wsgi_request.user.accord_in_facilitators is True  # loaded by course.auth_backends
    assert facilitate not in withdrawn.content.decode()
    assert client.get(facilitate).status_code == 404  # not a facilitator any more: no such page for them


def test_role_rules_hold_for_users_loaded_any_way():
    facilitator = FacilitatorFactory()
    plain = UserFactory()

    assert is_facilitator(facilitator) and not is_reviewer(facilitator)
    assert not is_facilitator(plain) and not is_reviewer(plain)


def test_user_loading_refuses_odd_ids_and_finds_real_ones():

    user = FacilitatorFactory()
    loaded = ModelBackend().get_user(user.pk)

    assert loaded == user and loaded.accord_in_facilitators is True and loaded.accord_in_reviewers is False
    assert ModelBackend().get_user("not a number") is None
    assert ModelBackend().get_user(10**15) is None
    assert ModelBackend().get_user(-1) is None


def test_the_loaded_user_has_every_field_as_the_orm_reads_it():
    # user_with_roles runs its query on a plain cursor and converts the values itself (SQLite keeps datetimes
    # as text): every field must come out exactly as a queryset would give it.

    user = FacilitatorFactory(first_name="Ada ⁦עברית⁩", last_login=timezone.now())
    loaded = user_with_roles(user.pk)
    expected = get_user_model().objects.get(pk=user.pk)

    for field in get_user_model()._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.attname
    assert loaded.last_login.tzinfo is not None
    assert loaded._state.adding is False and loaded._state.db == "default"  # saving it updates, not inserts
