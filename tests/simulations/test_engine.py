import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from simulations.domain import engine
from simulations.domain.engine import (
    EngineError,
    advance_due_run,
    advance_if_due,
    cancel_run,
    end_round_if_all_acted,
    end_round_now,
    extend_round,
    finish_run,
    go_back_round,
    pause_run,
    resume_run,
    start_run,
    sweep_due_runs,
)
from simulations.enums import AdvanceSource, RunEventKind, RunState
from simulations.models import Run, RunEvent, RunRound
from tests.factories.course import FacilitatorFactory
from tests.factories.simulations import make_run
from tests.simulations.helpers import event_kinds, make_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return FacilitatorFactory()


@pytest.fixture
def running(facilitator):
    run = make_run(round_seconds=[60, 120, 180])
    return start_run(run, actor=facilitator)


def test_start_run_enters_round_one_with_server_deadline(facilitator):
    run = make_run(round_seconds=[60, 120])
    before = timezone.now()

    run = start_run(run, actor=facilitator)

    assert run.state == RunState.RUNNING
    assert run.current_round == 1
    assert run.version == 1
    assert before + datetime.timedelta(seconds=60) <= run.ends_at <= timezone.now() + datetime.timedelta(seconds=60)
    first = RunRound.objects.get(run=run, number=1)
    assert first.started_at is not None and first.ends_at == run.ends_at
    event = RunEvent.objects.get(run=run, kind=RunEventKind.STARTED)
    assert (event.actor, event.from_state, event.to_state, event.to_round) == (
        facilitator,
        RunState.DRAFT,
        RunState.RUNNING,
        1,
    )


def test_start_run_schedules_timer_after_commit(facilitator, django_capture_on_commit_callbacks):
    run = make_run(round_seconds=[60])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        start_run(run, actor=facilitator)

    # The eager timer task runs at once, finds the round not yet due and changes nothing (the other callback
    # publishes the room state for the rooms' fast poll and reads the table snapshot).
    assert len(callbacks) == 2
    run.refresh_from_db()
    assert (run.state, run.current_round, run.version) == (RunState.RUNNING, 1, 1)


def test_start_run_refused_when_already_running(running, facilitator):
    with pytest.raises(EngineError, match="running"):
        start_run(running, actor=facilitator)
    running.refresh_from_db()
    assert running.version == 1


def test_advance_due_run_early_is_a_no_op(running):
    assert advance_due_run(running.pk, 1, running.version) is False
    running.refresh_from_db()
    assert (running.current_round, running.version) == (1, 1)
    assert RunEvent.objects.filter(run=running, kind=RunEventKind.ROUND_ADVANCED).count() == 0


def test_advance_due_run_moves_to_next_round_once(running):
    make_due(running)
    due_at = running.ends_at

    first = advance_due_run(running.pk, 1, running.version)
    second = advance_due_run(running.pk, 1, running.version)

    running.refresh_from_db()
    assert (first, second) == (True, False)
    assert (running.current_round, running.version) == (2, 2)
    assert running.ends_at > timezone.now() + datetime.timedelta(seconds=110)
    event = RunEvent.objects.get(run=running, kind=RunEventKind.ROUND_ADVANCED)
    assert (event.from_round, event.to_round, event.due_at, event.actor) == (1, 2, due_at, None)
    assert event.lag >= datetime.timedelta(0)
    assert RunRound.objects.get(run=running, number=1).ended_at is not None


def test_advance_due_run_with_stale_version_is_a_no_op(running, facilitator):
    stale_version = running.version
    running = extend_round(running, 1, actor=facilitator)
    make_due(running)

    assert advance_due_run(running.pk, 1, stale_version) is False
    running.refresh_from_db()
    assert (running.current_round, running.version) == (1, stale_version + 1)


def test_advance_due_run_with_stale_round_is_a_no_op(running):
    make_due(running)
    assert advance_due_run(running.pk, 1, running.version) is True
    running.refresh_from_db()
    make_due(running)

    assert advance_due_run(running.pk, 1, running.version) is False
    running.refresh_from_db()
    assert running.current_round == 2


def test_advance_due_run_after_last_round_finishes(facilitator):
    run = start_run(make_run(round_seconds=[5]), actor=facilitator)
    make_due(run)

    assert advance_due_run(run.pk, 1, run.version) is True

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    assert run.ends_at is None and run.finished_at is not None


