import datetime
import re

import pytest
from django.urls import reverse

from participants.domain.review import assign_reviewer, ensure_default_criteria, get_review_config
from participants.models import Review, ReviewAssignment
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.review import submitted_application


@pytest.fixture
def queue(db):
    """A reviewer with three assigned applications in one course."""
    reviewer = ReviewerFactory()
    course = CourseFactory()
    apps = [submitted_application(course) for _ in range(3)]
    for app in apps:
        assign_reviewer(app, reviewer)
    return reviewer, course, apps


def score_data(course, value="4"):
    return {f"criterion_{c.pk}": value for c in ensure_default_criteria(course)}


def test_review_form_links_previous_and_next_in_the_queue(client, queue):
    reviewer, course, apps = queue
    client.force_login(reviewer)

    html = client.get(reverse("participants:review_application", args=[apps[1].pk])).content.decode()

    assert f'rel="prev" accesskey="p" href="{reverse("participants:review_application", args=[apps[0].pk])}"' in html
    assert f'rel="next" accesskey="n" href="{reverse("participants:review_application", args=[apps[2].pk])}"' in html
    assert 'type="radio"' in html and "Abstain" in html


def test_review_save_and_next_goes_to_the_next_application(client, queue):
    reviewer, course, apps = queue
    client.force_login(reviewer)
    data = score_data(course) | {"comment": "Solid", "save_next": "1"}

    response = client.post(reverse("participants:review_application", args=[apps[0].pk]), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:review_application", args=[apps[1].pk])
    assert Review.objects.get(application=apps[0]).weighted_score == 4


def test_review_with_a_missing_score_rerenders_with_what_was_typed(client, queue):
    reviewer, course, apps = queue
    client.force_login(reviewer)
    data = score_data(course)
    first_key = next(iter(data))
    data.pop(first_key)
    data["comment"] = "Half-finished thoughts"

    response = client.post(reverse("participants:review_application", args=[apps[0].pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Half-finished thoughts" in html and "Give a score or choose Abstain." in html
    assert not Review.objects.exists()


def test_review_with_abstentions_is_saved(client, queue):
    reviewer, course, apps = queue
    client.force_login(reviewer)

    client.post(reverse("participants:review_application", args=[apps[0].pk]), score_data(course, "abstain"))

    assert Review.objects.get().weighted_score is None


def test_declaring_a_conflict_hands_the_application_to_another_reviewer(client, queue):
    reviewer, course, apps = queue
    other = ReviewerFactory()
    client.force_login(reviewer)

    response = client.post(reverse("participants:review_conflict", args=[apps[0].pk]), {"reason": "Co-author"})

    assert response.status_code == 302
    assert ReviewAssignment.objects.get(application=apps[0], reviewer=other).conflict_declared_at is None
    assert client.get(reverse("participants:review_application", args=[apps[0].pk])).status_code == 404


def test_automatic_assignment_from_the_assignments_page(client, db):
    course = CourseFactory()
    for _ in range(3):
        ReviewerFactory()
    submitted_application(course)
    client.force_login(FacilitatorFactory())

    client.post(reverse("participants:review_assignments", args=[course.slug]), {"action": "auto"})

    assert ReviewAssignment.objects.count() == 3


def test_review_settings_change_weights_and_recompute_scores(client, queue):
    reviewer, course, apps = queue
    criteria = ensure_default_criteria(course)
    client.force_login(reviewer)
    data = score_data(course, "2") | {f"criterion_{criteria[0].pk}": "5"}
    client.post(reverse("participants:review_application", args=[apps[0].pk]), data)
    client.force_login(FacilitatorFactory())
    form = {
        "score_min": 1,
        "score_max": 5,
        "reviews_per_application": 3,
        "review_period_ends_at": "",
        "confirm_by": "",
        "criteria-TOTAL_FORMS": 4,
        "criteria-INITIAL_FORMS": 4,
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(criteria):
        form |= {
            f"criteria-{i}-id": c.pk,
            f"criteria-{i}-name": c.name,
            f"criteria-{i}-description": "",
            f"criteria-{i}-weight": "2" if i == 0 else "0",
            f"criteria-{i}-order": i,
        }

    response = client.post(reverse("participants:review_settings", args=[course.slug]), form)

    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    assert Review.objects.get().weighted_score == 5


def test_review_settings_with_a_bad_scale_rerenders_the_form(client, db):
    course = CourseFactory()
    client.force_login(FacilitatorFactory())
    client.get(reverse("participants:review_settings", args=[course.slug]))
    form = {
        "score_min": 5,
        "score_max": 3,
        "reviews_per_application": 2,
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
    }

    response = client.post(reverse("participants:review_settings", args=[course.slug]), form)

    assert response.status_code == 200
    assert "The highest score must be above the lowest." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_review_queue_query_count_is_constant(client, db, django_assert_num_queries, count):
    reviewer = ReviewerFactory()
    course = CourseFactory()
    for _ in range(count):
        assign_reviewer(submitted_application(course), reviewer)
    client.force_login(reviewer)

    with django_assert_num_queries(3):
        response = client.get(reverse("participants:review_queue"))

    assert len(re.findall(r'href="/apply/reviews/\d+/"', response.content.decode())) == count


@pytest.mark.parametrize("count", [1, 3])
def test_assignments_page_query_count_is_constant(client, db, django_assert_num_queries, count):
    course = CourseFactory()
    reviewer = ReviewerFactory()
    for _ in range(count):
        assign_reviewer(submitted_application(course), reviewer)
    client.force_login(FacilitatorFactory())

    with django_assert_num_queries(11):
        response = client.get(reverse("participants:review_assignments", args=[course.slug]))

    assert response.status_code == 200


def test_review_settings_read_dates_in_the_course_time_zone(client, db):
    course = CourseFactory(timezone="Europe/Rome")
    client.force_login(FacilitatorFactory())
    client.get(reverse("participants:review_settings", args=[course.slug]))
    form = {
        "score_min": 1,
        "score_max": 5,
        "reviews_per_application": 2,
        "review_period_ends_at": "2030-03-01T12:00",
        "confirm_by": "2030-07-01T12:00",
        "criteria-TOTAL_FORMS": 0,
        "criteria-INITIAL_FORMS": 0,
    }

    client.post(reverse("participants:review_settings", args=[course.slug]), form)

    config = get_review_config(course)
    assert config.review_period_ends_at.astimezone(datetime.UTC).hour == 11  # CET, UTC+1
    assert config.confirm_by.astimezone(datetime.UTC).hour == 10  # CEST, UTC+2
    html = client.get(reverse("participants:review_settings", args=[course.slug])).content.decode()
    assert 'value="2030-03-01T12:00"' in html
