import datetime

import pytest
from django.urls import reverse

from simulations.domain.engine import finish_run, start_run
from simulations.domain.runs import assign_pair
from simulations.enums import RunEventKind, RunState
from simulations.models import Run, RunEvent, Seat
from tests.factories.course import CourseFactory, FacilitatorFactory, UserFactory
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run, make_scenario
from tests.simulations.helpers import make_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def table():
    """A run with two seated pairs: pair A in d1, pair B in d2."""
    run = make_run(round_seconds=[60, 60])
    d1, d2, _ = run.scenario.delegations.all()
    a = make_pair(run.course)
    b = make_pair(run.course)
    assign_pair(run, a[0], d1)
    assign_pair(run, b[0], d2)
    run.refresh_from_db()
    return run, a, b, d1, d2


def test_room_shows_own_brief_and_role_notes_only(client, table):
    run, (pair, scientist, policymaker), _, d1, d2 = table
    client.force_login(scientist.user)

    html = client.get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert d1.brief in html and d1.scientist_notes in html
    assert d1.policymaker_notes not in html
    assert d2.brief not in html and d2.scientist_notes not in html
    assert run.scenario.background in html


def test_room_policymaker_sees_policymaker_notes(client, table):
    run, (_, _, policymaker), _, d1, _ = table
    client.force_login(policymaker.user)

    html = client.get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert d1.policymaker_notes in html and d1.scientist_notes not in html


def test_room_is_404_for_unseated_user(client, table):
    run = table[0]
    client.force_login(UserFactory())

    assert client.get(reverse("simulations:room", args=[run.pk])).status_code == 404
    assert client.get(reverse("simulations:room_updates", args=[run.pk])).status_code == 404


def test_other_delegations_brief_is_404(client, table):
    run, (_, scientist, _), _, d1, d2 = table
    client.force_login(scientist.user)

    own = client.get(reverse("simulations:brief", args=[run.pk, d1.key]))
    other = client.get(reverse("simulations:brief", args=[run.pk, d2.key]))

    assert own.status_code == 200 and d1.brief in own.content.decode()
    assert other.status_code == 404 and d2.brief not in other.content.decode()


def test_room_updates_answers_204_when_nothing_changed(client, table, django_assert_num_queries):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)
    url = reverse("simulations:room_updates", args=[run.pk])

    # the user (with its roles) and one query for the run's stamp; the session is cached; nothing is rendered
    with django_assert_num_queries(2):
        response = client.get(url, {"v": run.room_stamp}, HTTP_HX_REQUEST="true")

    assert response.status_code == 204 and response.content == b""


def test_room_updates_renders_room_when_changed(client, table):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)
    old = run.room_stamp
    run = start_run(run)

    response = client.get(reverse("simulations:room_updates", args=[run.pk]), {"v": old}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-stamp="{run.room_stamp}"' in html and 'data-round="1"' in html
    assert "data-countdown-to=" in html and 'hx-trigger="every 1s"' in html
    assert "<html" not in html


def test_room_updates_advances_due_round_lazily(client, table):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)
    run = make_due(start_run(run))

    response = client.get(reverse("simulations:room_updates", args=[run.pk]), {"v": run.room_stamp})

    assert response.status_code == 200 and 'data-round="2"' in response.content.decode()
    assert RunEvent.objects.get(run=run, kind=RunEventKind.ROUND_ADVANCED).source == "lazy"


def test_room_updates_stops_polling_when_over(client, table):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)
    run = finish_run(start_run(run))

    response = client.get(reverse("simulations:room_updates", args=[run.pk]), {"v": run.room_stamp})

    assert response.status_code == 286
    assert "hx-trigger" not in response.content.decode()


def test_room_page_advances_due_round_lazily(client, table):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)
    run = make_due(start_run(run))

    html = client.get(reverse("simulations:room", args=[run.pk])).content.decode()

    assert 'data-round="2"' in html


def test_my_runs_lists_seated_runs(client, table):
    run, (_, scientist, _), *_ = table
    client.force_login(scientist.user)

    html = client.get(reverse("simulations:my_runs")).content.decode()

    assert reverse("simulations:room", args=[run.pk]) in html


# --- Facilitator ------------------------------------------------------------------------------------------


@pytest.fixture
def facilitator_client(client):
    user = FacilitatorFactory()
    client.force_login(user)
    client.user = user
    return client


