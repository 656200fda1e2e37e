"""The round clock rendered once per stamp and language (simulations.room.clock) is, filled in, exactly the
template rendered for the moment; and it is rendered with the rooms when a change commits, so no web process
renders it again."""

import datetime

import pytest
import time_machine
from django.template.loader import get_template
from django.utils import timezone, translation

from course.domain.languages import remember_language
from simulations.domain import engine
from simulations.room.clock import CLOCK, clock_html
from simulations.room.snapshot import forget_table_snapshots, prepared_rooms
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", ["running", "paused"])
@pytest.mark.parametrize("language", ["en-gb", "fr", "ar"])
def test_the_filled_clock_is_the_template_rendered_now(state, language):
    scenario = build_scenario(
        {"a": 10, "b": 20}, {"a": {"x": {"x1": 1}}, "b": {"x": {"x1": 2}}}, rounds=(("talk", 30, []),)
    )
    run, _ = seated_run(scenario)
    if state == "paused":
        engine.pause_run(run)
        run.refresh_from_db()
    rendered = {}
    start = timezone.now()
    with translation.override(language):
        for seconds in (0, 61, 1799.6, 4000):  # later, and past the round's end
            now = start + datetime.timedelta(seconds=seconds)
            with time_machine.travel(now, tick=False):
                direct = get_template(CLOCK).render({"run": run, "server_now": now})
                assert clock_html(run, now, rendered) == direct
    assert len(rendered) == 1  # rendered once, filled four times


@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_the_clock_is_prepared_with_the_rooms_for_every_web_process(language, django_capture_on_commit_callbacks):
    scenario = build_scenario(
        {"a": 10, "b": 20}, {"a": {"x": {"x1": 1}}, "b": {"x": {"x1": 2}}}, rounds=(("talk", 30, []), ("vote", 30, []))
    )
    run, pairs = seated_run(scenario)
    remember_language(pairs["a"][1].user, {}, language)
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)  # the change's commit prepares every seat's room
    run.refresh_from_db()
    forget_table_snapshots()  # as a web process that has not seen the table since: only the cache's copy

    rooms = prepared_rooms(run.pk, run.room_stamp)

    assert ("clock", run.room_stamp, language) in rooms.rendered
    with translation.override(language):
        now = timezone.now()
        with time_machine.travel(now, tick=False):
            assert clock_html(rooms.run, now, rooms.rendered) == get_template(CLOCK).render(
                {"run": run, "server_now": now}
            )
