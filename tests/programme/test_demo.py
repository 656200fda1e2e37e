import pytest

from course.demo import seed_editions
from course.models import Course
from participants.models import Participant
from programme.demo import seed_programme
from programme.domain.conflicts import find_conflicts
from programme.domain.queries.speakers import speaker_statuses
from programme.domain.releases import compute_changelog
from programme.domain.week_pack import request_week_pack
from programme.enums import ChangeKind, ConfirmationState, PackState, SessionKind
from programme.models import Material, ProgrammeRelease, Session, SpeakerAvailability, SpeakerConfirmation
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


def test_seed_programme_gives_speakers_answers_materials_and_a_buildable_pack(django_capture_on_commit_callbacks):
    seed_editions()
    course = Course.objects.get(slug="current")
    make_pair(course=course)
    make_pair(course=course)

    accounts = seed_programme()
    counts = (Material.objects.count(), SpeakerConfirmation.objects.count(), SpeakerAvailability.objects.count())
    seed_programme()

    assert ("Speaker: sessions, availability, slides", "speaker@accord.example", "accord-demo-2024") in accounts
    assert (
        Material.objects.count(),
        SpeakerConfirmation.objects.count(),
        SpeakerAvailability.objects.count(),
    ) == counts
    assert Material.objects.count() == 3 and all(m.file.open("rb").read(5) == b"%PDF-" for m in Material.objects.all())
    assert SpeakerConfirmation.objects.filter(state=ConfirmationState.CHANGE_REQUESTED).count() == 1
    assert find_conflicts(course) == []
    statuses = {s.speaker.name: s for s in speaker_statuses(course)}
    assert statuses["Dr Amara Okafor"].signed_in and statuses["Dr Amara Okafor"].materials == 2
    participant = Participant.objects.filter(pair__course=course).first()
    with django_capture_on_commit_callbacks(execute=True):
        pack = request_week_pack(participant.user, course)
    pack.refresh_from_db()
    assert pack.state == PackState.READY and pack.file.size > 0
