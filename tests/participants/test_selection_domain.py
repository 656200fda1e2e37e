import csv
import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from participants.domain import exports
from participants.domain.applications import withdraw_application
from participants.domain.income import classify
from participants.domain.outbox import send_outbox_mails
from participants.domain.review import get_review_config
from participants.domain.selection import (
    SelectionRefused,
    answer_attendance,
    build_board,
    expire_unconfirmed_and_promote_waitlist,
    preview_decision_mail,
    release_decisions,
    save_decision_template,
    stage_decision,
    staged_decisions,
)
from participants.enums import ApplicationStatus, DecisionMailKind, OutboxStatus
from participants.models import AuditLogEntry, OutboxMail, Pair, Participant
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.review import ReviewFactory, submitted_application


@pytest.fixture
def facilitator(db):
    return FacilitatorFactory()


def members(application):
    return list(application.members.select_related("user"))


@pytest.mark.django_db
def test_stage_decision_leaves_the_applicants_status_unchanged(facilitator):
    application = submitted_application()

    stage_decision(application, "accept", by=facilitator)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not OutboxMail.objects.exists()
    assert AuditLogEntry.objects.filter(action="stage_decision", actor=facilitator).count() == 1


@pytest.mark.django_db
def test_release_decisions_sets_statuses_and_queues_one_mail_per_member(
    facilitator, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    accepted, waitlisted, rejected = (submitted_application(course) for _ in range(3))
    stage_decision(accepted, "accept", by=facilitator)
    stage_decision(waitlisted, "waitlist", by=facilitator)
    stage_decision(rejected, "reject", by=facilitator)

    with django_capture_on_commit_callbacks(execute=True):
        result = release_decisions(course, by=facilitator)

    assert result.released == 3
    statuses = {a.pk: a.status for a in course.applications.all()}
    assert statuses == {
        accepted.pk: ApplicationStatus.ACCEPTED,
        waitlisted.pk: ApplicationStatus.WAITLISTED,
        rejected.pk: ApplicationStatus.REJECTED,
    }
    assert len(mail.outbox) == 6
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    accept_mail = next(m for m in mail.outbox if m.to == [accepted.lead.email])
    assert f"/apply/attendance/{accepted.pk}/" in accept_mail.body
    assert course.title in accept_mail.subject


@pytest.mark.django_db
def test_release_decisions_twice_sends_nothing_twice(facilitator, django_capture_on_commit_callbacks):
    course = CourseFactory()
    stage_decision(submitted_application(course), "accept", by=facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        release_decisions(course, by=facilitator)
    sent = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = release_decisions(course, by=facilitator)
    send_outbox_mails()

    assert again.released == 0
    assert len(mail.outbox) == sent == 2
    assert OutboxMail.objects.count() == 2


@pytest.mark.django_db
def test_send_outbox_mails_twice_sends_each_mail_once():
    course = CourseFactory()
    OutboxMail.objects.create(
        key="k1", course=course, kind="accepted", recipient="a@example.org", subject="s", body="b"
    )

    assert send_outbox_mails() == 1
    assert send_outbox_mails() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_send_outbox_mails_requeues_a_mail_whose_worker_died_but_not_one_in_flight():
    course = CourseFactory()
    now = timezone.now()
    common = dict(course=course, kind="accepted", subject="s", body="b", status=OutboxStatus.SENDING)
    OutboxMail.objects.create(
        key="stale", recipient="stale@example.org", claimed_at=now - datetime.timedelta(minutes=11), **common
    )
    OutboxMail.objects.create(
        key="busy", recipient="busy@example.org", claimed_at=now - datetime.timedelta(minutes=1), **common
    )

    sent = send_outbox_mails(now=now)

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["stale@example.org"]]
    assert OutboxMail.objects.get(key="stale").status == OutboxStatus.SENT
    assert OutboxMail.objects.get(key="busy").status == OutboxStatus.SENDING


@pytest.mark.django_db
def test_send_outbox_mails_logs_a_failure_on_the_row(monkeypatch):
    course = CourseFactory()
    OutboxMail.objects.create(
        key="k1", course=course, kind="accepted", recipient="a@example.org", subject="s", body="b"
    )

    def boom(self, *a, **k):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", boom)
    send_outbox_mails()

    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.QUEUED, 1)  # tried again by the next run
    assert "SMTP down" in row.last_error

    send_outbox_mails()  # a run a moment later (another commit's) waits for RETRY_AFTER
    assert OutboxMail.objects.get().attempts == 1
    for run in range(1, 6):  # beat's runs, every 2 minutes
        send_outbox_mails(now=timezone.now() + datetime.timedelta(minutes=2 * run))

    row.refresh_from_db()
    assert (row.status, row.attempts) == (OutboxStatus.FAILED, 3)  # MAX_ATTEMPTS, then it waits for the team


