"""The round clock rendered once per stamp and language (simulations.room.clock) is, filled in, exactly the
template rendered for the moment."""

import datetime

import pytest
import time_machine
from django.template.loader import get_template
from django.utils import timezone, translation

from simulations.domain import engine
from simulations.room.clock import CLOCK, clock_html
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
