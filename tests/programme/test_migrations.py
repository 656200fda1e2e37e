"""A database of the release before the programme became its own app migrates forward with no row lost.

That release created the programme's tables in `course.0002_programme_rooms_speakers_sessions_releases` and
recorded the models' content types under `course`. Here the test database is put back in that state (the
tables are the same, only the migration history and content types differ), filled with a row in every
programme table, then migrated to the current leaves. `scripts/check_programme_migration.sh` does the same
from a database built and seeded by the previous release's own code.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

from programme.models import CalendarFeedToken, PairGroup, ProgrammeRelease, Room, Session, Speaker
from tests.factories.course import CourseFactory
from tests.factories.participants import PairFactory
from tests.factories.programme import (
    CalendarFeedTokenFactory,
    PairGroupFactory,
    ProgrammeReleaseFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
)

OLD_MIGRATION = ("course", "0002_programme_rooms_speakers_sessions_releases")
MODELS = [Room, Speaker, PairGroup, Session, ProgrammeRelease, CalendarFeedToken]
TABLES = [
    "course_room",
    "course_speaker",
    "course_pairgroup",
    "course_pairgroup_pairs",
    "course_session",
    "course_session_speakers",
    "course_session_groups",
    "course_programmerelease",
    "course_calendarfeedtoken",
]


def _row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


def _fill_every_programme_table():
    course = CourseFactory()
    group = PairGroupFactory(course=course)
    group.pairs.add(PairFactory(course=course), PairFactory(course=course))
    session = SessionFactory(course=course, room=RoomFactory(course=course), for_everyone=False)
    session.speakers.add(SpeakerFactory(course=course))
    session.groups.add(group)
    ProgrammeReleaseFactory(course=course)
    CalendarFeedTokenFactory(course=course)


LAST_OF_THE_SPLIT = ("programme", "0002_content_types_from_course")


def _rewind_history_to_the_previous_release():
    """What the previous release recorded: course.0002 applied, no programme app, content types under course."""
    # The programme's own later migrations go first (their tables and columns did not exist then).
    MigrationExecutor(connection).migrate([LAST_OF_THE_SPLIT])
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app="programme").delete()
    if OLD_MIGRATION not in recorder.applied_migrations():  # a new database records it when applying its replacement
        recorder.record_applied(*OLD_MIGRATION)
    ContentType.objects.filter(app_label="programme", model__in=[m._meta.model_name for m in MODELS]).update(
        app_label="course"
    )
    ContentType.objects.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_migrates_forward_with_every_programme_row():
    _fill_every_programme_table()
    names = [m._meta.model_name for m in MODELS]
    content_type_ids = set(
        ContentType.objects.filter(app_label="programme", model__in=names).values_list("pk", flat=True)
    )
    _rewind_history_to_the_previous_release()
    before = _row_counts()

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert [(m.app_label, m.name) for m, backwards in plan][0] == LAST_OF_THE_SPLIT
    assert all(m.app_label == "programme" and not backwards for m, backwards in plan)
    assert _row_counts() == before
    assert all(before.values())
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("programme", "0001_initial") in applied
    # The same content type rows, so permissions and admin history stay attached.
    moved = set(ContentType.objects.filter(app_label="programme", model__in=names).values_list("pk", flat=True))
    assert moved == content_type_ids and len(moved) == len(MODELS)
    assert not ContentType.objects.filter(app_label="course", model__in=names).exists()
