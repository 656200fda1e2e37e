import datetime

import pytest

from programme.views.day_grid import build_day_grid
from tests.factories.course import CourseFactory
from tests.factories.programme import RoomFactory, SessionFactory, local

pytestmark = pytest.mark.django_db


def grid_for(course, day_offset=0):
    sessions = [
        s
        for s in course.sessions.all()
        if s.starts_at.astimezone(course.tzinfo).date() == course.starts_on + datetime.timedelta(days=day_offset)
    ]
    rooms = list(course.rooms.all())
    return build_day_grid(
        course,
        course.starts_on + datetime.timedelta(days=day_offset),
        sessions,
        rooms,
        warnings_for=lambda s: [],
        move_form_for=lambda s: None,
    )


def test_day_grid_places_sessions_in_fifteen_minute_rows_from_eight():
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room, starts_at=local(course, 0, 9, 30), ends_at=local(course, 0, 10, 45))

    grid = grid_for(course)

    card = grid.columns[0].cards[0]
    assert (card.row, card.span) == (1 + 1 + 6, 5)  # header row, then 08:00 is row 2
    assert grid.rows == (18 - 8) * 4
    assert grid.hours[0] == (2, "08:00")


def test_day_grid_puts_double_booked_sessions_side_by_side():
    course = CourseFactory()
    room = RoomFactory(course=course, name="A")
    other = RoomFactory(course=course, name="B")
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room, starts_at=local(course, 0, 9, 30))
    SessionFactory(course=course, room=room, starts_at=local(course, 0, 11))
    SessionFactory(course=course, room=other)

    grid = grid_for(course)

    first, second = grid.columns[0], grid.columns[1]
    assert first.lanes == 2
    assert [c.lane for c in first.cards] == [0, 1, 0]
    assert (first.index, second.index) == (2, 4)
    assert [c.column for c in first.cards] == [2, 3, 2]
    assert grid.grid_columns == 3


def test_day_grid_adds_a_no_room_column_only_when_needed_and_stretches_hours():
    course = CourseFactory()
    RoomFactory(course=course)
    SessionFactory(course=course, room=None, starts_at=local(course, 0, 7), ends_at=local(course, 0, 19, 30))

    grid = grid_for(course)

    assert [c.room for c in grid.columns][1:] == [None]
    assert grid.hours[0] == (2, "07:00") and grid.hours[-1][1] == "19:00"
