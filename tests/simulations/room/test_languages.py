"""The room's prepared HTML is per language (simulations/room/html.py): after a change each seat's room is
rendered in its holder's chosen language, a request is served the room in its own language, and a room
prepared in one language is never served to a reader of another."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from course.domain.languages import SESSION_KEY
from course.models import LanguagePreference
from simulations.domain.activity import bump_activity
from simulations.domain.negotiation import post_floor_message
from simulations.room.snapshot import forget_table_snapshots, prepared_rooms
from tests.factories.negotiation import negotiation_then_vote, seated_run

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
FRENCH = "Votre délégation"
ENGLISH = "Your delegation"


@pytest.fixture
def table():
    run, pairs = seated_run(negotiation_then_vote())
    french, english = pairs["a"][1].user, pairs["b"][1].user
    LanguagePreference.objects.create(user=french, language="fr")
    return run, french, english


def _client(user):
    client = Client()
    client.force_login(user)  # the remembered language goes into the session at login (course.signals)
    return client


def _room(client, run, **extra):
    return client.get(reverse("simulations:room", args=[run.pk]), **extra).content.decode()


def _change(run, django_capture_on_commit_callbacks, change=bump_activity):
    with django_capture_on_commit_callbacks(execute=True):
        change(run)  # the change's commit prepares every seat's room (simulations.room.warm)
    run.refresh_from_db()
    forget_table_snapshots()  # another process: only what the change prepared, in the cache


def test_a_change_prepares_each_seat_in_its_holders_language(table, django_capture_on_commit_callbacks):
    run, french, english = table

    _change(run, django_capture_on_commit_callbacks)

    rooms = prepared_rooms(run.pk, run.room_stamp)
    variants = {key[1:] for key in rooms.rendered if key[0] not in ("page", "clock")}
    seats = rooms.seats
    assert (seats[french.pk][1], seats[french.pk][2]) in {(d, r) for d, r, *_, lang in variants if lang == "fr"}
    assert (seats[english.pk][1], seats[english.pk][2]) in {
        (d, r) for d, r, *_, lang in variants if lang == settings.LANGUAGE_CODE
    }
    french_variants = [
        html for key, html in rooms.rendered.items() if key[0] not in ("page", "clock") and key[-1] == "fr"
    ]
    assert french_variants and all(FRENCH in html and ENGLISH not in html for html in french_variants)


def test_each_seat_reads_its_room_in_its_language_before_and_after_a_change(table, django_capture_on_commit_callbacks):
    run, french, english = table
    french_client, english_client = _client(french), _client(english)

    for step in range(2):
        if step:  # something is said on the floor: every room is prepared again
            _change(
                run,
                django_capture_on_commit_callbacks,
                lambda run: post_floor_message(run, run.scenario.delegations.get(key="a"), "Bonjour", user=french),
            )
        for extra in ({}, HX):
            french_html, english_html = _room(french_client, run, **extra), _room(english_client, run, **extra)
            assert FRENCH in french_html and ENGLISH not in french_html
            assert ENGLISH in english_html and FRENCH not in english_html
            if step:
                assert "Bonjour" in french_html and "Bonjour" in english_html


def test_a_room_prepared_in_french_is_never_served_to_a_reader_of_english(table, django_capture_on_commit_callbacks):
    run, french, _ = table
    _change(run, django_capture_on_commit_callbacks)  # the French holder's room is prepared in French
    client = _client(french)
    assert FRENCH in _room(client, run)

    session = client.session
    session[SESSION_KEY] = "en-gb"  # the same person switches to English
    session.save()

    for extra in ({}, HX):
        html = _room(client, run, **extra)
        assert ENGLISH in html and FRENCH not in html


def test_a_reader_whose_language_nobody_prepared_gets_it_rendered_on_demand(table, django_capture_on_commit_callbacks):
    run, _, english = table
    _change(run, django_capture_on_commit_callbacks)
    client = _client(english)

    html = _room(client, run, HTTP_ACCEPT_LANGUAGE="es")  # no remembered choice: the browser's language

    assert "Su delegación" in html and ENGLISH not in html
    assert ENGLISH in _room(_client(english), run)  # the Spanish copy is not served to the English default
