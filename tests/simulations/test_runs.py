import pytest

from simulations.domain.engine import finish_run, start_run
from simulations.domain.negotiation import make_statement
from simulations.domain.runs import (
    RunError,
    adjust_round_plan,
    assign_pair,
    assign_pairs,
    create_run,
    set_end_round_when_all_acted,
    unseat_pair,
)
from simulations.enums import RunEventKind, RunState
from simulations.models import Run, RunRound, Seat
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.negotiation import seated_run, two_by_two
from tests.factories.participants import make_pair
from tests.factories.simulations import make_run, make_scenario
from tests.simulations.helpers import event_kinds

pytestmark = pytest.mark.django_db


def test_create_run_copies_scenario_plan():
    scenario = make_scenario(rounds=(10, 25, 5))
    facilitator = FacilitatorFactory()

    run = create_run(scenario, CourseFactory(), " Table A ", room="Room 2", actor=facilitator)

    assert (run.name, run.room, run.state, run.version) == ("Table A", "Room 2", RunState.DRAFT, 0)
    assert list(run.rounds.values_list("number", "duration_seconds")) == [(1, 600), (2, 1500), (3, 300)]
    assert event_kinds(run) == [RunEventKind.CREATED]


def test_create_run_refuses_duplicate_table_name():
    run = make_run(name="Table A")

    with pytest.raises(RunError, match="already has a table"):
        create_run(run.scenario, run.course, "Table A")


def test_parallel_runs_of_one_scenario():
    scenario = make_scenario()
    course = CourseFactory()

    a = create_run(scenario, course, "Table A")
    b = create_run(scenario, course, "Table B")

    assert scenario.runs.count() == 2 and a.rounds.count() == b.rounds.count() == 3


def test_adjust_round_plan_replaces_rounds():
    run = make_run()

    adjust_round_plan(
        run,
        [
            {"title": "Opening", "minutes": "2", "actions": ["statement"]},
            {"title": "Vote", "minutes": 1.5, "instructions": "Vote now", "actions": ["vote"]},
        ],
    )

    assert list(run.rounds.values_list("title", "duration_seconds", "actions")) == [
        ("Opening", 120, ["statement"]),
        ("Vote", 90, ["vote"]),
    ]


@pytest.mark.parametrize(
    "rounds, message",
    [
        ([], "between 1 and"),
        ([{"title": "", "minutes": 5}], "title"),
        ([{"title": "A", "minutes": "x"}], "minutes"),
        ([{"title": "A", "minutes": 0}], "length"),
        ([{"title": "A", "minutes": 5, "actions": ["dance"]}], "unknown action"),
    ],
)
def test_adjust_round_plan_refuses_invalid_rounds_and_changes_nothing(rounds, message):
    run = make_run()
    before = list(run.rounds.values_list("title", "duration_seconds"))

    with pytest.raises(RunError, match=message):
        adjust_round_plan(run, rounds)

    assert list(run.rounds.values_list("title", "duration_seconds")) == before


def test_adjust_round_plan_refused_after_start():
    run = start_run(make_run())

    with pytest.raises(RunError, match="before the run starts"):
        adjust_round_plan(run, [{"title": "A", "minutes": 5}])
    assert RunRound.objects.filter(run=run).count() == 3


def test_assign_pairs_is_balanced_and_avoids_own_country():
    scenario = make_scenario(delegations=3, countries=["JO", "IL", ""])
    course = CourseFactory()
    pairs = [make_pair(course, country=c)[0] for c in ["JO", "JO", "IL", "IL", "KE", "KE"]]
    run = create_run(scenario, course, "Table A")

    seats = assign_pairs(run)

    assert len(seats) == 6
    by_delegation = {}
    for seat in Seat.objects.filter(run=run).select_related("delegation"):
        by_delegation.setdefault(seat.delegation.key, []).append(seat.pair_id)
    assert sorted(len(v) for v in by_delegation.values()) == [2, 2, 2]
    assert not set(by_delegation["d1"]) & {pairs[0].pk, pairs[1].pk}
    assert not set(by_delegation["d2"]) & {pairs[2].pk, pairs[3].pk}


def test_assign_pairs_replaces_previous_seats_and_bumps_activity():
    scenario = make_scenario(delegations=2)
    course = CourseFactory()
    make_pair(course)
    run = create_run(scenario, course, "Table A")
    assign_pairs(run)
    make_pair(course)

    assign_pairs(run)

    run.refresh_from_db()
    assert Seat.objects.filter(run=run).count() == 2
    assert run.activity_version == 2 and run.version == 0


def test_assign_pair_by_hand_moves_pair():
    run = make_run()
    pair, _, _ = make_pair(run.course)
    d1, d2 = run.scenario.delegations.all()[:2]

    assign_pair(run, pair, d1)
    assign_pair(run, pair, d2)

    assert list(Seat.objects.filter(run=run).values_list("delegation__key", flat=True)) == ["d2"]
    assert unseat_pair(run, pair) is True
    assert not Seat.objects.filter(run=run).exists()


def test_assign_pair_refuses_other_course_and_other_scenario():
    run = make_run()
    other_pair, _, _ = make_pair()
    with pytest.raises(RunError, match="course"):
        assign_pair(run, other_pair, run.scenario.delegations.first())
    pair, _, _ = make_pair(run.course)
    foreign = make_scenario().delegations.first()
    with pytest.raises(RunError, match="scenario"):
        assign_pair(run, pair, foreign)
    assert not Seat.objects.filter(run=run).exists()


def test_seats_cannot_change_after_finish():
    run = start_run(make_run())
    finish_run(run)
    pair, _, _ = make_pair(run.course)

    with pytest.raises(RunError, match="over"):
        assign_pair(run, pair, run.scenario.delegations.first())


def test_end_early_switch_is_logged_with_its_actor_and_refused_once_over():
    facilitator = FacilitatorFactory()
    run = make_run()

    run = set_end_round_when_all_acted(run, True, actor=facilitator)
    set_end_round_when_all_acted(run, True, actor=facilitator)  # already on: nothing to log
    run = set_end_round_when_all_acted(run, False, actor=facilitator)

    events = run.events.filter(kind=RunEventKind.END_EARLY_CHANGED).order_by("pk")
    assert [(e.detail["enabled"], e.actor) for e in events] == [(True, facilitator), (False, facilitator)]
    finish_run(start_run(run))
    with pytest.raises(RunError, match="over"):
        set_end_round_when_all_acted(run, True)


def test_end_early_switched_on_after_everyone_acted_ends_the_round_at_once():

    run, pairs = seated_run(two_by_two())
    for key in ("a", "b"):
        make_statement(run, run.scenario.delegations.get(key=key), f"{key} speaks", user=pairs[key][1].user)
    assert Run.objects.get(pk=run.pk).current_round == 1

    run = set_end_round_when_all_acted(run, True)

    assert run.current_round == 2
    assert run.events.filter(kind=RunEventKind.ROUND_ENDED_ALL_ACTED).count() == 1