@pytest.mark.django_db
def test_a_failed_mail_is_sent_on_a_later_try(monkeypatch):
    course = CourseFactory()
    OutboxMail.objects.create(key="k2", course=course, kind="group", recipient="b@example.org", subject="s", body="b")
    real_send = __import__("django.core.mail", fromlist=["EmailMessage"]).EmailMessage.send
    calls = []

    def flaky(self, *a, **k):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("timeout")
        return real_send(self, *a, **k)

    monkeypatch.setattr("django.core.mail.EmailMessage.send", flaky)
    send_outbox_mails()
    send_outbox_mails(now=timezone.now() + datetime.timedelta(minutes=2))  # beat's next run

    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == (OutboxStatus.SENT, 2)


@pytest.mark.django_db
def test_release_decisions_over_capacity_is_refused(facilitator):
    course = CourseFactory(capacity_pairs=1)
    for _ in range(2):
        stage_decision(submitted_application(course), "accept", by=facilitator)

    with pytest.raises(SelectionRefused, match="places"):
        release_decisions(course, by=facilitator)

    assert not course.applications.exclude(status=ApplicationStatus.SUBMITTED).exists()


@pytest.mark.django_db
def test_release_ignores_a_staged_accept_whose_pair_withdrew_meanwhile(facilitator):
    course = CourseFactory(capacity_pairs=1)
    withdrawn, kept = submitted_application(course), submitted_application(course)
    stage_decision(withdrawn, "accept", by=facilitator)
    withdraw_application(withdrawn, withdrawn.lead)
    stage_decision(kept, "accept", by=facilitator)

    result = release_decisions(course, by=facilitator)

    assert result.released == 1
    kept.refresh_from_db()
    withdrawn.refresh_from_db()
    assert (kept.status, withdrawn.status) == (ApplicationStatus.ACCEPTED, ApplicationStatus.WITHDRAWN)
    assert not staged_decisions(course).exists()


@pytest.mark.django_db
def test_stage_decision_after_release_is_refused(facilitator):
    application = submitted_application()
    stage_decision(application, "reject", by=facilitator)
    release_decisions(application.course, by=facilitator)

    with pytest.raises(SelectionRefused):
        stage_decision(application, "accept", by=facilitator)


