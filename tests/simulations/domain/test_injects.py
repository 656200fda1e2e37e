"""simulations.domain.injects: a scenario's injects get their release time when their round is entered, so
reading a table never writes."""

import datetime

import pytest
from django.utils import timezone

from simulations.domain import engine
from simulations.domain.injects import released_injects, seconds_to_next_inject
from simulations.models import Inject, Run
from simulations.room.snapshot import read_table_snapshot
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db

SPEC = {"round": "negotiation", "after_minutes": 5, "title": "Bank blocks a payment", "body": "…"}


def _run_with_inject(start=True):
    scenario = two_by_two()
    scenario.injects = [SPEC]
    scenario.save()
    run, _ = seated_run(scenario, start=start)
    return run


def test_injects_are_copied_when_the_first_round_is_entered_and_timed_when_theirs_is():
    draft = _run_with_inject(start=False)
    assert not Inject.objects.filter(run=draft).exists()

    run = engine.start_run(draft)
    inject = Inject.objects.get(run=run)
    assert inject.from_scenario and inject.release_at is None

    engine.end_round_now(run)
    run = engine.end_round_now(run)  # round 3, "negotiation", starts now
    inject.refresh_from_db()
    started = run.rounds.get(number=3).started_at
    assert inject.release_at == started + datetime.timedelta(minutes=5)


def test_reading_the_table_writes_nothing(django_assert_num_queries):
    run = _run_with_inject()
    engine.end_round_now(run)
    run = Run.objects.get(pk=run.pk)
    before = list(Inject.objects.filter(run=run).values_list("pk", "release_at"))

    # pinned in tests/simulations/room/test_snapshot.py: reads only (17, and the estimates: no negotiation round yet)
    with django_assert_num_queries(18):
        snapshot = read_table_snapshot(run)

    assert list(Inject.objects.filter(run=run).values_list("pk", "release_at")) == before
    assert [i.title for i in snapshot.injects] == ["Bank blocks a payment"]


def test_released_injects_and_the_next_ones_timer():
    run = _run_with_inject()
    now = timezone.now()
    soon = Inject(pk=1, run=run, title="Soon", release_at=now + datetime.timedelta(seconds=90))
    out = Inject(pk=2, run=run, title="Out", release_at=now - datetime.timedelta(seconds=1))
    scenario_past = Inject(pk=3, run=run, title="Past round", from_scenario=True, round_key="opening")

    # newest first; a past round's inject without a time counts as released now
    assert released_injects(run, [soon, out, scenario_past], {"opening"}, now) == [scenario_past, out]
    assert seconds_to_next_inject(run, [soon, out], now) == pytest.approx(90)
