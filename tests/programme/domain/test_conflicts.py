import datetime

import pytest

from programme.domain.conflicts import WarningKind, find_conflicts
from programme.domain.programme import move_session
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import (
    PairGroupFactory,
    RoomFactory,
    SessionFactory,
    SpeakerAvailabilityFactory,
    SpeakerFactory,
    local,
)

pytestmark = pytest.mark.django_db


def kinds(course):
    return sorted(w.kind for w in find_conflicts(course))


def test_find_conflicts_empty_programme_has_no_warnings():
    assert find_conflicts(CourseFactory()) == []


def test_find_conflicts_room_double_booked():
    course = CourseFactory()
    room = RoomFactory(course=course, name="Budinich Hall")
    group_a, group_b = PairGroupFactory(course=course), PairGroupFactory(course=course)
    SessionFactory(course=course, room=room, for_everyone=False, groups=[group_a], title="First")
    SessionFactory(
        course=course,
        room=room,
        for_everyone=False,
        groups=[group_b],
        starts_at=local(course, 0, 9, 30),
        title="Second",
    )

    warnings = find_conflicts(course)

    assert [w.kind for w in warnings] == [WarningKind.ROOM]
    assert "Budinich Hall is double-booked" in warnings[0].message
    assert "First" in warnings[0].message and "Second" in warnings[0].message


def test_find_conflicts_back_to_back_sessions_do_not_overlap():
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room, starts_at=local(course, 0, 10))

    assert find_conflicts(course) == []


def test_find_conflicts_speaker_double_booked():
    course = CourseFactory()
    speaker = SpeakerFactory(course=course, name="Dr Amara Okafor")
    group_a, group_b = PairGroupFactory(course=course), PairGroupFactory(course=course)
    SessionFactory(course=course, speakers=[speaker], for_everyone=False, groups=[group_a])
    SessionFactory(
        course=course,
        speakers=[speaker],
        for_everyone=False,
        groups=[group_b],
        starts_at=local(course, 0, 9, 45),
    )

    warnings = find_conflicts(course)

    assert [w.kind for w in warnings] == [WarningKind.SPEAKER]
    assert warnings[0].message.startswith("Dr Amara Okafor is double-booked")


def test_find_conflicts_same_group_in_two_places():
    course = CourseFactory()
    group = PairGroupFactory(course=course, name="Group A")
    SessionFactory(course=course, for_everyone=False, groups=[group])
    SessionFactory(course=course, for_everyone=False, groups=[group], starts_at=local(course, 0, 9, 15))

    warnings = find_conflicts(course)

    assert [w.kind for w in warnings] == [WarningKind.AUDIENCE]
    assert warnings[0].message.startswith("Group A would be in two places at once")


def test_find_conflicts_plenary_overlaps_every_group():
    course = CourseFactory()
    group = PairGroupFactory(course=course, name="Group B")
    SessionFactory(course=course, for_everyone=True)
    SessionFactory(course=course, for_everyone=False, groups=[group], starts_at=local(course, 0, 9, 30))

    assert kinds(course) == [WarningKind.AUDIENCE]


def test_find_conflicts_parallel_groups_without_shared_pairs_are_fine():
    course = CourseFactory()
    pair_1, _, _ = make_pair(course=course)
    pair_2, _, _ = make_pair(course=course)
    group_a = PairGroupFactory(course=course, pairs=[pair_1])
    group_b = PairGroupFactory(course=course, pairs=[pair_2])
    SessionFactory(course=course, for_everyone=False, groups=[group_a])
    SessionFactory(course=course, for_everyone=False, groups=[group_b])

    assert find_conflicts(course) == []


def test_find_conflicts_pair_in_two_overlapping_groups():
    course = CourseFactory()
    pair, _, _ = make_pair(course=course)
    group_a = PairGroupFactory(course=course, name="Group A", pairs=[pair])
    group_b = PairGroupFactory(course=course, name="Group B", pairs=[pair])
    SessionFactory(course=course, for_everyone=False, groups=[group_a])
    SessionFactory(course=course, for_everyone=False, groups=[group_b])

    warnings = find_conflicts(course)

    assert [w.kind for w in warnings] == [WarningKind.AUDIENCE]
    assert warnings[0].message.startswith("1 pair in both Group A and Group B would be in two places at once")