@pytest.mark.django_db
def test_both_members_confirming_makes_the_pair_part_of_the_cohort(facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(application.course, by=facilitator)
    first, second = members(application)

    assert answer_attendance(application, first.user, "confirmed") == ApplicationStatus.ACCEPTED
    assert answer_attendance(application, second.user, "confirmed") == ApplicationStatus.CONFIRMED

    pair = Pair.objects.get(application=application)
    assert sorted(Participant.objects.filter(pair=pair).values_list("role", flat=True)) == ["policymaker", "scientist"]


@pytest.mark.django_db
def test_a_decline_promotes_the_first_waitlisted_pair_with_an_email(facilitator, django_capture_on_commit_callbacks):
    course = CourseFactory(capacity_pairs=1)
    accepted, second, first = (submitted_application(course) for _ in range(3))
    stage_decision(accepted, "accept", by=facilitator)
    stage_decision(second, "waitlist", by=facilitator, waitlist_position=2)
    stage_decision(first, "waitlist", by=facilitator, waitlist_position=1)
    release_decisions(course, by=facilitator)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        answer_attendance(accepted, members(accepted)[0].user, "declined")

    statuses = {a.pk: a.status for a in course.applications.all()}
    assert statuses[accepted.pk] == ApplicationStatus.DECLINED
    assert statuses[first.pk] == ApplicationStatus.ACCEPTED
    assert statuses[second.pk] == ApplicationStatus.WAITLISTED
    promoted_mails = OutboxMail.objects.filter(kind=DecisionMailKind.PROMOTED)
    assert {m.recipient for m in promoted_mails} == {m.user.email for m in members(first)}
    assert sorted(m.to[0] for m in mail.outbox if "place is free" in m.subject) == sorted(
        m.user.email for m in members(first)
    )


@pytest.mark.django_db
def test_an_unconfirmed_place_expires_after_confirm_by_and_goes_to_the_waitlist(facilitator):
    course = CourseFactory(capacity_pairs=1)
    accepted, waiting = submitted_application(course), submitted_application(course)
    stage_decision(accepted, "accept", by=facilitator)
    stage_decision(waiting, "waitlist", by=facilitator)
    release_decisions(course, by=facilitator)
    confirm_by = accepted.decision.__class__.objects.get(application=accepted).confirm_by
    answer_attendance(accepted, members(accepted)[0].user, "confirmed")  # only one of the two

    with time_machine.travel(confirm_by - datetime.timedelta(minutes=1)):
        assert expire_unconfirmed_and_promote_waitlist() == 0
    with time_machine.travel(confirm_by + datetime.timedelta(minutes=1)):
        assert expire_unconfirmed_and_promote_waitlist() == 1
        assert expire_unconfirmed_and_promote_waitlist() == 0  # idempotent

    accepted.refresh_from_db()
    waiting.refresh_from_db()
    assert accepted.status == ApplicationStatus.EXPIRED
    assert waiting.status == ApplicationStatus.ACCEPTED
    assert waiting.decision.confirm_by > confirm_by
    assert OutboxMail.objects.filter(application=accepted, kind=DecisionMailKind.EXPIRED).count() == 2


@pytest.mark.django_db
def test_confirming_after_confirm_by_is_refused(facilitator):
    application = submitted_application()
    stage_decision(application, "accept", by=facilitator)
    release_decisions(application.course, by=facilitator)
    application.decision.refresh_from_db()

    late = application.decision.confirm_by + datetime.timedelta(seconds=1)
    with time_machine.travel(late), pytest.raises(SelectionRefused, match="passed"):
        answer_attendance(application, members(application)[0].user, "confirmed")


@pytest.mark.django_db
def test_board_ranks_by_weighted_mean_and_counts_balance_of_the_tentative_cohort(facilitator):
    course = CourseFactory(capacity_pairs=2)
    low = submitted_application(course, countries=("DE", "DE"))
    high = submitted_application(course, countries=("KE", "UG"), genders=("woman", ""))
    ReviewFactory(assignment__application=low, weighted_score=2.0)
    ReviewFactory(assignment__application=high, weighted_score=4.0)
    ReviewFactory(assignment__application=high, weighted_score=5.0)
    stage_decision(high, "accept", by=facilitator)

    board = build_board(course)

    assert [r.application.pk for r in board.rows] == [high.pk, low.pk]
    assert board.rows[0].mean == 4.5 and board.rows[0].median == 4.5 and board.rows[0].review_count == 2
    assert board.accepted == 1 and board.capacity == 2
    assert board.balance.lmic_percent == 100
    assert {name for name, _ in board.balance.regions} == {"Sub-Saharan Africa"}
    assert board.balance.genders == [("Woman", 1)]
    assert board.balance.cross_country_pairs == 1


def test_classify_knows_income_groups_and_regions():
    assert classify("KE").income_group == "LM" and classify("KE").region == "Sub-Saharan Africa"
    assert classify("IT").is_lmic is False
    assert classify("BR").is_lmic is True
    assert classify("ZZ").region == "Unclassified"


@pytest.mark.django_db
def test_save_decision_template_refuses_unknown_placeholders(facilitator):
    course = CourseFactory()

    with pytest.raises(SelectionRefused, match="nmaes"):
        save_decision_template(course, "accepted", "Hi", "Dear {{ nmaes }}", by=facilitator)


@pytest.mark.django_db
def test_preview_decision_mail_fills_placeholders(facilitator):
    course = CourseFactory(title="Course X")
    save_decision_template(course, "accepted", "Welcome to {{ course }}", "Dear {{ names }}", by=facilitator)

    subject, body = preview_decision_mail(course, "accepted")

    assert subject == "Welcome to Course X"
    assert "{{" not in body


@pytest.mark.django_db
def test_applications_csv_lists_scores_and_countries(facilitator):
    course = CourseFactory()
    application = submitted_application(course, countries=("GH", "NG"))
    ReviewFactory(assignment__application=application, weighted_score=3.5)
    stage_decision(application, "waitlist", by=facilitator)

    rows = list(csv.DictReader(io.StringIO(exports.applications_csv(course))))

    assert len(rows) == 1
    row = rows[0]
    assert row["application"] == str(application.pk)
    assert row["weighted mean"] == "3.50" and row["reviews"] == "1"
    assert row["scientist country"] == "GH" and row["policymaker country"] == "NG"
    assert row["cross-country"] == "yes" and row["staged decision"] == "waitlist"


@pytest.mark.django_db
def test_cohort_csv_lists_both_participants_of_each_confirmed_pair(facilitator):
    application = submitted_application(countries=("IN", "IN"))
    course = application.course
    stage_decision(application, "accept", by=facilitator)
    release_decisions(course, by=facilitator)
    for m in members(application):
        answer_attendance(application, m.user, "confirmed")

    rows = list(csv.DictReader(io.StringIO(exports.cohort_csv(course))))

    assert [r["role"] for r in rows] == ["policymaker", "scientist"]
    assert {r["email"] for r in rows} == {m.user.email for m in members(application)}
    assert rows[0]["region"] == "South Asia" and rows[0]["income group"] == "LM"


def test_csv_cells_that_look_like_formulas_are_defused():
    assert exports._csv(["a"], [["=HYPERLINK(1)"]]).splitlines()[1] == "'=HYPERLINK(1)"


@pytest.mark.django_db
def test_release_sets_confirm_by_from_review_settings(facilitator):

    application = submitted_application()
    config = get_review_config(application.course)
    config.confirm_by = timezone.now() + datetime.timedelta(days=3)
    config.save()
    stage_decision(application, "accept", by=facilitator)

    release_decisions(application.course, by=facilitator)

    application.decision.refresh_from_db()
    assert application.decision.confirm_by == config.confirm_by
