"""Benchmark: the selection board with 2,000 submitted applications, 3 reviews each, and every member's answer to
one of the course team's own questions (issue 14: the board shows, filters and sorts by it).

Builds the data in a throw-away database (a test database on PostgreSQL when DATABASE_URL is set, otherwise
a temporary SQLite file), then requests the board through Django's test Client as a facilitator and reports
the number of queries (measured at 20 and at 2,000 applications: it must be the same) and the median server
time over several requests. Targets: at most 15 queries, constant; median under 300 ms.

Run from the repository root: .venv/bin/python bench/selection_board.py [--applications N] [--repeat R]
The last line printed is one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

REVIEWERS = 24
COUNTRIES = ["KE", "NG", "GH", "IN", "BR", "MX", "EG", "ID", "VN", "PK", "CO", "ZA", "IT", "DE", "US", "TR", "PE"]


def build(course, start, stop, reviewers, criteria, question):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from participants.enums import ApplicationStatus, MemberRole
    from participants.models import (
        Answer,
        Application,
        ApplicationMember,
        CriterionScore,
        Decision,
        Review,
        ReviewAssignment,
    )

    User = get_user_model()
    password = make_password("bench")
    users = User.objects.bulk_create(
        [
            User(email=f"b{i}-{r}@bench.example", username=f"b{i}-{r}@bench.example", password=password)
            for i in range(start, stop)
            for r in "sp"
        ]
    )
    apps = Application.objects.bulk_create(
        [
            Application(course=course, lead=users[2 * k], status=ApplicationStatus.SUBMITTED, joint_statement="x")
            for k in range(stop - start)
        ]
    )
    members, assignments = [], []
    for k, app in enumerate(apps):
        i = start + k
        country = COUNTRIES[i % len(COUNTRIES)]
        members.append(
            ApplicationMember(
                application=app,
                user=users[2 * k],
                role=MemberRole.SCIENTIST,
                is_lead=True,
                full_name=f"Scientist {i}",
                country=country,
                gender="woman" if i % 3 else "",
            )
        )
        members.append(
            ApplicationMember(
                application=app,
                user=users[2 * k + 1],
                role=MemberRole.POLICYMAKER,
                full_name=f"Policymaker {i}",
                country=country if i % 9 else "UG",
            )
        )
        for j in range(3):
            assignments.append(ReviewAssignment(application=app, reviewer=reviewers[(i * 3 + j) % len(reviewers)]))
    members = ApplicationMember.objects.bulk_create(members)
    Answer.objects.bulk_create(
        [
            Answer(question=question, application_id=m.application_id, member=m, value=question.choices[n % 3])
            for n, m in enumerate(members)
        ]
    )
    assignments = ReviewAssignment.objects.bulk_create(assignments)
    reviews = Review.objects.bulk_create(
        [
            Review(
                assignment=a,
                application_id=a.application_id,
                reviewer=a.reviewer,
                weighted_score=1 + (a.application_id * 7 + n) % 40 / 10,
            )
            for n, a in enumerate(assignments)
        ]
    )
    CriterionScore.objects.bulk_create(
        [CriterionScore(review=r, criterion=c, score=1 + (r.pk + c.pk) % 5) for r in reviews for c in criteria]
    )
    Decision.objects.bulk_create(
        [Decision(application=app, outcome="accept") for app in apps[:10]]
        + [Decision(application=app, outcome="waitlist", waitlist_position=n + 1) for n, app in enumerate(apps[10:20])]
    )


def measure(client, url, repeat):
    client.get(url)  # warm-up: template loading, URL resolver, sessions
    reset_queries()  # the log is a bounded deque: a full one would capture nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    return len(queries), statistics.median(times), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from course.models import Course
        from participants.domain.review import ensure_default_criteria
        from tests.factories.course import CourseFactory, FacilitatorFactory, ReviewerFactory

        course = CourseFactory(capacity_pairs=30)
        criteria = ensure_default_criteria(course)
        from participants.models import Question

        question = Question.objects.create(
            course=course,
            key="travel_funding",
            kind="single_choice",
            label="Travel funding",
            choices=["Full", "Partial", "None"],
        )
        reviewers = [ReviewerFactory() for _ in range(REVIEWERS)]
        facilitator = FacilitatorFactory()
        client = Client()
        client.force_login(facilitator)
        url = reverse("participants:selection_board", args=[course.slug])

        t0 = time.perf_counter()
        build(course, 0, 20, reviewers, criteria, question)
        small_queries, _, _ = measure(client, url, 1)
        build(course, 20, args.applications, reviewers, criteria, question)
        setup_s = time.perf_counter() - t0
        queries, median_ms, size = measure(client, url, args.repeat)
        assert Course.objects.get(pk=course.pk).applications.count() == args.applications
        result = {
            "benchmark": "selection_board",
            "database": connection.vendor,
            "applications": args.applications,
            "reviews": args.applications * 3,
            "queries": queries,
            "queries_at_20": small_queries,
            "constant_queries": queries == small_queries,
            "median_ms": round(median_ms, 1),
            "repeat": args.repeat,
            "response_kb": round(size / 1024),
            "setup_s": round(setup_s, 1),
            "ok": queries <= 15 and queries == small_queries and median_ms < 300,
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
