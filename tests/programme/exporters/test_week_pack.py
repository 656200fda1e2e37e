import io
import zipfile

import pytest

from programme.domain.week_pack import request_week_pack
from programme.enums import MaterialVisibility, PackState
from programme.exporters.week_pack import build_week_pack
from programme.models import WeekPack
from simulations.models import Delegation
from tests.factories.course import UserFactory
from tests.factories.programme import TINY_PDF, MaterialFactory
from tests.factories.simulations import make_run
from tests.programme.support import published_week

pytestmark = pytest.mark.django_db


def names_in(pack):
    pack.refresh_from_db()
    with pack.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read())).namelist()


def test_pack_holds_the_programme_and_the_participants_sessions_materials(django_capture_on_commit_callbacks):
    week = published_week()
    MaterialFactory(session=week.other_group_session, title="Not for this pair")

    with django_capture_on_commit_callbacks(execute=True):
        pack = request_week_pack(week.participant.user, week.course)

    names = names_in(pack)
    assert pack.state == PackState.READY and pack.progress == 100
    assert "programme.pdf" in names and "README.txt" in names
    lecture_files = [n for n in names if "Science for diplomacy" in n]
    assert len(lecture_files) == 2  # the public slides and the cohort reading
    assert not any("Other group" in n for n in names)


def test_pack_never_holds_a_confidential_brief(django_capture_on_commit_callbacks):
    week = published_week()
    run = make_run(course=week.course)
    delegation = Delegation.objects.filter(scenario=run.scenario).first()
    secret = "CONFIDENTIAL-BRIEF-MARKER-7731"
    Delegation.objects.filter(pk=delegation.pk).update(brief=secret)
    # A facilitator uploads a brief to the role-play session as a cohort-only material: it must stay out.
    MaterialFactory(session=week.simulation, title="Delegation A brief", visibility=MaterialVisibility.COHORT)
    MaterialFactory(session=week.simulation, title="Public rules of the game", visibility=MaterialVisibility.PUBLIC)

    with django_capture_on_commit_callbacks(execute=True):
        pack = request_week_pack(week.participant.user, week.course)

    pack.refresh_from_db()
    with pack.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    assert not any("brief" in n.lower() for n in names)
    assert any("Public rules of the game" in n for n in names)
    everything = b"".join(archive.read(n) for n in names)
    assert secret.encode() not in everything


def test_pack_is_cached_until_something_changes(django_capture_on_commit_callbacks):
    week = published_week()
    with django_capture_on_commit_callbacks(execute=True):
        pack = request_week_pack(week.participant.user, week.course)
    pack.refresh_from_db()
    first_file, first_built = pack.file.name, pack.built_at

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_week_pack(week.participant.user, week.course)
    assert callbacks == []  # nothing changed: no new build

    MaterialFactory(session=week.lecture, title="A late reading")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        request_week_pack(week.participant.user, week.course)
    pack.refresh_from_db()
    assert callbacks  # a build was queued (and the old file is deleted after commit)
    assert pack.file.name != first_file and pack.built_at > first_built
    assert any("A late reading" in n for n in names_in(pack))


def test_build_is_idempotent():
    week = published_week()
    pack = WeekPack.objects.create(user=week.participant.user, course=week.course)

    built = build_week_pack(pack.pk)
    again = build_week_pack(pack.pk)

    assert built.file.name == again.file.name


def test_request_week_pack_refuses_someone_outside_the_cohort():
    week = published_week()
    assert request_week_pack(UserFactory(), week.course) is None


def test_tiny_pdf_is_a_pdf():
    assert TINY_PDF.startswith(b"%PDF-")