def test_advance_due_run_ignores_paused_runs(running, facilitator):
    make_due(running, seconds_ago=-30)
    paused = pause_run(running, actor=facilitator)
    Run.objects.filter(pk=paused.pk).update(ends_at=timezone.now() - datetime.timedelta(seconds=1))

    assert advance_due_run(paused.pk, 1, paused.version) is False


def test_pause_and_resume_keep_remaining_time(running, facilitator):
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=20), tick=False):
        paused = pause_run(running, actor=facilitator)
    assert paused.state == RunState.PAUSED
    assert paused.ends_at is None
    assert paused.remaining_seconds == pytest.approx(40, abs=1)

    later = timezone.now() + datetime.timedelta(minutes=10)
    with time_machine.travel(later, tick=False):
        resumed = resume_run(paused, actor=facilitator)
        assert resumed.state == RunState.RUNNING
        assert (resumed.ends_at - later).total_seconds() == pytest.approx(40, abs=1)
    assert resumed.version == 3
    assert event_kinds(resumed)[-2:] == [RunEventKind.PAUSED, RunEventKind.RESUMED]


def test_extend_round_moves_ends_at(running, facilitator):
    before = running.ends_at

    extended = extend_round(running, 5, actor=facilitator)

    assert extended.ends_at - before == datetime.timedelta(minutes=5)
    assert RunRound.objects.get(run=running, number=1).ends_at == extended.ends_at
    assert RunEvent.objects.get(run=running, kind=RunEventKind.EXTENDED).detail == {"minutes": 5.0}


def test_extend_round_while_paused_adds_to_remaining(running, facilitator):
    paused = pause_run(running, actor=facilitator)

    extended = extend_round(paused, 2, actor=facilitator)

    assert extended.remaining_seconds == pytest.approx(paused.remaining_seconds + 120)
    assert extended.state == RunState.PAUSED


@pytest.mark.parametrize("minutes", [0, -3, "abc", 500])
def test_extend_round_refuses_bad_minutes(running, facilitator, minutes):
    with pytest.raises(EngineError):
        extend_round(running, minutes, actor=facilitator)
    running.refresh_from_db()
    assert running.version == 1


def test_extend_round_refused_beyond_three_hours_left_and_changes_nothing(running, facilitator):
    run = extend_round(running, 120, actor=facilitator)  # 60 s + 2 h left
    before = (run.version, run.ends_at)

    with pytest.raises(EngineError, match="at most 3 hours left"):
        extend_round(run, 60, actor=facilitator)

    run.refresh_from_db()
    assert (run.version, run.ends_at) == before


def test_end_round_now_moves_on_and_finishes_after_last(running, facilitator):
    run = end_round_now(running, actor=facilitator)
    assert (run.current_round, run.state) == (2, RunState.RUNNING)
    run = end_round_now(run, actor=facilitator)
    run = end_round_now(run, actor=facilitator)
    assert run.state == RunState.FINISHED
    assert event_kinds(run).count(RunEventKind.ROUND_ENDED_NOW) == 3


def test_end_round_now_while_paused_keeps_next_round_paused(running, facilitator):
    paused = pause_run(running, actor=facilitator)

    run = end_round_now(paused, actor=facilitator)

    assert (run.state, run.current_round, run.remaining_seconds) == (RunState.PAUSED, 2, 120.0)


def test_go_back_round_restarts_previous_round(running, facilitator):
    run = end_round_now(running, actor=facilitator)

    run = go_back_round(run, actor=facilitator)

    assert run.current_round == 1
    assert (run.ends_at - timezone.now()).total_seconds() == pytest.approx(60, abs=2)
    assert RunRound.objects.get(run=run, number=2).started_at is None


def test_go_back_round_refused_in_first_round(running, facilitator):
    with pytest.raises(EngineError, match="first round"):
        go_back_round(running, actor=facilitator)


def test_finish_and_cancel(running, facilitator):
    finished = finish_run(running, actor=facilitator)
    assert finished.state == RunState.FINISHED
    with pytest.raises(EngineError):
        resume_run(finished, actor=facilitator)
    with pytest.raises(EngineError):
        cancel_run(finished, actor=facilitator)

    draft = make_run(round_seconds=[60])
    assert cancel_run(draft, actor=facilitator).state == RunState.CANCELLED


