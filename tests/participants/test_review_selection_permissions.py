"""Every review and selection view against the six kinds of visitor. Object-level denial is a 404."""

import pytest
from django.urls import reverse

from participants.domain.review import assign_reviewer
from participants.domain.selection import release_decisions, stage_decision
from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory
from tests.factories.review import submitted_application

ACTORS = ["anonymous", "applicant", "other_applicant", "assigned_reviewer", "unassigned_reviewer", "facilitator"]


@pytest.fixture
def world(db):
    course = CourseFactory(slug="perm")
    application = submitted_application(course)
    other = submitted_application(course)
    assigned, unassigned = ReviewerFactory(), ReviewerFactory()
    assign_reviewer(application, assigned)
    facilitator = FacilitatorFactory()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(course, by=facilitator)
    return {
        "course": course,
        "application": application,
        "anonymous": None,
        "applicant": application.lead,
        "other_applicant": other.lead,
        "assigned_reviewer": assigned,
        "unassigned_reviewer": unassigned,
        "facilitator": facilitator,
    }


FACILITATOR_ONLY = dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "facilitator": 200}
FACILITATOR_POST = dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "facilitator": 302}

CASES = [
    (
        "review_queue",
        "get",
        {},
        dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "assigned_reviewer": 200, "unassigned_reviewer": 200},
    ),
    (
        "review_application",
        "get",
        {"application_pk": "app"},
        dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "assigned_reviewer": 200},
    ),
    (
        "review_application",
        "post",
        {"application_pk": "app"},
        dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "assigned_reviewer": 200},  # 200: empty form re-rendered
    ),
    (
        "review_conflict",
        "post",
        {"application_pk": "app"},
        dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "assigned_reviewer": 302},
    ),
    ("confirm_attendance", "get", {"pk": "app"}, dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "applicant": 200}),
    ("confirm_attendance", "post", {"pk": "app"}, dict.fromkeys(ACTORS, 404) | {"anonymous": 302, "applicant": 302}),
    ("selection_board", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("review_settings", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("review_settings", "post", {"course_slug": "perm"}, FACILITATOR_ONLY),  # 200: empty form re-rendered
    ("review_assignments", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("review_assignments", "post", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("selection_application", "get", {"course_slug": "perm", "pk": "app"}, FACILITATOR_ONLY),
    ("selection_stage", "post", {"course_slug": "perm", "pk": "app"}, FACILITATOR_POST),
    ("selection_release", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("selection_release", "post", {"course_slug": "perm"}, FACILITATOR_POST),
    ("selection_emails", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("selection_email_edit", "get", {"course_slug": "perm", "kind": "accepted"}, FACILITATOR_ONLY),
    ("selection_email_edit", "post", {"course_slug": "perm", "kind": "accepted"}, FACILITATOR_ONLY),
    ("selection_outbox", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("selection_audit", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("selection_cohort", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("export_applications", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
    ("export_cohort", "get", {"course_slug": "perm"}, FACILITATOR_ONLY),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(("name", "method", "kwargs", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_view_permission(client, world, actor, name, method, kwargs, expected):
    kwargs = {k: world["application"].pk if v == "app" else v for k, v in kwargs.items()}
    user = world[actor]
    if user is not None:
        client.force_login(user)

    response = getattr(client, method)(reverse(f"participants:{name}", kwargs=kwargs))

    assert response.status_code == expected[actor], f"{actor} on {name} ({method})"
    if expected[actor] == 302 and actor == "anonymous":
        assert "/accounts/login/" in response["Location"]
