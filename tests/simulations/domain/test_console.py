"""simulations.domain.console: announcements reach the tables they are for (and move their stamps); refusals
change nothing."""

import pytest

from simulations.domain.console import ConsoleError, add_inject, post_announcement
from simulations.domain.errors import SimulationError
from simulations.models import Announcement, Run
from tests.factories.negotiation import seated_run, two_by_two

pytestmark = pytest.mark.django_db


def _stamps(*runs):
    return [Run.objects.get(pk=r.pk).room_stamp for r in runs]


def test_a_course_wide_announcement_moves_every_tables_stamp():
    first, _ = seated_run(two_by_two())
    second, _ = seated_run(two_by_two(), course=first.course)
    before = _stamps(first, second)

    post_announcement(first.course, "Coffee in the hall.")

    assert all(b != a for b, a in zip(before, _stamps(first, second), strict=True))


def test_a_private_message_to_another_tables_delegation_is_refused_and_writes_nothing():
    first, _ = seated_run(two_by_two())
    second, _ = seated_run(two_by_two(), course=first.course)
    stranger = second.scenario.delegations.get(key="a")
    before = _stamps(first)

    with pytest.raises(ConsoleError, match="does not sit at that table"):
        post_announcement(first.course, "Psst.", run=first, delegation=stranger)

    assert not Announcement.objects.exists() and _stamps(first) == before


def test_console_refusals_are_simulation_errors():
    run, _ = seated_run(two_by_two())

    with pytest.raises(SimulationError):
        add_inject(run, "")