def test_event_log_records_every_transition_with_actor(running, facilitator):
    run = pause_run(running, actor=facilitator)
    run = resume_run(run, actor=facilitator)
    run = extend_round(run, 1, actor=facilitator)
    run = end_round_now(run, actor=facilitator)
    run = go_back_round(run, actor=facilitator)
    make_due(run)
    advance_due_run(run.pk, run.current_round, run.version, source=AdvanceSource.SWEEPER)
    run = finish_run(run, actor=facilitator)

    events = list(RunEvent.objects.filter(run=run).order_by("created_at", "pk"))
    assert [e.kind for e in events] == [
        RunEventKind.CREATED,
        RunEventKind.PLAN_CHANGED,
        RunEventKind.STARTED,
        RunEventKind.PAUSED,
        RunEventKind.RESUMED,
        RunEventKind.EXTENDED,
        RunEventKind.ROUND_ENDED_NOW,
        RunEventKind.WENT_BACK,
        RunEventKind.ROUND_ADVANCED,
        RunEventKind.FINISHED,
    ]
    transitions = events[2:]
    assert [e.version for e in transitions] == list(range(1, 9))
    assert all(e.actor == facilitator for e in transitions if e.kind != RunEventKind.ROUND_ADVANCED)
    assert events[-2].source == AdvanceSource.SWEEPER and events[-2].actor is None


def test_sweep_due_runs_advances_only_overdue_runs(facilitator):
    due = start_run(make_run(round_seconds=[60, 60]), actor=facilitator)
    not_due = start_run(make_run(round_seconds=[60, 60]), actor=facilitator)
    make_due(due)

    assert sweep_due_runs() == 1
    assert sweep_due_runs() == 0

    due.refresh_from_db()
    not_due.refresh_from_db()
    assert (due.current_round, not_due.current_round) == (2, 1)


def test_advance_if_due_is_the_lazy_check(running):
    assert advance_if_due(running) is running
    make_due(running)

    run = advance_if_due(running)

    assert run.current_round == 2
    assert RunEvent.objects.get(run=run, kind=RunEventKind.ROUND_ADVANCED).source == AdvanceSource.LAZY


def test_end_round_if_all_acted_needs_flag_and_checks(facilitator, monkeypatch):
    monkeypatch.setattr(engine, "_ACTED_CHECKS", [])
    run = start_run(make_run(round_seconds=[60, 60], end_round_when_all_acted=True), actor=facilitator)
    assert end_round_if_all_acted(run.pk) is False  # no checks registered yet

    engine.register_acted_check(lambda r: True)
    assert end_round_if_all_acted(run.pk) is True

    run.refresh_from_db()
    assert run.current_round == 2
    assert event_kinds(run)[-1] == RunEventKind.ROUND_ENDED_ALL_ACTED


def test_end_round_if_all_acted_respects_run_setting(facilitator, monkeypatch):
    monkeypatch.setattr(engine, "_ACTED_CHECKS", [lambda r: True])
    run = start_run(make_run(round_seconds=[60, 60]), actor=facilitator)

    assert end_round_if_all_acted(run.pk) is False


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_advance_due_run_concurrently_from_threads_transitions_once():
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (set DATABASE_URL)")
    run = start_run(make_run(round_seconds=[60, 60]))
    make_due(run)
    barrier = threading.Barrier(8)
    results = []

    def call():
        try:
            barrier.wait()
            results.append(advance_due_run(run.pk, 1, run.version))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    run.refresh_from_db()
    assert sorted(results) == [False] * 7 + [True]
    assert (run.current_round, run.version) == (2, 2)
    assert RunEvent.objects.filter(run=run, kind=RunEventKind.ROUND_ADVANCED).count() == 1


def test_get_current_round(running):
    assert running.get_current_round().number == 1
    assert make_run().get_current_round() is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pause_racing_a_due_advance_never_applies_both_to_one_version():
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (set DATABASE_URL)")
    for _ in range(5):
        run = start_run(make_run(round_seconds=[60, 60]))
        make_due(run)
        barrier = threading.Barrier(2)

        def advance(run=run, barrier=barrier):
            try:
                barrier.wait()
                advance_due_run(run.pk, 1, run.version)
            finally:
                connections.close_all()

        def pause(run=run, barrier=barrier):
            try:
                barrier.wait()
                pause_run(run)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=advance), threading.Thread(target=pause)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        run.refresh_from_db()
        events = list(RunEvent.objects.filter(run=run).exclude(kind__in=["created", "plan_changed"]))
        assert run.state == RunState.PAUSED
        assert [e.version for e in events] == list(range(1, run.version + 1))
        assert sum(e.kind == RunEventKind.ROUND_ADVANCED for e in events) <= 1
