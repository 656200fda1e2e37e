"""The room page's query count, pinned: 200 participants load it at the same instant when a round starts
(docs/performance.md, the burst). The first room at a table after a change reads the table once (the
snapshot, simulations/room/snapshot.py); every other room at that stamp reads nothing of it."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from simulations.domain import presence
from simulations.domain.activity import bump_activity
from simulations.domain.engine import start_run
from simulations.domain.negotiation import make_statement
from simulations.domain.presence import last_seen
from simulations.domain.runs import assign_pair
from simulations.models import Presence
from simulations.room.snapshot import _snapshot_key, forget_table_snapshots, prepared_rooms
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _presence_flushed_once(monkeypatch):
    # Presence is written in batches (the first load writes at once, later ones every few seconds): pin the
    # counts however slow the machine is, by letting only the first load of each test flush.
    monkeypatch.setattr(presence, "PRESENCE_FLUSH_SECONDS", 3600)


# the user with its roles (course.auth_backends), the run; the session comes from the cache (course.sessions)
WARM_ROOM_QUERIES = 2
# and the table once: scenario, course, seats + people (2), proposals, supports, points, caucus, votes, rounds, delegations,
# issues + options (2), statements, floor, announcements, injects (a scenario with injects: 2 more, once),
# and, before the first negotiation round (this table's round 1), the delegations' estimates of each other;
# the post-settlement round reads its offer and votes instead (2).
COLD_ROOM_QUERIES = WARM_ROOM_QUERIES + 17 + 1


def _table(seated_pairs):
    run = make_run(round_seconds=[60, 60])
    delegations = list(run.scenario.delegations.all())
    pairs = [make_pair(run.course) for _ in range(seated_pairs)]
    for (pair, *_), delegation in zip(pairs, delegations, strict=False):
        assign_pair(run, pair, delegation)
    run = start_run(run)
    for (_, scientist, _), delegation in zip(pairs, delegations, strict=False):
        make_statement(run, delegation, "We open.", user=scientist.user)
    return run, pairs


def _load(client, user, url):
    client.force_login(user)
    client.get(url)  # the first load also stores the presence row (at most every 10 s)


@pytest.mark.parametrize("seated_pairs", [1, 3])
def test_first_room_after_a_change_reads_the_table_once(client, django_assert_num_queries, seated_pairs):
    run, pairs = _table(seated_pairs)
    user = pairs[0][1].user
    url = reverse("simulations:room", args=[run.pk])
    _load(client, user, url)
    bump_activity(run)  # a change at the table: no snapshot at the new stamp yet

    with django_assert_num_queries(COLD_ROOM_QUERIES):
        response = client.get(url)

    assert response.status_code == 200 and "We open." in response.content.decode()


@pytest.mark.parametrize("seated_pairs", [1, 3])
def test_other_rooms_at_the_table_read_nothing_of_it(client, django_assert_num_queries, seated_pairs):
    run, pairs = _table(seated_pairs)
    url = reverse("simulations:room", args=[run.pk])
    _load(client, pairs[0][1].user, url)  # the first room reads the table
    _load(client, pairs[0][2].user, url)  # the partner: another user, same table, same stamp

    with django_assert_num_queries(WARM_ROOM_QUERIES):
        response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200 and "We open." in html
    assert pairs[0][2].full_name in html  # the partner's own room, not the first user's


def test_a_change_at_the_table_shows_in_every_room(client):
    run, pairs = _table(2)
    url = reverse("simulations:room", args=[run.pk])
    _load(client, pairs[0][1].user, url)
    delegation = run.scenario.delegations.order_by("position")[1]

    make_statement(run, delegation, "A second thought.", user=pairs[1][1].user)
    client.force_login(pairs[0][2].user)
    html = client.get(url).content.decode()

    assert "A second thought." in html


def test_a_room_load_notes_the_user_present(client):
    run, pairs = _table(1)
    user = pairs[0][1].user

    _load(client, user, reverse("simulations:room", args=[run.pk]))

    assert (run.pk, user.pk) in last_seen([(run.pk, user.pk)])
    assert Presence.objects.filter(run=run, user=user).exists()  # stored too, for when the cache is gone


def test_after_a_change_rooms_come_from_the_prepared_rooms_alone(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    run, pairs = _table(3)
    with django_capture_on_commit_callbacks(execute=True):
        bump_activity(run)  # the change's commit reads the table and renders its rooms
    run.refresh_from_db()
    forget_table_snapshots()  # another process: nothing in memory
    cache.delete(_snapshot_key(run.pk, run.room_stamp))  # and not even the whole table in the cache
    client.force_login(pairs[1][2].user)
    url = reverse("simulations:room", args=[run.pk])

    # two loads of one query each (the user with its roles: the run's stamp comes from the published state), and
    # the first load's presence row
    with django_assert_num_queries(2 * 1 + 1):
        page = client.get(url)
        partial = client.get(url, HTTP_HX_REQUEST="true")

    for response in (page, partial):
        html = response.content.decode()
        assert response.status_code == 200 and "We open." in html and pairs[1][2].full_name in html
    assert "<html" in page.content.decode() and "<html" not in partial.content.decode()


def test_a_room_that_reads_the_table_again_renders_every_seat_for_the_others(client):
    run, pairs = _table(3)
    url = reverse("simulations:room", args=[run.pk])

    _load(client, pairs[0][1].user, url)  # nothing prepared (no commit ran): this room reads the table

    forget_table_snapshots()  # another process: only what is in the cache
    run.refresh_from_db()
    rooms = prepared_rooms(run.pk, run.room_stamp)
    variants = {(key[1], key[2]) for key in rooms.rendered if key[0] not in ("page", "clock")}
    seated = {(seat.delegation_id, p.role) for seat in run.seats.all() for p in seat.pair.participants.all()}
    assert variants == seated and len(seated) == 6  # every seat's room, both roles, not only the first viewer's
    client.force_login(pairs[2][2].user)
    html = client.get(url).content.decode()
    assert pairs[2][2].full_name in html and "We open." in html
