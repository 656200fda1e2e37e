import pytest
from django.urls import reverse

from participants.enums import ApplicationStatus
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.participants import ApplicationFactory, make_pair

pytestmark = pytest.mark.django_db


def test_facilitator_home_is_not_found_for_other_users(client):
    client.force_login(UserFactory())

    assert client.get(reverse("course:facilitator_home")).status_code == 404


def test_facilitator_home_shows_each_editions_figures(client):
    course = CourseFactory(capacity_pairs=15)
    ApplicationFactory.create_batch(2, course=course, status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(course=course, status=ApplicationStatus.DRAFT)
    ApplicationFactory(course=course, status=ApplicationStatus.CONFIRMED)
    make_pair(course=course)
    client.force_login(FacilitatorFactory())

    body = client.get(reverse("course:facilitator_home")).content.decode()

    assert "<strong>3</strong> submitted · 1 draft</p>" in body  # one draft, not "1 drafts" (issue 21)
    assert "<strong>1</strong> / 15 pairs accepted · 1 in the cohort" in body
    assert "Not published yet" in body


@pytest.mark.parametrize("count", [1, 3])
def test_facilitator_home_query_count_is_constant(client, django_assert_num_queries, count):
    CourseFactory.create_batch(count)
    client.force_login(FacilitatorFactory())

    with django_assert_num_queries(2):
        response = client.get(reverse("course:facilitator_home"))

    assert response.content.decode().count('class="card facilitator-course"') == count


def test_facilitator_home_counts_read_in_the_plural_when_there_are_several(client):
    course = CourseFactory(capacity_pairs=1)
    ApplicationFactory.create_batch(2, course=course, status=ApplicationStatus.DRAFT)
    client.force_login(FacilitatorFactory())

    body = client.get(reverse("course:facilitator_home")).content.decode()

    assert "<strong>0</strong> submitted · 2 drafts" in body
    assert "<strong>0</strong> / 1 pair accepted" in body
    assert "<strong>0</strong> tables" in body


def test_facilitator_home_renders_right_to_left_in_arabic(client):
    client.force_login(FacilitatorFactory())
    CourseFactory()

    body = client.get(reverse("course:facilitator_home"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()

    assert '<html lang="ar" dir="rtl">' in body  # the team's pages ship no catalogue: the words stay English
    assert "Facilitator pages" in body
