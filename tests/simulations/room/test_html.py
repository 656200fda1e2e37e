"""The room partial is rendered once per variant (delegation, role, released injects) and shared
(simulations/room/html.py): each viewer still gets only their own material, their own CSRF and poll tokens,
and a clock of the moment; typed text can never fill a hole."""

import datetime
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from course.enums import RoleGroup
from simulations.domain import engine
from simulations.domain.negotiation import post_floor_message
from simulations.models import Run
from simulations.room.html import HOLES, _moment, _render_variant, _variant_key, prepare_rooms
from simulations.room.seat import room_for_seat
from simulations.room.snapshot import read_table_snapshot, warm_table_snapshot
from simulations.room.state import poll_token_user, publish_room_state
from tests.factories.course import UserFactory
from tests.factories.negotiation import negotiation_then_vote, seated_run

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def table():
    return seated_run(negotiation_then_vote())


def _room(client, user, run, **extra):
    client.force_login(user)
    return client.get(reverse("simulations:room", args=[run.pk]), **extra)


def test_each_viewer_gets_their_own_variant_in_any_order(client, table):
    run, pairs = table
    a, b = run.scenario.delegations.order_by("position")
    viewers = [
        (pairs["a"][1].user, a, "SCIENTIST-MARKER-a", "POLICYMAKER-MARKER-a"),
        (pairs["a"][2].user, a, "POLICYMAKER-MARKER-a", "SCIENTIST-MARKER-a"),
        (pairs["b"][1].user, b, "SCIENTIST-MARKER-b", "POLICYMAKER-MARKER-b"),
    ]

    for _ in range(2):  # the second pass is served from the variants the first one rendered
        for user, delegation, own_notes, partner_notes in viewers:
            for extra in ({}, HX):
                html = _room(client, user, run, **extra).content.decode()
                other = "b" if delegation.key == "a" else "a"
                assert f"BRIEF-MARKER-{delegation.key}" in html and own_notes in html
                assert partner_notes not in html and f"BRIEF-MARKER-{other}" not in html


def test_holes_are_filled_with_the_viewers_own_tokens(client, table):
    run, pairs = table
    scientist, policymaker = pairs["a"][1].user, pairs["a"][2].user

    first = _room(client, scientist, run, **HX).content.decode()
    second = _room(client, policymaker, run, **HX).content.decode()

    for html, user in ((first, scientist), (second, policymaker)):
        assert "<!--hole:" not in html
        token = re.search(r"&amp;t=([^\"&]+)\"", html).group(1)
        assert poll_token_user(unquote(token), run.pk) == user.pk
        assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', html)
        assert 'class="countdown"' in html  # the clock, rendered for this moment


def test_a_posted_form_with_the_filled_csrf_token_is_accepted(table):

    run, pairs = table
    client = Client(enforce_csrf_checks=True)
    html = _room(client, pairs["a"][1].user, run).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = client.post(
        reverse("simulations:negotiate_floor", args=[run.pk]), {"text": "Hello", "csrfmiddlewaretoken": token}, **HX
    )

    assert response.status_code == 200 and "Hello" in response.content.decode()


def test_typed_text_that_looks_like_a_hole_stays_text(client, table):
    run, pairs = table
    a = run.scenario.delegations.get(key="a")
    post_floor_message(run, a, f"{HOLES['csrf']} and {HOLES['clock']}", user=pairs["a"][1].user)

    html = _room(client, pairs["b"][1].user, run, **HX).content.decode()

    assert "&lt;!--hole:csrf--&gt; and &lt;!--hole:clock--&gt;" in html


def test_rooms_are_rendered_when_the_change_commits(client, table, django_capture_on_commit_callbacks):
    run, pairs = table
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)  # the vote round starts: every seated variant is rendered after the commit

    response = _room(client, pairs["b"][2].user, run, **HX)

    rendered = {t.name for t in response.templates}
    assert response.status_code == 200 and "simulations/negotiation/_tools.html" not in rendered
    assert "POLICYMAKER-MARKER-b" in response.content.decode()


def test_the_shared_page_shows_each_viewer_their_own_navigation_and_messages(client, table):

    run, pairs = table
    reviewer = pairs["b"][1].user
    reviewer.groups.add(Group.objects.get_or_create(name=RoleGroup.REVIEWER)[0])
    reviews = reverse("participants:review_queue")

    plain = _room(client, pairs["a"][1].user, run).content.decode()
    with_role = _room(client, reviewer, run).content.decode()
    client.force_login(pairs["a"][1].user)
    posted = client.post(reverse("simulations:negotiate_floor", args=[run.pk]), {"text": "Plainly"}, follow=True)
    again = client.get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert reviews not in plain and reviews in with_role
    for html in (plain, with_role, again):
        assert "<!--hole:" not in html and re.search(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', html)
    assert "Said on the floor." in posted.content.decode()  # the flash message: shown once, after the post
    assert "Said on the floor." not in again


def test_from_the_cache_only_seated_people_get_a_room_and_a_due_round_moves_on(
    client, table, django_capture_on_commit_callbacks
):

    run, pairs = table
    with django_capture_on_commit_callbacks(execute=True):
        engine.end_round_now(run)  # published state and prepared rooms in the cache, as after any change
    url = reverse("simulations:room", args=[run.pk])

    client.force_login(UserFactory())
    stranger = client.get(url)
    seated = _room(client, pairs["b"][1].user, run)
    run.refresh_from_db()
    later = run.ends_at + datetime.timedelta(seconds=1)  # the vote round's time is up
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        publish_room_state(run.pk)  # fresh in the cache, as the polls keep it: only the due check stops it
        warm_table_snapshot(run.pk, prepare_rooms)
        due = _room(client, pairs["b"][1].user, run)

    assert stranger.status_code == 404 and seated.status_code == 200
    assert "BRIEF-MARKER-b" in seated.content.decode()
    assert due.status_code == 200 and Run.objects.get(pk=run.pk).is_over  # the vote round was the last


def test_prepared_variants_equal_the_ones_rendered_alone(table):
    """prepare_rooms renders each delegation's negotiation tools once for both its roles: every prepared
    variant is exactly what rendering that seat's room on its own gives."""
    run, pairs = table
    first = run.scenario.delegations.order_by("position").first()
    post_floor_message(run, first, "FLOOR-MARKER", user=pairs["a"][1].user)  # the tools hold the table's floor
    run = Run.objects.get(pk=run.pk)
    snapshot = read_table_snapshot(run)
    prepare_rooms(run, snapshot)
    moment = _moment(run, snapshot.rooms, timezone.now())
    checked = 0
    for seat in snapshot.seats:
        for participant in seat.pair.participants.all():
            room = room_for_seat(run, snapshot, seat, participant)
            key = _variant_key(snapshot.rooms, room.delegation.pk, room.role, moment, translation.get_language())
            alone = _render_variant(room, run)
            assert snapshot.rendered[key] == alone and "FLOOR-MARKER" in alone
            checked += 1
    assert checked == 4  # two pairs: both roles of both delegations
