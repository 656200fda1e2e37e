"""transition_application: the one writer of Application.status (the table, the compare-and-set, the audit row)."""

import threading

import pytest
from django.db import connection, connections, transaction

from participants.domain.errors import ApplicationRefused, SelectionRefused, TransitionRefused
from participants.domain.transitions import transition_application
from participants.enums import APPLICATION_TRANSITIONS, ApplicationStatus
from participants.models import Application, AuditLogEntry
from tests.factories.course import FacilitatorFactory
from tests.factories.participants import ApplicationFactory

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ALLOWED = sorted((str(a), str(b)) for a, targets in APPLICATION_TRANSITIONS.items() for b in targets)
FORBIDDEN = sorted((str(a), str(b)) for a in S for b in S if (str(a), str(b)) not in ALLOWED)


def test_transition_table_is_the_documented_lifecycle():
    assert (
        sorted(
            [
                ("draft", "submitted"),
                ("draft", "withdrawn"),
                ("submitted", "withdrawn"),
                ("submitted", "accepted"),
                ("submitted", "waitlisted"),
                ("submitted", "rejected"),
                ("waitlisted", "accepted"),
                ("accepted", "confirmed"),
                ("accepted", "declined"),
                ("accepted", "expired"),
            ]
        )
        == ALLOWED
    )


def test_state_sets_on_the_enum_cover_every_status_once_where_they_must():
    assert set(S) - {S.WITHDRAWN} == S.ACTIVE
    assert {S.SUBMITTED} | S.DECIDED == S.COUNTS_AS_SUBMITTED
    assert S.DRAFT not in S.COUNTS_AS_SUBMITTED and S.WITHDRAWN not in S.COUNTS_AS_SUBMITTED
    assert S.HOLDING_PLACE <= S.DECIDED
    assert {s for s in S if s.can_become(S.WITHDRAWN)} == S.WITHDRAWABLE
    assert {s for s in S if not any(s.can_become(t) for t in S)} == S.FINAL


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_transition_application_makes_every_allowed_move_once_with_its_audit_row(from_status, to_status):
    application = ApplicationFactory(status=from_status)
    actor = FacilitatorFactory()

    returned = transition_application(application, to_status, actor=actor)

    assert returned is application and application.status == to_status
    application.refresh_from_db()
    assert application.status == to_status
    entry = AuditLogEntry.objects.get(object_type="application", object_id=str(application.pk))
    assert (entry.action, entry.actor, entry.course) == (to_status, actor, application.course)
    assert (entry.before, entry.after) == ({"status": from_status}, {"status": to_status})


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_transition_application_refuses_a_move_not_in_the_table_and_changes_nothing(from_status, to_status):
    application = ApplicationFactory(status=from_status)
    updated_at = application.updated_at

    with pytest.raises(TransitionRefused) as refused:
        transition_application(application, to_status, actor=None)

    assert "cannot become" in refused.value.message and not refused.value.lost_race
    assert (refused.value.from_status, refused.value.to_status) == (from_status, to_status)
    application.refresh_from_db()
    assert (application.status, application.updated_at) == (from_status, updated_at)
    assert not AuditLogEntry.objects.exists()


def test_transition_application_refuses_when_the_status_moved_meanwhile():
    application = ApplicationFactory(status=S.SUBMITTED)
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)  # another request won

    with pytest.raises(TransitionRefused, match="changed meanwhile") as refused:
        transition_application(application, S.ACCEPTED, actor=None, expected_from=S.SUBMITTED)

    assert refused.value.lost_race
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert not AuditLogEntry.objects.exists()


def test_transition_application_refusal_leaves_the_callers_transaction_usable():
    application = ApplicationFactory(status=S.ACCEPTED)
    other = ApplicationFactory(status=S.SUBMITTED, course=application.course)

    with transaction.atomic():
        with pytest.raises(TransitionRefused):
            transition_application(application, S.CONFIRMED, actor=None, expected_from=S.WAITLISTED)
        transition_application(other, S.ACCEPTED, actor=None)

    assert Application.objects.get(pk=other.pk).status == S.ACCEPTED
    assert Application.objects.get(pk=application.pk).status == S.ACCEPTED


def test_transition_application_sets_extra_fields_and_a_custom_audit_in_the_same_write():
    application = ApplicationFactory(status=S.DRAFT)
    actor = application.lead

    transition_application(
        application,
        S.WITHDRAWN,
        actor=actor,
        fields={"withdrawn_at": application.created_at},
        action="withdrawn_by_test",
        before={"x": 1},
        after={"x": 2},
    )

    application.refresh_from_db()
    assert application.withdrawn_at == application.created_at
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.before, entry.after) == ("withdrawn_by_test", {"x": 1}, {"x": 2})


def test_transition_refused_is_the_apps_refusal():
    assert issubclass(TransitionRefused, SelectionRefused)
    assert issubclass(SelectionRefused, ApplicationRefused)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_transition_application_concurrently_from_threads_moves_once():
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency is proven on PostgreSQL (set DATABASE_URL)")
    application = ApplicationFactory(status=S.ACCEPTED)
    targets = [S.CONFIRMED, S.DECLINED, S.EXPIRED, S.CONFIRMED] * 2
    barrier = threading.Barrier(len(targets))
    results = []

    def call(to_status):
        try:
            barrier.wait()
            copy = Application.objects.select_related("course").get(pk=application.pk)
            try:
                transition_application(copy, to_status, actor=None, expected_from=S.ACCEPTED)
                results.append(to_status)
            except TransitionRefused:
                results.append(None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    winners = [r for r in results if r is not None]
    assert len(results) == len(targets) and len(winners) == 1
    application.refresh_from_db()
    assert application.status == winners[0]
    assert AuditLogEntry.objects.filter(object_id=str(application.pk)).count() == 1
