"""simulations.domain.low_data: the room's low-data mode, chosen per person or asked for by the browser."""

import pytest
from django.test import Client

from simulations.domain.low_data import (
    SESSION_KEY,
    choose_low_data,
    is_low_data,
    restore_low_data,
    session_low_data,
)
from simulations.enums import LowData
from simulations.models import RoomPreference
from tests.factories.course import UserFactory


@pytest.mark.parametrize(
    ("choice", "header", "expected"),
    [
        (None, None, False),
        (None, "on", True),
        (None, " On ", True),
        (None, "off", False),
        (LowData.AUTO, "on", True),
        (LowData.AUTO, None, False),
        (LowData.ON, None, True),
        (LowData.ON, "off", True),
        (LowData.OFF, "on", False),  # the person's own choice wins over the browser's
    ],
)
def test_is_low_data_follows_the_choice_then_the_browser(choice, header, expected):
    assert is_low_data(choice, header) is expected


@pytest.mark.django_db
def test_choose_low_data_remembers_the_choice_per_user_and_in_the_session():
    user, session = UserFactory(), {}

    assert choose_low_data(user, session, "on")
    assert choose_low_data(user, session, "off")

    assert RoomPreference.objects.get(user=user).low_data == LowData.OFF
    assert session_low_data(session) == LowData.OFF


@pytest.mark.django_db
def test_choose_low_data_refuses_an_unknown_choice():
    user, session = UserFactory(), {}

    assert not choose_low_data(user, session, "maybe")

    assert not RoomPreference.objects.filter(user=user).exists() and session == {}


@pytest.mark.django_db
def test_the_choice_follows_the_person_to_a_new_session_at_login():
    user = UserFactory()
    RoomPreference.objects.create(user=user, low_data=LowData.ON)
    client = Client()

    client.force_login(user)

    assert client.session[SESSION_KEY] == LowData.ON


@pytest.mark.django_db
def test_restore_low_data_leaves_the_session_alone_when_never_chosen():
    session = {}

    restore_low_data(UserFactory(), session)

    assert session_low_data(session) is None
