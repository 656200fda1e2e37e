"""The room's fast "nothing changed" poll (simulations.room.state): a signed token in the poll URL and
the run's state in the cache answer 204 without the database or the session; anything else takes the slow,
fully checked path with its usual answer."""

import html
import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from simulations.domain.activity import bump_activity
from simulations.domain.engine import finish_run, start_run
from simulations.domain.negotiation import make_statement
from simulations.domain.presence import last_seen
from simulations.domain.runs import assign_pair
from simulations.models import RunEvent, Seat
from simulations.room import state as room_state
from simulations.room.state import poll_token, poll_token_user, publish_room_state
from tests.factories.course import UserFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run
from tests.simulations.helpers import make_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    """A started run with pair A seated in d1 and pair B in d2; the scientist of A is logged in."""
    run = make_run(round_seconds=[60, 60])
    d1, d2, _ = run.scenario.delegations.all()
    a = make_pair(run.course)
    b = make_pair(run.course)
    assign_pair(run, a[0], d1)
    assign_pair(run, b[0], d2)
    run = start_run(run)
    return run, a[1].user, b[1].user, d1


def _token(run, user):
    return poll_token(run.pk, user.pk, Seat.objects.get(run=run, pair__participants__user=user).pk)


def _poll(client, run, stamp, token):
    url = reverse("simulations:room_updates", args=[run.pk])
    return client.get(url, {"v": stamp, "t": token}, HTTP_HX_REQUEST="true")


def test_room_page_poll_url_carries_stamp_and_token_for_this_user(client, table):
    run, user, *_ = table
    client.force_login(user)

    page = client.get(reverse("simulations:room", args=[run.pk])).content.decode()

    poll_url = html.unescape(re.search(r'hx-get="([^"]*room/updates/[^"]*)"', page).group(1))
    query = dict(part.split("=", 1) for part in poll_url.split("?", 1)[1].split("&"))
    assert query["v"] == run.room_stamp
    assert poll_token_user(query["t"].replace("%3A", ":"), run.pk) == user.pk


def test_unchanged_poll_answers_204_without_queries_or_session(client, table, django_assert_num_queries):
    run, user, *_ = table
    client.force_login(user)
    publish_room_state(run.pk)
    token = _token(run, user)

    with django_assert_num_queries(0):
        response = _poll(client, run, run.room_stamp, token)

    assert response.status_code == 204 and response.content == b""
    assert not response.wsgi_request.session.accessed
    assert "Cookie" not in response.get("Vary", "")


def test_unchanged_poll_records_presence_for_the_console(client, table):
    run, user, *_ = table
    client.force_login(user)
    publish_room_state(run.pk)

    response = _poll(client, run, run.room_stamp, _token(run, user))

    assert response.status_code == 204
    assert (run.pk, user.pk) in last_seen([(run.pk, user.pk)])


def test_token_without_the_owners_session_never_marks_presence(client, table):
    run, user, *_ = table
    publish_room_state(run.pk)

    response = _poll(client, run, run.room_stamp, _token(run, user))  # a copied URL, no session at all

    assert response.status_code == 204
    assert (run.pk, user.pk) not in last_seen([(run.pk, user.pk)])


def test_token_with_another_users_session_never_marks_presence(client, table):
    run, user, *_ = table
    client.force_login(UserFactory())
    publish_room_state(run.pk)

    _poll(client, run, run.room_stamp, _token(run, user))

    assert (run.pk, user.pk) not in last_seen([(run.pk, user.pk)])


def test_changed_stamp_renders_the_partial_with_a_fresh_url(client, table):
    run, user, *_ = table
    client.force_login(user)
    publish_room_state(run.pk)

    response = _poll(client, run, "0.0", _token(run, user))

    page = response.content.decode()
    assert response.status_code == 200 and f'data-stamp="{run.room_stamp}"' in page
    assert f"?v={run.room_stamp}&amp;t=" in page


