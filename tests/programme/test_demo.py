import pytest

from course.demo import seed_editions
from course.models import Course
from programme.demo import seed_programme
from programme.domain.conflicts import find_conflicts
from programme.domain.releases import compute_changelog
from programme.enums import ChangeKind, SessionKind
from programme.models import ProgrammeRelease, Session
from tests.factories.participants import make_pair

pytestmark = pytest.mark.django_db


def test_seed_programme_builds_a_week_published_twice_and_is_idempotent():
    seed_editions()
    course = Course.objects.get(slug="current")
    for _ in range(4):
        make_pair(course=course)

    seed_programme()
    snapshot = list(ProgrammeRelease.objects.order_by("number").values_list("number", "snapshot"))
    seed_programme()

    sessions = Session.objects.filter(course=course)
    assert sessions.count() >= 20
    assert sessions.filter(kind=SessionKind.SIMULATION, for_everyone=False).count() == 4
    assert list(ProgrammeRelease.objects.order_by("number").values_list("number", "snapshot")) == snapshot
    first, second = (s for _, s in snapshot)
    changes = compute_changelog(first, second, course)
    assert [(c.kind, c.session.title) for c in changes] == [
        (ChangeKind.MOVED, "Panel: ITER – 35 nations, one fusion machine")
    ]
    assert find_conflicts(course) == []
    days = {s.starts_at.astimezone(course.tzinfo).date() for s in sessions}
    assert min(days) == course.starts_on and max(days) == course.ends_on
    assert [g.pairs.count() for g in course.pair_groups.order_by("name")] == [2, 2]
