import datetime

import pytest

from programme.domain.programme import ProgrammeError, create_session, move_session, resize_session
from tests.factories.course import CourseFactory
from tests.factories.programme import SessionFactory, local

pytestmark = pytest.mark.django_db


def test_move_session_keeps_its_length_in_real_time_across_the_clock_change():
    course = CourseFactory(starts_on=datetime.date(2026, 10, 23), ends_on=datetime.date(2026, 10, 27))
    start = datetime.datetime(2026, 10, 24, 23, 0, tzinfo=datetime.UTC)  # 01:00 CEST on Sunday
    session = SessionFactory(course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    move_session(session, by=datetime.timedelta(hours=1))
    session.refresh_from_db()

    assert session.starts_at == start + datetime.timedelta(hours=1)
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=1)
    assert session.starts_at.astimezone(course.tzinfo).strftime("%H:%M %Z") == "02:00 CEST"


def test_resize_session_refuses_to_end_before_fifteen_minutes():
    course = CourseFactory()
    session = SessionFactory(course=course, starts_at=local(course, 0, 9), ends_at=local(course, 0, 9, 30))

    resize_session(session, by=datetime.timedelta(minutes=-15))
    with pytest.raises(ProgrammeError):
        resize_session(session, by=datetime.timedelta(minutes=-15))

    session.refresh_from_db()
    assert session.ends_at == local(course, 0, 9, 15)


def test_create_session_refuses_an_end_before_the_start():
    course = CourseFactory()

    with pytest.raises(ProgrammeError):
        create_session(course, title="Backwards", starts_at=local(course, 0, 10), ends_at=local(course, 0, 9))


def test_move_session_with_a_new_length_resizes_and_refuses_below_fifteen_minutes():
    course = CourseFactory()
    session = SessionFactory(course=course, starts_at=local(course, 0, 9), ends_at=local(course, 0, 10))

    move_session(session, to_start=local(course, 1, 14), length=datetime.timedelta(minutes=90))
    with pytest.raises(ProgrammeError):
        move_session(session, to_start=local(course, 2, 9), length=datetime.timedelta(minutes=10))

    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(course, 1, 14), local(course, 1, 15, 30))
