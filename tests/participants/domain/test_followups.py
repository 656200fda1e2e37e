import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from participants.domain.errors import ApplicationRefused
from participants.domain.followups import (
    followup_answers_for,
    purge_personal_followup_data,
    save_followup_answers,
    send_followup_reminders,
    who_has_not_answered,
)
from participants.domain.questions import add_question
from participants.domain.selection import build_pair
from participants.enums import ApplicationStatus, QuestionKind, QuestionPurpose
from participants.models import Answer, AuditLogEntry
from tests.factories.course import FacilitatorFactory
from tests.factories.questions import FollowUpFormFactory
from tests.factories.review import submitted_application

pytestmark = pytest.mark.django_db


def _confirmed_pair():
    application = submitted_application(status=ApplicationStatus.CONFIRMED)
    pair = build_pair(application)
    return application, pair


def _passport_form(course, personal=True, key="passport"):
    form = FollowUpFormFactory(course=course, key=key, title=key.title(), holds_personal_documents=personal)
    number = add_question(
        course,
        FacilitatorFactory(),
        purpose=QuestionPurpose.FOLLOWUP,
        followup_form=form,
        kind=QuestionKind.SHORT_TEXT,
        label="Passport number",
        key=f"{key}_number",
    )
    return form, number


def test_confirmed_member_answers_and_logistics_reads_the_answer():
    application, pair = _confirmed_pair()
    form, number = _passport_form(application.course)
    member = application.members.get(is_lead=True)

    errors = save_followup_answers(form, member, member.user, {number.pk: "X1234567"})

    participant = pair.participants.get(user=member.user)
    assert errors == {}
    assert followup_answers_for(participant, "passport") == {"passport_number": "X1234567"}
    assert followup_answers_for(participant, "travel") == {}


def test_only_confirmed_members_may_answer():
    application = submitted_application()
    form, number = _passport_form(application.course)
    member = application.members.get(is_lead=True)

    with pytest.raises(ApplicationRefused, match="confirmed participants only"):
        save_followup_answers(form, member, member.user, {number.pk: "X1"})


def test_who_has_not_answered_lists_the_missing_members():
    application, _pair = _confirmed_pair()
    form, number = _passport_form(application.course)
    lead = application.members.get(is_lead=True)
    partner = application.members.get(is_lead=False)

    save_followup_answers(form, lead, lead.user, {number.pk: "X1"})

    assert who_has_not_answered(form) == [partner]


def test_reminder_goes_once_to_those_who_have_not_answered(django_capture_on_commit_callbacks):
    application, _pair = _confirmed_pair()
    form, number = _passport_form(application.course)
    lead = application.members.get(is_lead=True)
    save_followup_answers(form, lead, lead.user, {number.pk: "X1"})
    mail.outbox.clear()
    soon = form.due_at - datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_followup_reminders(now=soon) == 1
        assert send_followup_reminders(now=soon) == 0

    assert [m.to for m in mail.outbox] == [[application.members.get(is_lead=False).user.email]]


def test_passport_data_is_deleted_after_the_retention_period():
    application, _pair = _confirmed_pair()
    course = application.course
    form, number = _passport_form(course)
    travel = _passport_form(course, personal=False, key="travel")[0]
    lead = application.members.get(is_lead=True)
    save_followup_answers(form, lead, lead.user, {number.pk: "X1"})
    after_course = timezone.make_aware(datetime.datetime.combine(course.ends_on, datetime.time(12)))

    assert purge_personal_followup_data(now=after_course + datetime.timedelta(days=29)) == 0
    assert purge_personal_followup_data(now=after_course + datetime.timedelta(days=32)) == 1
    assert purge_personal_followup_data(now=after_course + datetime.timedelta(days=33)) == 0

    assert not Answer.objects.filter(question=number).exists()
    form.refresh_from_db()
    travel.refresh_from_db()
    assert form.purged_at is not None and travel.purged_at is None
    assert AuditLogEntry.objects.filter(action="followup_data_purged").count() == 1


def test_purge_command_runs_the_retention_rule(capsys):
    call_command("purge_followup_data")

    assert "Deleted 0 personal follow-up answer(s)." in capsys.readouterr().out