def test_due_round_falls_through_to_the_lazy_advance(client, table):
    run, user, *_ = table
    client.force_login(user)
    run = make_due(run)
    publish_room_state(run.pk)

    response = _poll(client, run, run.room_stamp, _token(run, user))

    assert response.status_code == 200 and 'data-round="2"' in response.content.decode()
    assert RunEvent.objects.filter(run=run, source="lazy").exists()


def test_finished_run_falls_through_to_286(client, table):
    run, user, *_ = table
    client.force_login(user)
    run = finish_run(run)
    publish_room_state(run.pk)

    response = _poll(client, run, run.room_stamp, _token(run, user))

    assert response.status_code == 286


def test_token_of_another_user_does_not_open_the_room_to_an_unseated_one(client, table):
    run, user, *_ = table
    client.force_login(UserFactory())
    publish_room_state(run.pk)

    response = _poll(client, run, "0.0", _token(run, user))  # the stamp differs: the slow path checks the seat

    assert response.status_code == 404


def test_token_for_another_run_falls_through(client, table):
    run, user, *_ = table
    other = make_run()
    client.force_login(UserFactory())
    publish_room_state(run.pk)

    token = poll_token(other.pk, user.pk, 1)
    response = _poll(client, run, run.room_stamp, token)

    assert response.status_code == 404


def test_tampered_token_falls_through(client, table):
    run, user, *_ = table
    client.force_login(UserFactory())
    publish_room_state(run.pk)
    token = _token(run, user)

    response = _poll(client, run, run.room_stamp, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))

    assert response.status_code == 404


def test_expired_token_falls_through(client, table, monkeypatch):
    run, user, *_ = table
    client.force_login(UserFactory())
    publish_room_state(run.pk)
    token = _token(run, user)
    monkeypatch.setattr(room_state, "TOKEN_MAX_AGE_SECONDS", -1)

    response = _poll(client, run, run.room_stamp, token)

    assert response.status_code == 404


def test_cache_miss_takes_the_slow_path_and_refills_the_cache(client, table, django_assert_num_queries):
    run, user, *_ = table
    client.force_login(user)
    token = _token(run, user)

    with django_assert_num_queries(2):  # the user with its roles, the run's stamp through the seat (session: cache)
        response = _poll(client, run, run.room_stamp, token)

    assert response.status_code == 204
    assert cache.get(f"simulations:room-state:{run.pk}")[0] == run.room_stamp


def test_cache_outage_takes_the_slow_path(client, table, monkeypatch):
    run, user, *_ = table
    client.force_login(user)

    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "get", broken)
    response = _poll(client, run, "0.0", _token(run, user))

    assert response.status_code == 200


def test_engine_transition_publishes_the_new_state_after_commit(table, django_capture_on_commit_callbacks):
    run, *_ = table
    publish_room_state(run.pk)

    with django_capture_on_commit_callbacks(execute=True):
        run = finish_run(run)

    assert cache.get(f"simulations:room-state:{run.pk}")[:2] == (run.room_stamp, "finished")


def test_negotiation_action_publishes_the_new_stamp_after_commit(table, django_capture_on_commit_callbacks):
    run, user, _, d1 = table
    publish_room_state(run.pk)
    before = run.room_stamp

    with django_capture_on_commit_callbacks(execute=True):
        make_statement(run, d1, "We open.", user=user)

    run.refresh_from_db()
    assert cache.get(f"simulations:room-state:{run.pk}")[0] == run.room_stamp != before


def test_aging_state_is_reread_from_the_database(client, table):
    run, user, *_ = table
    client.force_login(user)
    stale = run.room_stamp
    old = time.time() - room_state.REFRESH_AFTER_SECONDS - 1
    cache.set(f"simulations:room-state:{run.pk}", (stale, "running", time.time() + 60, old), 5)
    bump_activity(run)  # a change whose publication was lost (its on_commit callback never ran)

    response = _poll(client, run, stale, _token(run, user))

    assert response.status_code == 200  # the re-read state differs: the room is rendered again
    assert cache.get(f"simulations:room-state:{run.pk}")[0] == run.room_stamp != stale
