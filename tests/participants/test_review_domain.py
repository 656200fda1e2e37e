import datetime
from collections import Counter

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participants.domain.review import (
    AssignmentNeed,
    ReviewRefused,
    applicant_user_ids,
    assign_reviewer,
    assign_reviewers_balanced,
    declare_conflict,
    ensure_default_criteria,
    get_review_config,
    plan_balanced_assignment,
    queue_neighbours,
    save_review,
    weighted_score,
)
from participants.models import Review, ReviewAssignment
from tests.factories.course import CourseFactory, ReviewerFactory, UserFactory
from tests.factories.review import ReviewAssignmentFactory, submitted_application


@settings(max_examples=150, deadline=None)
@given(
    applications=st.integers(min_value=0, max_value=40),
    reviewer_count=st.integers(min_value=1, max_value=9),
    per_application=st.integers(min_value=1, max_value=4),
)
def test_plan_balanced_assignment_without_exclusions_keeps_loads_within_one(
    applications, reviewer_count, per_application
):
    reviewer_ids = list(range(100, 100 + reviewer_count))
    needs = [AssignmentNeed(a, frozenset(), frozenset()) for a in range(applications)]

    plan = plan_balanced_assignment(needs, reviewer_ids, per_application)

    per_app = Counter(a for a, _ in plan)
    assert all(per_app[a] == min(per_application, reviewer_count) for a in range(applications))
    assert len(set(plan)) == len(plan), "a reviewer twice on one application"
    loads = Counter(r for _, r in plan)
    all_loads = [loads[r] for r in reviewer_ids]
    assert max(all_loads) - min(all_loads) <= 1


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    reviewer_count=st.integers(min_value=1, max_value=8),
    per_application=st.integers(min_value=1, max_value=3),
)
def test_plan_balanced_assignment_never_assigns_an_excluded_reviewer(data, reviewer_count, per_application):
    reviewer_ids = list(range(reviewer_count))
    needs = data.draw(
        st.lists(
            st.builds(
                lambda a, ex: (a, frozenset(ex)),
                st.integers(0, 10_000),
                st.sets(st.sampled_from(reviewer_ids), max_size=2),
            ),
            max_size=30,
            unique_by=lambda t: t[0],
        )
    )
    needs = [AssignmentNeed(a, ex, frozenset()) for a, ex in needs]

    plan = plan_balanced_assignment(needs, reviewer_ids, per_application)

    by_app = {n.application_id: n for n in needs}
    assert all(r not in by_app[a].excluded for a, r in plan)
    per_app = Counter(a for a, _ in plan)
    for need in needs:
        eligible = len(set(reviewer_ids) - need.excluded)
        assert per_app[need.application_id] == min(per_application, eligible)


@settings(max_examples=100, deadline=None)
@given(
    applications=st.integers(min_value=1, max_value=25),
    reviewer_count=st.integers(min_value=4, max_value=8),
    self_applicants=st.integers(min_value=0, max_value=3),
)
def test_plan_balanced_assignment_with_a_few_reviewer_applicants_stays_nearly_even(
    applications, reviewer_count, self_applicants
):
    # Each reviewer who applied is excluded from one application only: loads differ by at most 2.
    reviewer_ids = list(range(reviewer_count))
    needs = [
        AssignmentNeed(a, frozenset({a}) if a < self_applicants else frozenset(), frozenset())
        for a in range(applications)
    ]

    plan = plan_balanced_assignment(needs, reviewer_ids, 3)

    loads = Counter(r for _, r in plan)
    all_loads = [loads[r] for r in reviewer_ids]
    assert max(all_loads) - min(all_loads) <= 2
    assert all(r != a for a, r in plan if a < self_applicants)