def test_find_conflicts_session_before_course_starts():
    course = CourseFactory()
    SessionFactory(course=course, starts_at=local(course, -1, 18))

    assert kinds(course) == [WarningKind.OUTSIDE_DATES]


def test_find_conflicts_session_after_course_ends():
    course = CourseFactory()
    SessionFactory(course=course, starts_at=local(course, 5, 9))

    assert kinds(course) == [WarningKind.OUTSIDE_DATES]


def test_find_conflicts_late_evening_in_course_zone_is_inside_dates():
    # 23:00 in Rome on the last day is 21:00/22:00 UTC the same day; 23:30 to 00:30 would spill over.
    course = CourseFactory()
    SessionFactory(course=course, starts_at=local(course, 4, 22), ends_at=local(course, 4, 23, 30))

    assert find_conflicts(course) == []


def test_find_conflicts_room_smaller_than_plenary_audience():
    course = CourseFactory()
    for _ in range(3):
        make_pair(course=course)
    room = RoomFactory(course=course, name="Seminar room", capacity=5)
    SessionFactory(course=course, room=room, for_everyone=True)

    warnings = find_conflicts(course)

    assert [w.kind for w in warnings] == [WarningKind.CAPACITY]
    assert "seats 5 but the audience is 6 people (3 pairs)" in warnings[0].message


def test_find_conflicts_room_large_enough_for_group_audience():
    course = CourseFactory()
    pairs = [make_pair(course=course)[0] for _ in range(3)]
    group = PairGroupFactory(course=course, pairs=pairs[:2])
    room = RoomFactory(course=course, capacity=4)
    SessionFactory(course=course, room=room, for_everyone=False, groups=[group])

    assert find_conflicts(course) == []


def test_warning_key_changes_when_the_session_moves():
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    second = SessionFactory(course=course, room=room, starts_at=local(course, 0, 9, 30))
    before = find_conflicts(course)[0].key

    second.starts_at += datetime.timedelta(minutes=15)
    second.ends_at += datetime.timedelta(minutes=15)
    second.save()

    assert find_conflicts(course)[0].key != before


def test_find_conflicts_speaker_outside_their_availability():
    speaker = SpeakerFactory(name="Ana Diplomat")
    course = speaker.course
    SpeakerAvailabilityFactory(speaker=speaker, starts_at=local(course, 0, 8), ends_at=local(course, 0, 12))
    inside = SessionFactory(course=course, speakers=[speaker], starts_at=local(course, 0, 9))
    outside = SessionFactory(course=course, speakers=[speaker], starts_at=local(course, 0, 11, 30), title="Late talk")

    warnings = [w for w in find_conflicts(course) if w.kind == WarningKind.UNAVAILABLE]

    assert [w.session_ids for w in warnings] == [(outside.pk,)]
    assert "Ana Diplomat is not available for “Late talk”" in warnings[0].message
    assert inside.pk not in {i for w in warnings for i in w.session_ids}


def test_find_conflicts_speaker_without_availability_is_free_all_week():
    speaker = SpeakerFactory()
    SessionFactory(course=speaker.course, speakers=[speaker], starts_at=local(speaker.course, 2, 20))

    assert WarningKind.UNAVAILABLE not in kinds(speaker.course)


def test_warning_key_ignores_a_rename_and_changes_with_a_move():
    course = CourseFactory()
    room = RoomFactory(course=course)
    first = SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)
    (before,) = [w for w in find_conflicts(course) if w.kind == WarningKind.ROOM]

    first.title = "A new title"
    first.save()
    (renamed,) = [w for w in find_conflicts(course) if w.kind == WarningKind.ROOM]
    move_session(first, by=datetime.timedelta(minutes=15))
    (moved,) = [w for w in find_conflicts(course) if w.kind == WarningKind.ROOM]

    assert renamed.key == before.key
    assert moved.key != before.key
