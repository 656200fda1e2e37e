"""Follow-up forms after confirmation (travel, passport details, dietary needs, emergency contact, accessibility):
made with the same builder as the application (``QuestionPurpose.FOLLOWUP``), open only to members of a
confirmed pair, with a due date, one reminder wave, and a "who has not answered" list for the course team.

Other apps read the answers through ``followup_answers_for(participant, key)`` (logistics: the visa letter's
passport details, the travel ledger's airport and dates), never through the models.

Retention: a form that ``holds_personal_documents`` (passport details) is visible to the course team only and its
answers are deleted ``RETENTION_DAYS`` after the course ends (``purge_personal_followup_data``: the management
command ``purge_followup_data`` and a daily beat task; idempotent; logged in the audit log)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from course.domain.languages import language_of
from participants.domain.audit import record_audit
from participants.domain.emails import absolute_url, queue_templated_mail
from participants.domain.errors import ApplicationRefused
from participants.domain.questions import clean_answer, format_answer, is_answered, missing_answers
from participants.enums import ApplicationStatus, OutboxMailKind, QuestionKind
from participants.models import Answer, ApplicationMember, FollowUpForm

RETENTION_DAYS = 30
REMINDER_BEFORE = datetime.timedelta(days=3)


def confirmed_members(course):
    return list(
        ApplicationMember.objects.filter(
            application__course=course, application__status=ApplicationStatus.CONFIRMED, user__isnull=False
        )
        .select_related("user", "application")
        .order_by("application_id", "role")
    )


def form_questions(form):
    return list(form.questions.filter(retired_at__isnull=True).order_by("position", "pk"))


def member_answers(form, member):
    return list(Answer.objects.filter(question__followup_form=form, member=member).select_related("question"))


def forms_for_user(user):
    """[(form, member)] of every follow-up form open to ``user`` (a member of a confirmed pair)."""
    members = ApplicationMember.objects.filter(
        user=user, application__status=ApplicationStatus.CONFIRMED
    ).select_related("application__course")
    out = []
    for member in members:
        for form in FollowUpForm.objects.filter(course=member.application.course_id, purged_at__isnull=True):
            out.append((form, member))
    return out


def save_followup_answers(form, member, by_user, raw_values, now=None):
    """Store a confirmed member's answers; returns {question_id: reason} for those refused (not stored)."""
    now = now or timezone.now()
    if member.user_id != by_user.pk or member.application.status != ApplicationStatus.CONFIRMED:
        raise ApplicationRefused(gettext("Follow-up forms are open to confirmed participants only."))
    if form.purged_at:
        raise ApplicationRefused(gettext("This form is closed: the course is over and its answers were deleted."))
    questions = {q.pk: q for q in form_questions(form)}
    errors = {}
    with transaction.atomic():
        for question_id, raw in raw_values.items():
            question = questions.get(question_id)
            if question is None or question.kind == QuestionKind.DOCUMENT:
                continue
            try:
                value = clean_answer(question, raw)
            except ApplicationRefused as refusal:
                errors[question_id] = refusal.message
                continue
            Answer.objects.update_or_create(
                question=question, member=member, defaults={"application": member.application, "value": value}
            )
    return errors


def is_complete(form, member, questions=None, answers=None):
    questions = form_questions(form) if questions is None else questions
    answers = member_answers(form, member) if answers is None else answers
    return not missing_answers(questions, answers, member=member)


def who_has_not_answered(form):
    """Confirmed members whose required answers to ``form`` are not all in. Three queries."""
    questions = form_questions(form)
    members = confirmed_members(form.course)
    answers = {}
    for answer in Answer.objects.filter(question__followup_form=form):
        answers.setdefault(answer.member_id, []).append(answer)
    return [m for m in members if missing_answers(questions, answers.get(m.pk, []), member=m)]


def followup_answers_for(participant, key):
    """{question key: value} of ``participant``'s answers to the course's follow-up form ``key`` (empty when
    none): the one read other apps (logistics) use. ``participant`` is a cohort ``Participant``."""
    application_id = participant.pair.application_id
    if application_id is None:
        return {}
    rows = Answer.objects.filter(
        question__followup_form__course_id=participant.pair.course_id,
        question__followup_form__key=key,
        member__application_id=application_id,
        member__user_id=participant.user_id,
    ).select_related("question")
    return {a.question.key: a.value for a in rows if is_answered(a.question, a)}


def send_followup_reminders(now=None):
    """Once per form, three days before it is due: a reminder to every confirmed member who has not answered."""
    now = now or timezone.now()
    sent = 0
    for form in FollowUpForm.objects.filter(
        reminder_sent_at__isnull=True, purged_at__isnull=True, due_at__gt=now, due_at__lte=now + REMINDER_BEFORE
    ).select_related("course"):
        with transaction.atomic():
            if not FollowUpForm.objects.filter(pk=form.pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now):
                continue
            link = absolute_url(reverse("participants:followups"))
            for member in who_has_not_answered(form):
                queue_templated_mail(
                    "followup_reminder",
                    [member.user.email],
                    {"form": form, "course": form.course, "link": link},
                    language=language_of(member.user),
                    key=f"{OutboxMailKind.FORM_REMINDER}:{form.pk}",
                    course=form.course,
                    kind=OutboxMailKind.FORM_REMINDER,
                    application_id=member.application_id,
                )
                sent += 1
    return sent


def purge_personal_followup_data(now=None):
    """Delete the answers (and files) of forms holding personal documents, RETENTION_DAYS after the course ended.
    Returns the number of answers deleted. Idempotent: a purged form is stamped and skipped."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - datetime.timedelta(days=RETENTION_DAYS)
    deleted = 0
    for form in FollowUpForm.objects.filter(
        holds_personal_documents=True, purged_at__isnull=True, course__ends_on__lt=cutoff
    ).select_related("course"):
        with transaction.atomic():
            answers = Answer.objects.filter(question__followup_form=form)
            files = [a.file for a in answers if a.file]
            count = answers.count()
            answers.delete()
            FollowUpForm.objects.filter(pk=form.pk).update(purged_at=now)
            record_audit(form.course, None, "followup_data_purged", form, after={"answers_deleted": count})
            for stored in files:
                name, storage = stored.name, stored.storage
                transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            deleted += count
    return deleted


def create_followup_form(course, by, **fields):
    form = FollowUpForm.objects.create(course=course, **fields)
    record_audit(course, by, "followup_form_created", form)
    return form


def update_followup_form(form, by, **fields):
    for name, value in fields.items():
        setattr(form, name, value)
    form.save()
    record_audit(form.course, by, "followup_form_changed", form)
    return form


def status_rows(form):
    """[(member, complete, [(label, text)])] for the course team's list: who has answered, and what."""
    questions = form_questions(form)
    answers = {}
    for answer in Answer.objects.filter(question__followup_form=form):
        answers.setdefault(answer.member_id, []).append(answer)
    rows = []
    for member in confirmed_members(form.course):
        mine = answers.get(member.pk, [])
        values = {a.question_id: a.value for a in mine}
        texts = [(q.label, format_answer(q, values.get(q.pk))) for q in questions if values.get(q.pk) not in (None, "")]
        rows.append((member, not missing_answers(questions, mine, member=member), texts))
    return rows