@pytest.mark.django_db
def test_assign_reviewers_balanced_skips_a_reviewer_who_applied():
    course = CourseFactory()
    reviewers = [ReviewerFactory() for _ in range(4)]
    applications = [submitted_application(course) for _ in range(6)]
    applications[0].members.filter(role="policymaker").update(user=reviewers[0])

    created = assign_reviewers_balanced(course)

    assert created == 18
    assert not ReviewAssignment.objects.filter(application=applications[0], reviewer=reviewers[0]).exists()
    loads = Counter(ReviewAssignment.objects.values_list("reviewer_id", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1


@pytest.mark.django_db
def test_assign_reviewers_balanced_twice_adds_nothing():
    course = CourseFactory()
    for _ in range(3):
        ReviewerFactory()
    submitted_application(course)
    assign_reviewers_balanced(course)

    assert assign_reviewers_balanced(course) == 0


@pytest.mark.django_db
def test_assign_reviewer_refuses_an_applicant_of_the_application():
    application = submitted_application()
    reviewer = application.lead
    reviewer.groups.add(ReviewerFactory().groups.first())

    with pytest.raises(ReviewRefused):
        assign_reviewer(application, reviewer)

    assert not ReviewAssignment.objects.exists()


@pytest.mark.django_db
def test_assign_reviewer_refuses_someone_outside_the_reviewers_group():
    with pytest.raises(ReviewRefused):
        assign_reviewer(submitted_application(), UserFactory())


@pytest.mark.django_db
def test_declare_conflict_reassigns_to_another_eligible_reviewer():
    application = submitted_application()
    first, second = ReviewerFactory(), ReviewerFactory()
    assignment = assign_reviewer(application, first)
    save_review(assignment, {c.pk: 3 for c in ensure_default_criteria(application.course)})

    new = declare_conflict(assignment, reason="My former student")

    assert new.reviewer == second
    assignment.refresh_from_db()
    assert assignment.conflict_declared_at is not None
    assert not Review.objects.filter(assignment=assignment).exists()


@pytest.mark.django_db
def test_declare_conflict_without_other_reviewers_leaves_it_unassigned():
    application = submitted_application()
    assignment = assign_reviewer(application, ReviewerFactory())

    assert declare_conflict(assignment) is None
    with pytest.raises(ReviewRefused):
        declare_conflict(assignment)


@pytest.mark.django_db
def test_save_review_weighs_scores_and_skips_abstentions():
    assignment = ReviewAssignmentFactory()
    criteria = ensure_default_criteria(assignment.application.course)
    criteria[0].weight = 3
    criteria[0].save()
    scores = {criteria[0].pk: 5, criteria[1].pk: 1, criteria[2].pk: None, criteria[3].pk: None}

    review = save_review(assignment, scores, "Good")

    assert review.weighted_score == pytest.approx((3 * 5 + 1) / 4)
    assert review.scores.filter(score__isnull=True).count() == 2


def test_weighted_score_of_only_abstentions_is_none():
    assert weighted_score([(1, None), (2, None)]) is None


@pytest.mark.django_db
def test_save_review_refuses_a_score_outside_the_scale():
    assignment = ReviewAssignmentFactory()
    criteria = ensure_default_criteria(assignment.application.course)

    with pytest.raises(ReviewRefused):
        save_review(assignment, {c.pk: 6 for c in criteria})

    assert not Review.objects.exists()


@pytest.mark.django_db
def test_save_review_after_the_review_period_is_refused():
    assignment = ReviewAssignmentFactory()
    course = assignment.application.course
    config = get_review_config(course)
    config.review_period_ends_at = timezone.now() + datetime.timedelta(days=1)
    config.save()
    scores = {c.pk: 4 for c in ensure_default_criteria(course)}
    save_review(assignment, scores)

    late = config.review_period_ends_at + datetime.timedelta(seconds=1)
    with time_machine.travel(late), pytest.raises(ReviewRefused, match="frozen"):
        save_review(assignment, dict.fromkeys(scores, 1))

    assert Review.objects.get().weighted_score == 4


@pytest.mark.django_db
def test_queue_neighbours_walks_the_reviewers_queue_in_order():
    reviewer = ReviewerFactory()
    course = CourseFactory()
    apps = [submitted_application(course) for _ in range(3)]
    for app in apps:
        ReviewAssignmentFactory(application=app, reviewer=reviewer)

    assert queue_neighbours(reviewer, apps[1].pk) == (apps[0].pk, apps[2].pk, 2, 3)
    assert queue_neighbours(reviewer, apps[0].pk)[0] is None


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    conflicts=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), max_size=8),
    reviewer_applied=st.booleans(),
)
def test_conflicts_never_leave_an_applicant_or_a_conflicted_reviewer_assigned(conflicts, reviewer_applied):
    with transaction.atomic():
        course = CourseFactory()
        reviewers = [ReviewerFactory() for _ in range(5)]
        applications = [submitted_application(course) for _ in range(4)]
        if reviewer_applied:
            applications[0].members.filter(role="policymaker").update(user=reviewers[0])
        config = get_review_config(course)
        config.reviews_per_application = 2
        config.save()
        assign_reviewers_balanced(course)

        for app_index, reviewer_index in conflicts:
            assignment = ReviewAssignment.objects.filter(
                application=applications[app_index], reviewer=reviewers[reviewer_index], conflict_declared_at=None
            ).first()
            if assignment:
                declare_conflict(assignment)

        reviewer_ids = {r.pk for r in reviewers}
        for application in applications:
            rows = ReviewAssignment.objects.filter(application=application)
            active = {a.reviewer_id for a in rows if a.conflict_declared_at is None}
            conflicted = {a.reviewer_id for a in rows if a.conflict_declared_at is not None}
            applicants = applicant_user_ids(application)
            assert not active & conflicted
            assert not active & applicants
            assert len(active) == min(2, len(reviewer_ids - conflicted - applicants))
        transaction.set_rollback(True)
