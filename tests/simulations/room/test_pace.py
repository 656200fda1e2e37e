"""The room's low-data mode per viewer (simulations.room.pace) and its toggle (simulations.views.room):
Save-Data: on or the person's remembered choice puts the shared room page in low-data mode for that viewer only.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from simulations.enums import LowData
from simulations.models import RoomPreference
from tests.factories.course import UserFactory
from tests.factories.negotiation import build_scenario, seated_run

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def table():
    scenario = build_scenario(
        {"a": 10, "b": 20},
        {"a": {"x": {"x1": 20, "x2": 5}}, "b": {"x": {"x1": 1, "x2": 9}}},
        rounds=(("negotiation", 60, ["floor"]), ("vote", 60, ["vote"])),
    )
    return seated_run(scenario)


def _mode(client, user, run, **headers):
    client.force_login(user)
    html = client.get(reverse("simulations:room", args=[run.pk]), **headers).content.decode()
    found = re.findall(r'id="room-data"[^>]*data-low-data="([^"]*)"', html)
    assert len(found) == 1, "the room page has one low-data bar"
    return found[0]


def _toggle(client, run, value, **headers):
    return client.post(reverse("simulations:room_low_data", args=[run.pk]), {"low_data": value}, **headers)


def test_room_is_in_normal_mode_by_default(client, table):
    run, pairs = table

    assert _mode(client, pairs["a"][1].user, run) == "off"


def test_save_data_header_puts_the_room_in_low_data_mode(client, table):
    run, pairs = table

    assert _mode(client, pairs["a"][1].user, run, HTTP_SAVE_DATA="on") == "on"


def test_the_mode_is_filled_per_viewer_in_the_shared_page(table):
    run, pairs = table
    saver, other = Client(), Client()

    modes = [
        _mode(saver, pairs["a"][1].user, run, HTTP_SAVE_DATA="on"),
        _mode(other, pairs["a"][2].user, run),
        _mode(saver, pairs["a"][1].user, run, HTTP_SAVE_DATA="on"),
        _mode(other, pairs["b"][1].user, run),
    ]

    assert modes == ["on", "off", "on", "off"]


def test_the_mode_is_right_when_the_page_is_rendered_for_one_request(client, table, monkeypatch):
    # A message waiting to be shown makes the room render its page for this request, not the shared one.
    run, pairs = table
    monkeypatch.setattr("simulations.room.html.get_messages", lambda request: ["waiting"])

    assert _mode(client, pairs["a"][1].user, run, HTTP_SAVE_DATA="on") == "on"
    assert _mode(Client(), pairs["a"][2].user, run) == "off"


def _toggle_as(client, user, run, value, **headers):
    client.force_login(user)
    return _toggle(client, run, value, **headers)


def test_turning_low_data_on_is_remembered_for_the_person(table):
    run, pairs = table
    user = pairs["a"][1].user
    client = Client()

    response = _toggle_as(client, user, run, "on")

    assert response.status_code == 302 and response["Location"] == reverse("simulations:room", args=[run.pk])
    assert RoomPreference.objects.get(user=user).low_data == LowData.ON
    assert _mode(client, user, run) == "on"
    assert _mode(Client(), user, run) == "on", "a new session (another device) after login"


def test_turning_low_data_off_wins_over_save_data(client, table):
    run, pairs = table
    user = pairs["a"][1].user

    _toggle_as(client, user, run, "off")

    assert _mode(client, user, run, HTTP_SAVE_DATA="on") == "off"


def test_the_room_script_gets_an_empty_answer(client, table):
    run, pairs = table

    response = _toggle_as(client, pairs["a"][1].user, run, "on", **HX)

    assert response.status_code == 204 and response.content == b""


def test_toggle_refuses_an_unknown_choice(client, table):
    run, pairs = table

    response = _toggle_as(client, pairs["a"][1].user, run, "sometimes")

    assert response.status_code == 400
    assert not RoomPreference.objects.exists()


def test_toggle_is_only_for_someone_seated_in_the_run(client, table):
    run, _pairs = table

    response = _toggle_as(client, UserFactory(), run, "on")

    assert response.status_code == 404
    assert not RoomPreference.objects.exists()


def test_toggle_is_post_only(client, table):
    run, pairs = table
    client.force_login(pairs["a"][1].user)

    response = client.get(reverse("simulations:room_low_data", args=[run.pk]), {"low_data": "on"})

    assert response.status_code == 405
    assert not RoomPreference.objects.exists()


def test_toggle_needs_the_csrf_token(table):
    run, pairs = table
    client = Client(enforce_csrf_checks=True)

    response = _toggle_as(client, pairs["a"][1].user, run, "on")

    assert response.status_code == 403
    assert not RoomPreference.objects.exists()


def test_a_slow_poll_after_several_transitions_shows_the_current_state(client, table):
    # A low-data or hidden room polls rarely: whatever it missed, its next poll (with the stamp it shows) brings
    # the current room, here past two transitions at once.
    from simulations.domain.engine import end_round_now  # noqa: PLC0415 (leaf)
    from simulations.room.state import poll_token  # noqa: PLC0415 (leaf)

    run, pairs = table
    user = pairs["a"][1].user
    client.force_login(user)
    shown = run.room_stamp
    seat = run.seats.get(pair__participants__user=user)
    token = poll_token(run.pk, user.pk, seat.pk)
    end_round_now(run)
    run.refresh_from_db()
    end_round_now(run)
    run.refresh_from_db()

    response = client.get(reverse("simulations:room_updates", args=[run.pk]), {"v": shown, "t": token}, **HX)

    assert run.state == "finished"
    assert response.status_code == 286  # the room, and htmx stops polling: the run is over
    assert 'data-run-state="finished"' in response.content.decode()
