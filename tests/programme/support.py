"""A published course with a speaker, a participant and materials, shared by the programme's new tests."""

from dataclasses import dataclass

from programme.domain.releases import publish_release
from programme.enums import MaterialVisibility, SessionKind
from tests.factories.course import CourseFactory
from tests.factories.participants import make_pair
from tests.factories.programme import (
    MaterialFactory,
    PairGroupFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    local,
)


@dataclass
class Week:
    course: object
    speaker: object
    lecture: object
    simulation: object
    other_group_session: object
    participant: object
    public_material: object
    cohort_material: object


def published_week(*, slug=None, materials=True):
    course = CourseFactory(**({"slug": slug} if slug else {}))
    room = RoomFactory(course=course, name="Aula Magna")
    speaker = SpeakerFactory(course=course, name="Ana Diplomat", email="ana@speakers.example")
    pair, scientist, _policymaker = make_pair(course=course)
    other_pair, _s, _p = make_pair(course=course)
    mine = PairGroupFactory(course=course, name="Group A", pairs=[pair])
    theirs = PairGroupFactory(course=course, name="Group B", pairs=[other_pair])
    lecture = SessionFactory(course=course, title="Science for diplomacy", room=room, speakers=[speaker])
    simulation = SessionFactory(
        course=course,
        title="Role-play: fisheries",
        kind=SessionKind.SIMULATION,
        for_everyone=False,
        groups=[mine],
        starts_at=local(course, 1, 14),
    )
    other = SessionFactory(
        course=course,
        title="Other group's workshop",
        for_everyone=False,
        groups=[theirs],
        starts_at=local(course, 2, 9),
    )
    public = cohort = None
    if materials:
        public = MaterialFactory(session=lecture, title="Public slides", visibility=MaterialVisibility.PUBLIC)
        cohort = MaterialFactory(session=lecture, title="Cohort reading", visibility=MaterialVisibility.COHORT)
    publish_release(course, title="First programme", notify=False)
    return Week(course, speaker, lecture, simulation, other, scientist, public, cohort)