def test_facilitator_pages_are_404_for_others(client, table):
    client.force_login(table[1][1].user)

    assert client.get(reverse("simulations:run_list")).status_code == 404
    assert client.get(reverse("simulations:run_detail", args=[table[0].pk])).status_code == 404
    response = client.post(reverse("simulations:run_control", args=[table[0].pk]), {"action": "start"})
    assert response.status_code == 404
    assert Run.objects.get(pk=table[0].pk).state == RunState.DRAFT


@pytest.mark.parametrize("count", [1, 3])
def test_run_list_queries_do_not_grow(facilitator_client, django_assert_num_queries, count):
    scenario = make_scenario()
    for _ in range(count):
        make_run(scenario=scenario)

    with django_assert_num_queries(4):
        response = facilitator_client.get(reverse("simulations:run_list"))

    assert response.status_code == 200


def test_create_run_from_list_page(facilitator_client):
    scenario = make_scenario()

    course = CourseFactory()
    response = facilitator_client.post(
        reverse("simulations:run_list"),
        {"scenario": scenario.pk, "course": course.pk, "name": "Table A", "room": "Room 2"},
    )

    run = Run.objects.get(name="Table A")
    assert response.status_code == 302 and response.url == reverse("simulations:run_detail", args=[run.pk])
    assert run.rounds.count() == 3 and run.created_by == facilitator_client.user


def test_create_run_duplicate_name_rerenders_with_input(facilitator_client):
    run = make_run(name="Table A")

    response = facilitator_client.post(
        reverse("simulations:run_list"),
        {"scenario": run.scenario.pk, "course": run.course.pk, "name": "Table A", "room": "Room 9"},
    )

    html = response.content.decode()
    assert response.status_code == 200 and "already has a table" in html and "Room 9" in html
    assert Run.objects.count() == 1


def test_run_detail_shows_controls_seats_and_log(facilitator_client, table):
    run = table[0]

    html = facilitator_client.get(reverse("simulations:run_detail", args=[run.pk])).content.decode()

    assert 'value="start"' in html and "Event log" in html and "Run created" in html


def test_event_log_times_have_seconds_in_the_course_zone(facilitator_client, table):

    run = table[0]
    at = datetime.datetime(2026, 7, 6, 12, 30, 7, tzinfo=datetime.UTC)  # 14:30:07 in Trieste's summer time
    RunEvent.objects.filter(run=run).update(created_at=at)

    html = facilitator_client.get(reverse("simulations:run_detail", args=[run.pk])).content.decode()

    assert f'<time datetime="{at.isoformat()}">14:30:07 CEST (UTC+2)</time>' in html


def test_run_detail_names_the_real_case_objectives_and_rule(facilitator_client, table):
    run = table[0]

    html = facilitator_client.get(reverse("simulations:run_detail", args=[run.pk])).content.decode()

    assert "The real case it draws on" in html and "SESAME, Allan, Jordan." in html
    assert "Negotiate across rival states" in html and "decision rule:" in html


