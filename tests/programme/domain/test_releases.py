import datetime

import pytest
from django.core import mail

from course.models import LanguagePreference
from programme.domain.conflicts import find_conflicts
from programme.domain.programme import move_session, remove_session, update_session
from programme.domain.releases import (
    UnacknowledgedWarnings,
    compute_changelog,
    publish_release,
    split_warnings,
)
from programme.enums import ChangeKind
from programme.models import ProgrammeRelease
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.participants import make_pair
from tests.factories.programme import PairGroupFactory, RoomFactory, SessionFactory, local

pytestmark = pytest.mark.django_db


def test_publish_release_numbers_releases_and_freezes_the_draft():
    course = CourseFactory()
    session = SessionFactory(course=course, title="Opening")
    first, _ = publish_release(course, title="First programme", user=FacilitatorFactory(), notify=False)

    update_session(session, title="Opening ceremony")
    second, _ = publish_release(course, title="Renamed opening", notify=False)

    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.snapshot["sessions"][0]["title"] == "Opening"
    assert second.snapshot["sessions"][0]["title"] == "Opening ceremony"
    assert first.snapshot["sessions"][0]["uid"] == second.snapshot["sessions"][0]["uid"] == str(session.uid)


def test_publish_release_refuses_unacknowledged_warnings_and_changes_nothing():
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)

    with pytest.raises(UnacknowledgedWarnings) as exc:
        publish_release(course, title="Clashing", notify=False)

    assert len(exc.value.warnings) == 2  # the room and the audience (both plenary)
    assert not ProgrammeRelease.objects.filter(course=course).exists()


def test_publish_release_with_acknowledged_warnings_publishes():
    course = CourseFactory()
    room = RoomFactory(course=course)
    SessionFactory(course=course, room=room)
    SessionFactory(course=course, room=room)
    keys = [w.key for w in find_conflicts(course)]

    release, _ = publish_release(course, title="Clashing", acknowledged=keys, notify=False)

    assert release.number == 1
    assert len(release.acknowledged_warnings) == 2


def test_compute_changelog_lists_added_moved_changed_and_cancelled():
    course = CourseFactory()
    kept = SessionFactory(course=course, title="Kept")
    moved = SessionFactory(course=course, title="Tuesday panel", starts_at=local(course, 1, 11))
    renamed = SessionFactory(course=course, title="Workshop", starts_at=local(course, 2, 9))
    dropped = SessionFactory(course=course, title="Field visit", starts_at=local(course, 3, 9))
    first, _ = publish_release(course, title="v1", notify=False)

    move_session(moved, by=datetime.timedelta(hours=3))
    update_session(renamed, title="Workshop in pairs")
    remove_session(dropped)
    SessionFactory(course=course, title="Closing", starts_at=local(course, 4, 16))
    second, changes = publish_release(course, title="Tuesday panel moved", notify=False)

    summary = [(c.kind, c.session.title) for c in changes]
    assert summary == [
        (ChangeKind.MOVED, "Tuesday panel"),
        (ChangeKind.CHANGED, "Workshop in pairs"),
        (ChangeKind.CANCELLED, "Field visit"),
        (ChangeKind.ADDED, "Closing"),
    ]
    moved_change = changes[0]
    assert "11:00–12:00 → 14:00–15:00 CE" in moved_change.details[0]
    assert "Kept" not in [c.session.title for c in changes]
    assert compute_changelog(first.snapshot, second.snapshot, course) == changes
    assert kept.title == "Kept"


def test_publish_release_keeps_cancelled_sessions_and_revisions():
    course = CourseFactory()
    stays = SessionFactory(course=course, title="Stays")
    SessionFactory(course=course, title="Untouched", starts_at=local(course, 0, 11))
    goes = SessionFactory(course=course, title="Goes", starts_at=local(course, 1, 9))
    publish_release(course, title="v1", notify=False)
    remove_session(goes)
    publish_release(course, title="v2", notify=False)
    update_session(stays, abstract="New abstract")
    third, _ = publish_release(course, title="v3", notify=False)

    assert [c["title"] for c in third.snapshot["cancelled"]] == ["Goes"]
    assert third.snapshot["cancelled"][0]["cancelled_in"] == 2
    revisions = {s["title"]: s["revision"] for s in third.snapshot["sessions"]}
    assert revisions == {"Stays": 3, "Untouched": 1}


