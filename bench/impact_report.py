"""Benchmark: the impact report of an edition with 40 participants (20 pairs), 10 instruments and three
follow-up waves.

Builds the data in a throw-away database (a test database on PostgreSQL when DATABASE_URL is set, otherwise a
temporary SQLite file): the default instruments plus three of the team's own, every participant answering
every questionnaire, session feedback on 15 sessions, the after-run survey of four finished tables, and
follow-ups at 3, 6 and 12 months with joint outputs. Then requests the report page (statistics, charts,
rendering) through Django's test Client as the course team, and reports the number of queries and the median
server time over several requests. Targets: at most 20 queries; median under 500 ms.

Run from the repository root: .venv/bin/python bench/impact_report.py [--repeat R]
The last line printed is one JSON object.
"""

import argparse
import datetime
import json
import os
import random
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

PAIRS = 20
SESSIONS = 15
TABLES = 4
EXTRA_INSTRUMENTS = 3


def build(rng):  # noqa: PLR0915 - one straight script of bulk inserts
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from bench._seed import load_scenario
    from evaluation.domain.follow_up import schedule_waves
    from evaluation.domain.instruments import ensure_default_instruments
    from evaluation.enums import ContactAnswer, InstrumentPurpose, OutputKind, QuestionKind, RequestStatus
    from evaluation.models import (
        Answer,
        FollowUpConsent,
        FollowUpRequest,
        Instrument,
        JointOutput,
        Question,
        Response,
        ResponseReceipt,
    )
    from participants.enums import ApplicationStatus, MemberRole
    from participants.models import Application, ApplicationMember, Pair, Participant
    from programme.models import Session, Speaker
    from simulations.enums import RunState
    from simulations.models import Outcome, Run, Seat
    from tests.factories.course import CourseFactory

    today = timezone.localdate()
    course = CourseFactory(
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=396),
        opens_at=timezone.now() - datetime.timedelta(days=600),
        deadline=timezone.now() - datetime.timedelta(days=500),
    )
    User = get_user_model()
    password = make_password("bench")
    countries = ["KE", "BR", "IN", "VN", "NG", "MX", "PK", "ZA", "EG", "ID", "CO", "IT", "GH", "PE", "US"]
    users = User.objects.bulk_create(
        User(email=f"e{n}@bench.example", username=f"e{n}@bench.example", password=password) for n in range(PAIRS * 2)
    )
    apps = Application.objects.bulk_create(
        Application(course=course, lead=users[2 * i], status=ApplicationStatus.CONFIRMED) for i in range(PAIRS)
    )
    ApplicationMember.objects.bulk_create(
        ApplicationMember(
            application=apps[i],
            user=users[2 * i + k],
            role=role,
            is_lead=k == 0,
            country=countries[i % len(countries)],
            gender="woman" if (i + k) % 2 else "man",
        )
        for i in range(PAIRS)
        for k, role in enumerate((MemberRole.SCIENTIST, MemberRole.POLICYMAKER))
    )
    pairs = Pair.objects.bulk_create(Pair(course=course, application=apps[i]) for i in range(PAIRS))
    people = Participant.objects.bulk_create(
        Participant(
            pair=pairs[i],
            user=users[2 * i + k],
            role=role,
            full_name=f"P{2 * i + k}",
            country=countries[i % len(countries)],
        )
        for i in range(PAIRS)
        for k, role in enumerate((MemberRole.SCIENTIST, MemberRole.POLICYMAKER))
    )

    ensure_default_instruments(course)
    for n in range(EXTRA_INSTRUMENTS):
        extra = Instrument.objects.create(
            course=course,
            title=f"Team questionnaire {n + 1}",
            opens_at=timezone.now() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=1),
        )
        Question.objects.bulk_create(
            [
                Question(
                    instrument=extra,
                    position=q,
                    kind=QuestionKind.LIKERT_5,
                    key=f"x{q}",
                    text=f"Item {q}",
                    anchor_low="Low",
                    anchor_high="High",
                )
                for q in range(6)
            ]
        )
    instruments = list(Instrument.objects.filter(course=course).prefetch_related("questions"))
    assert len(instruments) == 7 + EXTRA_INSTRUMENTS

    speakers = Speaker.objects.bulk_create(Speaker(course=course, name=f"Speaker {n}") for n in range(5))
    start = datetime.datetime.combine(course.starts_on, datetime.time(9), tzinfo=datetime.UTC)
    sessions = Session.objects.bulk_create(
        Session(
            course=course,
            title=f"Session {n}",
            starts_at=start + datetime.timedelta(hours=3 * n),
            ends_at=start + datetime.timedelta(hours=3 * n + 1),
        )
        for n in range(SESSIONS)
    )
    for n, session in enumerate(sessions):
        session.speakers.set([speakers[n % len(speakers)]])

    scenario = load_scenario()
    delegations = list(scenario.delegations.order_by("position"))
    runs = Run.objects.bulk_create(
        Run(
            scenario=scenario,
            course=course,
            name=f"Table {t + 1}",
            state=RunState.FINISHED,
            started_at=start + datetime.timedelta(days=1, hours=t),
            finished_at=start + datetime.timedelta(days=1),
        )
        for t in range(TABLES)
    )
    seats = []
    for i, pair in enumerate(pairs):
        for t in (i % TABLES, (i + 1) % TABLES):  # every pair plays two tables
            seats.append(Seat(run=runs[t], pair=pair, delegation=delegations[(i // TABLES + t) % len(delegations)]))
    unique = {}
    for seat in seats:
        unique.setdefault((seat.run_id, seat.pair_id), seat)
    Seat.objects.bulk_create(unique.values(), ignore_conflicts=True)
    Outcome.objects.bulk_create(
        Outcome(
            run=run,
            package={"x": "y"},
            analysis={
                "delegations": [
                    {
                        "delegation": d.key,
                        "points": d.batna + rng.randint(-10, 30),
                        "batna": d.batna,
                        "margin": rng.randint(-10, 30),
                        "beats_batna": True,
                    }
                    for d in delegations
                ],
                "distance_to_frontier": rng.randint(0, 20),
                "on_frontier": False,
            },
        )
        for run in runs
    )

    responses, answers, receipts = [], [], []

    def respond(instrument, person, questions, run=None, session=None):
        subject = f"run:{run.pk}" if run else f"session:{session.pk}" if session else ""
        anonymous = instrument.is_anonymous
        response = Response(
            instrument=instrument,
            is_anonymous=anonymous,
            run=run,
            session=session,
            subject=subject,
            participant=None if anonymous else person,
            submitted_at=None if anonymous else timezone.now(),
        )
        responses.append(response)
        receipts.append(ResponseReceipt(instrument=instrument, participant=person, subject=subject))
        for q in questions:
            a = Answer(response=response, question=q)
            if q.kind == QuestionKind.KNOWLEDGE:
                key = q.correct_key if rng.random() < 0.6 else "a"
                a.choices, a.number = [key], float(key == q.correct_key)
            elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                a.choices = [q.choices[0]["key"]]
            elif q.kind in (QuestionKind.LONG_TEXT, QuestionKind.SHORT_TEXT):
                a.text = "Words"
            else:
                a.number = float(rng.randint(1, q.scale_max or 5))
            answers.append(a)

    for instrument in instruments:
        questions = list(instrument.questions.all())
        for person in people:
            if instrument.purpose == InstrumentPurpose.SESSION_FEEDBACK:
                for session in sessions:
                    respond(instrument, person, questions, session=session)
            elif instrument.purpose == InstrumentPurpose.RUN_SURVEY:
                for seat in Seat.objects.filter(pair_id=person.pair_id):
                    respond(instrument, person, questions, run=seat.run)
            else:
                respond(instrument, person, questions)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=2000)
    ResponseReceipt.objects.bulk_create(receipts)

    FollowUpConsent.objects.bulk_create(
        FollowUpConsent(participant=p, consented=True, decided_at=timezone.now()) for p in people
    )
    waves = schedule_waves(course)
    requests = FollowUpRequest.objects.bulk_create(
        FollowUpRequest(
            wave=w,
            participant=p,
            status=RequestStatus.ANSWERED if rng.random() < 0.6 else RequestStatus.PENDING,
            in_contact=rng.choice(list(ContactAnswer.values)),
            used_from_course=["batna", "advice"],
        )
        for w in waves
        for p in people
    )
    JointOutput.objects.bulk_create(
        JointOutput(request=r, kind=rng.choice(list(OutputKind.values)), title=f"Output {r.participant.pair_id}")
        for r in requests
        if r.status == RequestStatus.ANSWERED and rng.random() < 0.5
    )
    return course, len(answers)


def measure(client, url, repeat, show=False):
    client.get(url)  # warm-up: template loading, URL resolver, sessions
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    if show:
        for query in queries.captured_queries:
            print(query["sql"][:160], file=sys.stderr)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    return len(queries), statistics.median(times), len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--show-queries", action="store_true", help="print the report's queries on stderr")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from evaluation.models import FollowUpWave, Instrument
        from participants.models import Participant
        from tests.factories.course import FacilitatorFactory

        t0 = time.perf_counter()
        course, answers = build(random.Random(args.seed))
        setup_s = time.perf_counter() - t0
        client = Client()
        client.force_login(FacilitatorFactory())
        url = reverse("evaluation:report", args=[course.slug])
        queries, median_ms, size = measure(client, url, args.repeat, args.show_queries)
        participants = Participant.objects.filter(pair__course=course).count()
        result = {
            "benchmark": "impact_report",
            "database": connection.vendor,
            "instruments": Instrument.objects.filter(course=course).count(),
            "waves": FollowUpWave.objects.filter(course=course).count(),
            "repeat": args.repeat,
            "response_kb": round(size / 1024),
            "setup_s": round(setup_s, 1),
            "ok": queries <= 20 and median_ms < 500,
            "participants": participants,
            "answers": answers,
            "queries": queries,
            "median_ms": round(median_ms, 1),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(
        f"Impact report, {result['participants']} participants, {result['answers']} answers: "
        f"{result['queries']} queries, median {result['median_ms']} ms (targets ≤ 20 queries, < 500 ms)"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