def test_run_status_keeps_the_extend_field_being_typed_in(facilitator_client, table):
    run = table[0]
    facilitator_client.post(reverse("simulations:run_control", args=[run.pk]), {"action": "start"})

    partial = facilitator_client.get(reverse("simulations:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")

    # htmx keeps an element with hx-preserve and a stable id across the 1-second re-renders of the panel
    assert '<form id="extend-form" hx-preserve method="post"' in partial.content.decode()


def test_end_early_switch_from_the_run_page(facilitator_client, table):
    run = table[0]
    url = reverse("simulations:run_control", args=[run.pk])

    page = facilitator_client.get(reverse("simulations:run_detail", args=[run.pk])).content.decode()
    facilitator_client.post(url, {"action": "end_early_on"})

    assert 'value="end_early_on"' in page
    run.refresh_from_db()
    assert run.end_round_when_all_acted is True


def test_controls_drive_the_engine(facilitator_client, table):
    run = table[0]
    url = reverse("simulations:run_control", args=[run.pk])

    facilitator_client.post(url, {"action": "start"})
    facilitator_client.post(url, {"action": "extend", "minutes": "2"})
    facilitator_client.post(url, {"action": "pause"})
    facilitator_client.post(url, {"action": "resume"})
    facilitator_client.post(url, {"action": "end_round"})
    facilitator_client.post(url, {"action": "go_back", "confirm": "yes"})
    facilitator_client.post(url, {"action": "finish", "confirm": "yes"})

    run.refresh_from_db()
    assert run.state == RunState.FINISHED
    kinds = list(RunEvent.objects.filter(run=run, actor=facilitator_client.user).values_list("kind", flat=True))
    assert kinds[-7:] == ["started", "extended", "paused", "resumed", "round_ended_now", "went_back", "finished"]


def test_refused_control_changes_nothing_and_says_why(facilitator_client, table):
    run = table[0]

    response = facilitator_client.post(
        reverse("simulations:run_control", args=[run.pk]), {"action": "pause"}, follow=True
    )

    assert "Cannot pause" in response.content.decode()
    run.refresh_from_db()
    assert (run.state, run.version) == (RunState.DRAFT, 0)


def test_extend_with_bad_minutes_is_refused(facilitator_client, table):
    run = start_run(table[0])

    response = facilitator_client.post(
        reverse("simulations:run_control", args=[run.pk]), {"action": "extend", "minutes": "abc"}, follow=True
    )

    assert "extension in minutes" in response.content.decode()
    assert Run.objects.get(pk=run.pk).version == run.version


def test_plan_form_saves_rounds(facilitator_client, table):
    run = table[0]
    data = {
        "rounds-TOTAL_FORMS": "3",
        "rounds-INITIAL_FORMS": "2",
        "rounds-MIN_NUM_FORMS": "1",
        "rounds-MAX_NUM_FORMS": "20",
        "rounds-0-title": "Opening",
        "rounds-0-minutes": "0.5",
        "rounds-0-actions": ["statement"],
        "rounds-1-title": "Vote",
        "rounds-1-minutes": "2",
        "rounds-1-DELETE": "on",
        "rounds-2-title": "Caucus",
        "rounds-2-minutes": "3",
        "rounds-2-actions": ["caucus"],
    }

    response = facilitator_client.post(reverse("simulations:run_plan", args=[run.pk]), data)

    assert response.status_code == 302
    assert list(run.rounds.values_list("title", "duration_seconds")) == [("Opening", 30), ("Caucus", 180)]


def test_plan_form_errors_rerender_with_input(facilitator_client, table):
    run = table[0]
    data = {
        "rounds-TOTAL_FORMS": "1",
        "rounds-INITIAL_FORMS": "1",
        "rounds-MIN_NUM_FORMS": "1",
        "rounds-MAX_NUM_FORMS": "20",
        "rounds-0-title": "Kept title",
        "rounds-0-minutes": "-4",
    }

    response = facilitator_client.post(reverse("simulations:run_plan", args=[run.pk]), data)

    assert response.status_code == 200 and "Kept title" in response.content.decode()
    assert run.rounds.count() == 2


def test_seat_forms_assign_automatically_and_by_hand(facilitator_client, table):
    run, (pair_a, *_), (pair_b, *_), d1, d2 = table
    Seat.objects.filter(run=run).delete()

    facilitator_client.post(reverse("simulations:run_seats_auto", args=[run.pk]))
    assert Seat.objects.filter(run=run).count() == 2

    facilitator_client.post(
        reverse("simulations:run_seat_assign", args=[run.pk]), {"pair": pair_a.pk, "delegation": "d3"}
    )
    assert Seat.objects.get(run=run, pair=pair_a).delegation.key == "d3"
    facilitator_client.post(
        reverse("simulations:run_seat_assign", args=[run.pk]), {"pair": pair_b.pk, "delegation": ""}
    )
    assert not Seat.objects.filter(run=run, pair=pair_b).exists()


def test_run_status_poll_204_then_partial(facilitator_client, table):
    run = table[0]
    url = reverse("simulations:run_status", args=[run.pk])

    assert facilitator_client.get(url, {"v": run.room_stamp}).status_code == 204
    run = start_run(run)
    response = facilitator_client.get(url, {"v": "0.2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-run-state="running"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_my_runs_queries_do_not_grow(client, django_assert_num_queries, count):
    pair, scientist, _ = make_pair()
    for _ in range(count):
        run = make_run(course=pair.course)
        assign_pair(run, pair, run.scenario.delegations.first())
    client.force_login(scientist.user)

    with django_assert_num_queries(2):
        response = client.get(reverse("simulations:my_runs"))

    assert response.content.decode().count("/room/") == count
