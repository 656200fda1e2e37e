"""simulations.domain.activity: the one bump_activity, and the stamp-change hooks told after the commit (the
room's read side registers its hook in SimulationsConfig.ready())."""

import pytest

from simulations.domain import activity, engine
from simulations.domain.activity import bump_activity, register_stamp_hook
from simulations.domain.negotiation import every_delegation_acted
from simulations.models import Run
from simulations.room.warm import publish_and_warm
from simulations.tasks import advance_run_round
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


def test_ready_registers_the_rooms_hook_the_acted_check_and_the_timer():
    assert publish_and_warm in activity._STAMP_HOOKS
    assert every_delegation_acted in engine._ACTED_CHECKS
    assert engine._ROUND_TIMER["task"] is advance_run_round


def test_bump_moves_only_the_activity_version_and_tells_the_hooks_after_the_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    run, _ = seated_run(two_by_two())
    told = []
    monkeypatch.setattr(activity, "_STAMP_HOOKS", [])
    register_stamp_hook(told.append)
    register_stamp_hook(told.append)  # once per hook
    version, stamp = run.version, run.room_stamp

    with django_capture_on_commit_callbacks(execute=True):
        bump_activity(run)
        assert told == []  # not before the commit

    assert told == [run.pk]
    assert run.room_stamp != stamp and Run.objects.get(pk=run.pk).room_stamp == run.room_stamp
    assert run.version == version


def test_bump_without_refresh_leaves_the_callers_run_alone():
    run, _ = seated_run(two_by_two())
    stamp = run.room_stamp

    bump_activity(run, refresh=False)

    assert run.room_stamp == stamp != Run.objects.get(pk=run.pk).room_stamp


def test_batched_stamp_changes_tell_each_hook_once_per_run_at_the_end(monkeypatch, django_capture_on_commit_callbacks):
    run, _ = seated_run(two_by_two())
    other, _ = seated_run(two_by_two())
    told = []
    monkeypatch.setattr(activity, "_STAMP_HOOKS", [])
    register_stamp_hook(told.append)

    with activity.stamp_hooks_batched():
        bump_activity(run)
        bump_activity(other)
        bump_activity(run)
        assert told == []

    assert told == sorted([run.pk, other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        bump_activity(run)  # outside the block: after the commit, as before
    assert told == [*sorted([run.pk, other.pk]), run.pk]
