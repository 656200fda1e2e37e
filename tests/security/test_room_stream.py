"""The room's push stream (simulations.room.push) opens only for the seat's owner: the room's signed poll token
for that run and a session signed in as the token's user; every other combination is refused. What it carries
("changed", nothing else) is checked against a real server in tests/integration/test_room_push.py."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from django.test import Client

from simulations.domain.runs import assign_pair
from simulations.models import Seat
from simulations.room.push import stream_owner
from simulations.room.state import poll_token
from tests.factories.course import UserFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run

pytestmark = pytest.mark.django_db(transaction=True)  # the session is read in a thread of its own


def _scope(run_id, token, session):
    headers = [(b"cookie", f"sessionid={session}".encode())] if session else []
    return {
        "type": "http",
        "method": "GET",
        "path": f"/simulations/runs/{run_id}/room/stream/",
        "query_string": f"t={quote(token, safe='')}".encode(),
        "headers": headers,
    }


def _owner(scope):
    # In a thread of its own: a browser test earlier in the session may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, stream_owner(scope)).result()


def _session(user):
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@pytest.fixture
def seats():
    run = make_run(round_seconds=[60])
    other_run = make_run(round_seconds=[60])
    d1, d2 = run.scenario.delegations.all()[:2]
    a, b = make_pair(run.course), make_pair(run.course)
    assign_pair(run, a[0], d1)
    assign_pair(run, b[0], d2)
    owner, partner_of_other = a[1].user, b[1].user
    seat = Seat.objects.get(run=run, pair__participants__user=owner)
    return run, other_run, owner, partner_of_other, poll_token(run.pk, owner.pk, seat.pk)


def test_owner_with_token_and_session_may_open(seats):
    run, _, owner, _, token = seats
    assert _owner(_scope(run.pk, token, _session(owner))) == (run.pk, owner.pk)


@pytest.mark.parametrize(
    "case", ["no token", "no session", "other seat's session", "outsider's session", "another run", "bad token"]
)
def test_everyone_else_is_refused(seats, case):
    run, other_run, owner, other, token = seats
    run_id, session = run.pk, _session(owner)
    if case == "no token":
        token = ""
    elif case == "no session":
        session = None
    elif case == "other seat's session":
        session = _session(other)
    elif case == "outsider's session":
        session = _session(UserFactory())
    elif case == "another run":
        run_id = other_run.pk
    else:
        token = token.replace(":", ";", 1)
    assert _owner(_scope(run_id, token, session)) is None
