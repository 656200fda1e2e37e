"""Facilitator rules of issue 12: "all tables" means the tables live when sent; a table with nobody seated does
not start; injects fit a shortened round; the timeline is in the order things happened; destructive controls
ask first."""

import datetime

import pytest
from django.urls import reverse

from simulations.domain import engine
from simulations.domain.console import post_announcement
from simulations.domain.debrief import timeline
from simulations.domain.errors import RunError
from simulations.domain.injects import release_offset_seconds
from simulations.domain.runs import start_table
from simulations.models import Announcement, Inject, Run
from simulations.room.snapshot import read_table_snapshot
from tests.factories.course import FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two
from tests.factories.simulations import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator_client(client):
    client.force_login(FacilitatorFactory())
    return client


def test_all_tables_announcement_reaches_only_tables_live_when_sent():
    live, _ = seated_run(two_by_two(), name="Live")
    draft, _ = seated_run(two_by_two(), course=live.course, start=False, name="Draft")
    draft_stamp = Run.objects.get(pk=draft.pk).room_stamp

    post_announcement(live.course, "Coffee in the hall.")
    later, _ = seated_run(two_by_two(), course=live.course, name="Later")  # created and started afterwards

    assert Run.objects.get(pk=draft.pk).room_stamp == draft_stamp
    assert [a.text for a in Announcement.objects.for_run(Run.objects.get(pk=live.pk))] == ["Coffee in the hall."]
    assert not Announcement.objects.for_run(Run.objects.get(pk=later.pk)).exists()
    assert not read_table_snapshot(Run.objects.get(pk=later.pk)).announcements
    engine.start_run(draft)
    assert not Announcement.objects.for_run(Run.objects.get(pk=draft.pk)).exists()


def test_a_table_with_nobody_seated_does_not_start():
    run = make_run()

    with pytest.raises(RunError, match="Nobody is seated"):
        start_table(run)

    assert Run.objects.get(pk=run.pk).state == "draft"


def test_start_control_with_nobody_seated_says_why(facilitator_client):
    run = make_run()

    response = facilitator_client.post(
        reverse("simulations:run_control", args=[run.pk]), {"action": "start"}, follow=True
    )

    assert "Nobody is seated at this table" in response.content.decode()
    assert Run.objects.get(pk=run.pk).state == "draft"


@pytest.mark.parametrize(
    ("after", "planned", "seconds", "expected"),
    [
        (15, 25, 25 * 60, 15 * 60),  # the planned round: unchanged
        (15, 25, 10 * 60, 6 * 60),  # shortened to 10 of 25 minutes: scaled
        (5, 5, 5 * 60, 4.5 * 60),  # at the very end: clamped to 90 % of the round
        (15, 25, 60 * 60, 15 * 60),  # lengthened: as written
    ],
)
def test_inject_release_fits_the_round(after, planned, seconds, expected):
    assert release_offset_seconds(after, planned, seconds) == pytest.approx(expected)


def test_inject_of_a_shortened_round_is_released_before_it_ends():
    scenario = two_by_two()
    scenario.injects = [{"round": "negotiation", "after_minutes": 9, "title": "Storm", "body": ""}]
    scenario.save()
    run, _ = seated_run(scenario, round_seconds=60)  # every round one minute instead of ten
    engine.end_round_now(run)
    engine.end_round_now(run)  # negotiation

    inject = Inject.objects.get(run=run)
    started = run.rounds.get(number=3).started_at

    assert started < inject.release_at <= started + datetime.timedelta(seconds=54)


def test_timeline_lists_an_inject_when_it_became_visible():
    scenario = two_by_two()
    scenario.injects = [{"round": "negotiation", "after_minutes": 9, "title": "Storm", "body": ""}]
    scenario.save()
    run, _ = seated_run(scenario)
    engine.end_round_now(run)
    engine.end_round_now(run)
    engine.end_round_now(run)  # negotiation ended long before the inject's time: it is shown from then on
    engine.finish_run(run)

    entries = timeline(Run.objects.get(pk=run.pk))

    times = [e.at for e in entries]
    assert times == sorted(times)
    kinds = [e.kind for e in entries]
    assert kinds.index("inject") < len(kinds) - 1  # not after the finish


@pytest.mark.parametrize("action", ["cancel", "finish", "go_back"])
def test_destructive_controls_ask_first_and_one_post_changes_nothing(facilitator_client, action):
    run, _ = seated_run(two_by_two())
    engine.end_round_now(run)
    url = reverse("simulations:run_control", args=[run.pk])

    response = facilitator_client.post(url, {"action": action})

    assert response.status_code == 200 and 'name="confirm" value="yes"' in response.content.decode()
    assert Run.objects.get(pk=run.pk).state == "running" and Run.objects.get(pk=run.pk).current_round == 2

    facilitator_client.post(url, {"action": action, "confirm": "yes"})
    after = Run.objects.get(pk=run.pk)
    assert (after.state, after.current_round) != ("running", 2)