def test_publish_release_emails_only_participants_affected_by_a_change(django_capture_on_commit_callbacks):
    course = CourseFactory(title="Trieste Course")
    pair_a, scientist_a, policymaker_a = make_pair(course=course)
    pair_b, scientist_b, _ = make_pair(course=course)
    group_a = PairGroupFactory(course=course, name="Group A", pairs=[pair_a])
    group_b = PairGroupFactory(course=course, name="Group B", pairs=[pair_b])
    simulation_a = SessionFactory(course=course, title="Simulation A", for_everyone=False, groups=[group_a])
    SessionFactory(course=course, title="Simulation B", for_everyone=False, groups=[group_b])
    with django_capture_on_commit_callbacks(execute=True):
        publish_release(course, title="First", notify=False)
    mail.outbox.clear()

    move_session(simulation_a, by=datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        publish_release(course, title="Simulation A moved")

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([scientist_a.user.email, policymaker_a.user.email])
    assert "v2: Simulation A moved" in mail.outbox[0].subject
    assert "Moved: Simulation A" in mail.outbox[0].body
    assert scientist_b.user.email not in recipients


def test_publish_release_mail_waits_for_commit(django_capture_on_commit_callbacks):
    course = CourseFactory()
    make_pair(course=course)
    SessionFactory(course=course)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_release(course, title="First")

    assert mail.outbox == []
    assert len(callbacks) == 2  # one mail per participant of the plenary's audience


def test_changelog_names_both_days_when_a_session_moves_to_another_day():
    course = CourseFactory(starts_on=datetime.date(2026, 10, 23), ends_on=datetime.date(2026, 10, 27))
    session = SessionFactory(course=course, title="Panel", starts_at=local(course, 1, 10))
    publish_release(course, title="v1", notify=False)

    move_session(session, to_start=local(course, 2, 10))
    _, changes = publish_release(course, title="Panel moved to Sunday", notify=False)

    assert changes[0].details == ["time: Sat 24 Oct 10:00–11:00 → Sun 25 Oct 10:00–11:00 CET (UTC+1)"]


def _double_booked_course():
    course = CourseFactory()
    room = RoomFactory(course=course)
    first = SessionFactory(course=course, room=room, title="First")
    SessionFactory(course=course, room=room, title="Second")
    return course, first


def test_warning_acknowledged_in_an_earlier_release_stays_acknowledged_while_unchanged():
    course, first = _double_booked_course()
    warnings = find_conflicts(course)
    publish_release(course, title="v1", acknowledged=[w.key for w in warnings], notify=False)
    first.abstract = "A new abstract, same time and room."
    first.save()

    to_acknowledge, carried = split_warnings(course, find_conflicts(course))
    release, _ = publish_release(course, title="v2", acknowledged=[], notify=False)

    assert to_acknowledge == [] and {w.kind for w in carried} == {"room_double_booked", "audience_in_two_places"}
    assert release.number == 2


def test_warning_acknowledged_earlier_must_be_acknowledged_again_once_it_changes():
    course, first = _double_booked_course()
    publish_release(course, title="v1", acknowledged=[w.key for w in find_conflicts(course)], notify=False)
    move_session(first, by=datetime.timedelta(minutes=30))

    with pytest.raises(UnacknowledgedWarnings) as refused:
        publish_release(course, title="v2", acknowledged=[], notify=False)

    assert sorted(w.kind for w in refused.value.warnings) == ["audience_in_two_places", "room_double_booked"]


def test_release_stores_each_acknowledged_warning_with_its_fingerprint():
    course, _first = _double_booked_course()
    warnings = find_conflicts(course)

    release, _ = publish_release(course, title="v1", acknowledged=[w.key for w in warnings], notify=False)

    assert release.acknowledged_warnings == [{"key": w.key, "message": w.message} for w in warnings]


def test_releases_from_before_fingerprints_acknowledge_nothing():
    course, _first = _double_booked_course()
    ProgrammeRelease.objects.create(
        course=course, number=1, title="old", published_at=first_time(), snapshot={}, acknowledged_warnings=["text"]
    )

    to_acknowledge, carried = split_warnings(course, find_conflicts(course))

    assert len(to_acknowledge) == 2 and carried == []


def first_time():
    return datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)


def test_programme_change_mail_is_written_in_each_recipients_language(django_capture_on_commit_callbacks):
    course = CourseFactory(title="Trieste Course")
    _pair, scientist, policymaker = make_pair(course=course)
    LanguagePreference.objects.create(user=scientist.user, language="fr")
    LanguagePreference.objects.create(user=policymaker.user, language="ar")
    panel = SessionFactory(course=course, title="Panel", starts_at=local(course, 1, 9), ends_at=local(course, 1, 10))
    publish_release(course, title="First", notify=False)
    mail.outbox.clear()

    move_session(panel, by=datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        publish_release(course, title="Panel moved")

    by_recipient = {m.to[0]: m for m in mail.outbox}
    french, arabic = by_recipient[scientist.user.email], by_recipient[policymaker.user.email]
    assert "Programme v2 : Panel moved" in french.subject
    assert "Déplacée: Panel" in french.body and "Ces changements vous concernent" in french.body
    assert "horaire :" in french.body
    assert "تخصّك هذه التغييرات" in arabic.body and "نُقلت: Panel" in arabic.body
    assert "These changes concern you" not in french.body + arabic.body
