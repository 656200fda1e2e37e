"""Answers to the course team's own questions: saving drafts (each valid answer kept even when another one needs
fixing, exactly like the standard fields), document uploads, and the reads review, the board and exports share."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from participants.domain.applications import _require_editable, get_member
from participants.domain.errors import ApplicationRefused
from participants.domain.questions import clean_answer, format_answer, questions_for
from participants.domain.uploads import display_name, validate_pdf_upload
from participants.enums import MemberRole, QuestionKind, QuestionPurpose, QuestionScope
from participants.models import Answer, Question


def application_questions(course):
    return questions_for(course, QuestionPurpose.APPLICATION)


def answers_of(application):
    return list(Answer.objects.filter(application=application).select_related("question"))


def _store(question, application, member, value):
    member_id = member.pk if member is not None and question.scope == QuestionScope.MEMBER else None
    answer, created = Answer.objects.get_or_create(
        question=question, application=application, member_id=member_id, defaults={"value": value}
    )
    if not created and answer.value != value:
        answer.value = value
        answer.save(update_fields=["value", "updated_at"])
    return answer


def save_answers(application, by_user, raw_values, now=None):
    """Store the user's answers: member questions as their own, pair questions for the pair.
    ``raw_values``: {question_id: posted value}. Returns {question_id: reason} for answers refused (not stored);
    every other answer is stored."""
    now = now or timezone.now()
    member = get_member(application, by_user)
    if member is None:
        raise ApplicationRefused(gettext("You are not a member of this application."))
    _require_editable(application, now)
    questions = {q.pk: q for q in application_questions(application.course)}
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
            _store(question, application, member, value)
    return errors


def attach_answer_file(application, by_user, question, uploaded_file, now=None):
    """A document question's PDF (by content, size-limited), stored under a random name; the old file goes
    after commit."""
    now = now or timezone.now()
    member = get_member(application, by_user)
    if member is None:
        raise ApplicationRefused(gettext("You are not a member of this application."))
    _require_editable(application, now)
    if question.course_id != application.course_id or question.kind != QuestionKind.DOCUMENT or question.is_retired:
        raise ApplicationRefused(gettext("This document is not asked for in this application."))
    validate_pdf_upload(uploaded_file, what="document")
    member_id = member.pk if question.scope == QuestionScope.MEMBER else None
    with transaction.atomic():
        answer, _ = Answer.objects.select_for_update().get_or_create(
            question=question, application=application, member_id=member_id
        )
        old_name = answer.file.name if answer.file else ""
        storage = answer.file.storage
        answer.file_name = display_name(getattr(uploaded_file, "name", ""), default="document.pdf")
        answer.file.save("document.pdf", uploaded_file, save=False)
        answer.value = answer.file_name
        answer.save()
        if old_name and old_name != answer.file.name:
            transaction.on_commit(lambda: storage.delete(old_name))
    return answer


# --- Reads for review, the board and exports --------------------------------------------------------------


def answer_columns(course):
    """Every application question (retired ones too: their answers are kept), as export columns:
    [(question, role or None)] — a member question gives one column per role."""
    columns = []
    for question in questions_for(course, QuestionPurpose.ELIGIBILITY, include_retired=True) + questions_for(
        course, QuestionPurpose.APPLICATION, include_retired=True
    ):
        if question.scope == QuestionScope.MEMBER:
            columns.extend((question, role) for role in MemberRole.values)
        else:
            columns.append((question, None))
    return columns


def answers_by_application(course, application_ids=None):
    """{application_id: {(question_id, role or None): value}} in one query (documents: the file name)."""
    qs = Answer.objects.filter(
        application__course=course, question__purpose__in=[QuestionPurpose.ELIGIBILITY, QuestionPurpose.APPLICATION]
    )
    if application_ids is not None:
        qs = qs.filter(application_id__in=application_ids)
    out = {}
    for app_id, question_id, role, value in qs.values_list("application_id", "question_id", "member__role", "value"):
        out.setdefault(app_id, {})[(question_id, role)] = value
    return out


def answer_rows_for_review(application, blind=False):
    """[(question, [(who, text, answer)])] for a review page: every question with at least one answer or still
    asked, member answers per member. ``blind`` (blind review, issue 15): members by role, documents without
    their uploaded file names."""
    questions = list(
        Question.objects.filter(
            course_id=application.course_id,
            purpose__in=[QuestionPurpose.ELIGIBILITY, QuestionPurpose.APPLICATION],
        ).order_by("purpose", "position", "pk")
    )
    answers = {(a.question_id, a.member_id): a for a in Answer.objects.filter(application=application)}
    members = list(application.members.all())
    rows = []
    for question in questions:
        if question.scope == QuestionScope.MEMBER:
            entries = []
            for member in members:
                answer = answers.get((question.pk, member.pk))
                who = member.get_role_display() if blind else (member.full_name or member.get_role_display())
                entries.append((who, _text(question, answer, blind), answer))
        else:
            answer = answers.get((question.pk, None))
            entries = [("Pair", _text(question, answer, blind), answer)]
        if question.is_retired and not any(a for _w, _t, a in entries):
            continue
        rows.append((question, entries))
    return rows


def _text(question, answer, blind=False):
    if answer is None:
        return ""
    if question.kind == QuestionKind.DOCUMENT:
        if blind:
            return gettext("Document uploaded") if answer.file else ""
        return answer.display_file_name if answer.file else ""
    return format_answer(question, answer.value)
