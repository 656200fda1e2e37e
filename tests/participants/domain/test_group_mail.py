"""The composer's groups with options: applicants by a custom answer, and members who have not answered a
follow-up form (participants/domain/group_mail.py)."""

import pytest
from django.core import mail
from django.urls import reverse

from participants.domain.group_mail import (
    GroupMailRefused,
    group_choices,
    mail_group,
    preview_group_mail,
    recipients_of,
    send_group_mail,
)
from participants.enums import ApplicationStatus, MemberRole, QuestionKind, QuestionPurpose, QuestionScope
from participants.models import GroupMail, OutboxMail
from tests.factories.course import CourseFactory, FacilitatorFactory
from tests.factories.questions import AnswerFactory, FollowUpFormFactory, QuestionFactory
from tests.factories.review import submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(title="Course on Science Diplomacy 2052")


def _emails(course, key):
    return sorted(r.email for r in recipients_of(course, mail_group(key, course)))


def _member(application, role):
    return application.members.get(role=role)


def _visa_question(course, scope=QuestionScope.MEMBER):
    return QuestionFactory(
        course=course, kind=QuestionKind.SINGLE_CHOICE, scope=scope, label="Do you need a visa?", choices=["Yes", "No"]
    )


def test_answer_group_is_offered_per_question_and_value(course):
    question = _visa_question(course)
    QuestionFactory(course=course, kind=QuestionKind.SHORT_TEXT)  # free text: no group
    QuestionFactory(course=course, kind=QuestionKind.YES_NO, retired_at="2050-01-01T00:00Z")  # retired: none

    keys = {c.key: c.label for c in group_choices(course) if c.group.key == "answer"}

    assert keys == {
        f"answer|{question.pk}|Yes": "Answered “Yes” to “Do you need a visa?”",
        f"answer|{question.pk}|No": "Answered “No” to “Do you need a visa?”",
    }


def test_answer_group_holds_the_members_who_gave_that_answer(course):
    question = _visa_question(course)
    both = submitted_application(course)
    scientist_only = submitted_application(course)
    withdrawn = submitted_application(course, status=ApplicationStatus.WITHDRAWN)
    for application in (both, withdrawn):
        for member in application.members.all():
            AnswerFactory(question=question, application=application, member=member, value="Yes")
    AnswerFactory(
        question=question,
        application=scientist_only,
        member=_member(scientist_only, MemberRole.SCIENTIST),
        value="Yes",
    )
    AnswerFactory(
        question=question,
        application=scientist_only,
        member=_member(scientist_only, MemberRole.POLICYMAKER),
        value="No",
    )

    yes = _emails(course, f"answer|{question.pk}|Yes")
    no = _emails(course, f"answer|{question.pk}|No")

    assert yes == sorted(
        [m.user.email for m in both.members.all()] + [_member(scientist_only, MemberRole.SCIENTIST).user.email]
    )
    assert no == [_member(scientist_only, MemberRole.POLICYMAKER).user.email]
    assert not {m.user.email for m in withdrawn.members.all()} & set(yes)  # a withdrawn application is left out


def test_answer_group_of_a_pair_question_mails_both_members(course):
    question = _visa_question(course, scope=QuestionScope.PAIR)
    application = submitted_application(course)
    AnswerFactory(question=question, application=application, member=None, value="No")

    assert _emails(course, f"answer|{question.pk}|No") == sorted(m.user.email for m in application.members.all())
    assert _emails(course, f"answer|{question.pk}|Yes") == []


def test_answer_group_matches_one_option_of_a_multiple_choice(course):
    question = QuestionFactory(
        course=course,
        kind=QuestionKind.MULTIPLE_CHOICE,
        purpose=QuestionPurpose.APPLICATION,
        choices=["Water", "Health", "Energy"],
    )
    application = submitted_application(course)
    scientist = _member(application, MemberRole.SCIENTIST)
    AnswerFactory(question=question, application=application, member=scientist, value=["Water", "Energy"])

    assert _emails(course, f"answer|{question.pk}|Energy") == [scientist.user.email]
    assert _emails(course, f"answer|{question.pk}|Health") == []


def test_answer_group_fills_its_placeholders_in_the_preview(course):
    question = _visa_question(course)
    application = submitted_application(course)
    scientist = _member(application, MemberRole.SCIENTIST)
    AnswerFactory(question=question, application=application, member=scientist, value="Yes")

    previews, total = preview_group_mail(
        course, f"answer|{question.pk}|Yes", "Visa", "You answered {{ answer }} to {{ question }}, {{ name }}."
    )

    assert total == 1
    assert previews[0].body == f"You answered Yes to Do you need a visa?, {scientist.full_name}."


def test_a_group_option_of_another_course_or_a_retired_question_is_refused(course):
    other = _visa_question(CourseFactory())
    retired = _visa_question(course)
    retired.retired_at = "2050-01-01T00:00Z"
    retired.save()

    for key in (f"answer|{other.pk}|Yes", f"answer|{retired.pk}|Yes", "answer", "answer|x", "waitlist|1"):
        with pytest.raises(GroupMailRefused):
            mail_group(key, course)


def _confirmed(course):
    return submitted_application(course, status=ApplicationStatus.CONFIRMED)


def test_followup_form_group_holds_the_confirmed_members_who_have_not_answered(course):
    form = FollowUpFormFactory(course=course, title="Travel details")
    question = QuestionFactory(
        course=course, purpose=QuestionPurpose.FOLLOWUP, followup_form=form, kind=QuestionKind.SHORT_TEXT
    )
    answered, silent = _confirmed(course), _confirmed(course)
    submitted_application(course)  # not confirmed: never asked
    for member in answered.members.all():
        AnswerFactory(question=question, application=answered, member=member, value="Flight AB123")
    half = _member(silent, MemberRole.SCIENTIST)
    AnswerFactory(question=question, application=silent, member=half, value="Train")

    key = f"followup_form|{form.pk}"

    assert key in {c.key for c in group_choices(course)}
    assert _emails(course, key) == [_member(silent, MemberRole.POLICYMAKER).user.email]


def test_followup_form_group_is_gone_once_its_data_was_purged(course):
    form = FollowUpFormFactory(course=course, purged_at="2050-01-01T00:00Z")

    assert f"followup_form|{form.pk}" not in {c.key for c in group_choices(course)}
    with pytest.raises(GroupMailRefused):
        mail_group(f"followup_form|{form.pk}", course)


def test_sending_to_an_answer_group_records_the_chosen_option(course, django_capture_on_commit_callbacks):
    question = _visa_question(course)
    application = submitted_application(course)
    scientist = _member(application, MemberRole.SCIENTIST)
    AnswerFactory(question=question, application=application, member=scientist, value="Yes")

    with django_capture_on_commit_callbacks(execute=True):
        group_mail = send_group_mail(
            course, f"answer|{question.pk}|Yes", "Visa letters", "Dear {{ name }}", by=FacilitatorFactory()
        )

    assert (group_mail.group, group_mail.group_label) == (
        f"answer|{question.pk}|Yes",
        "Answered “Yes” to “Do you need a visa?”",
    )
    assert list(OutboxMail.objects.filter(group_mail=group_mail).values_list("recipient", flat=True)) == [
        scientist.user.email
    ]
    assert [m.to for m in mail.outbox] == [[scientist.user.email]]


def test_compose_page_offers_and_previews_an_answer_group(client, course):
    question = _visa_question(course)
    application = submitted_application(course)
    AnswerFactory(
        question=question, application=application, member=_member(application, MemberRole.SCIENTIST), value="No"
    )
    client.force_login(FacilitatorFactory())
    url = reverse("participants:group_mail", args=[course.slug])

    page = client.get(url).content.decode()
    preview = client.post(
        url, {"group": f"answer|{question.pk}|No", "subject": "s", "body": "{{ answer }}", "action": "preview"}
    )

    assert '<optgroup label="Applicants by a custom answer">' in page
    assert "Answered “No” to “Do you need a visa?”" in page
    assert "Preview: 1 recipient" in preview.content.decode()
    assert not GroupMail.objects.exists()
