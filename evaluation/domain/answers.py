"""Answering an instrument: the window, one response per person (or pair) and subject, anonymity.

Contract of ``submit_response``: inside the instrument's window an attributed response is created or, when
one exists, its answers are replaced (a resubmission updates); outside it the call raises ``AnswerRefused``
with the reason. An anonymous response stores no participant, pair or time; a receipt per member records
that they answered (the receipt's unique constraint refuses a second anonymous response, even from two tabs
at once: anonymous answers cannot be changed, since nothing links them to their author).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from course.timezones import format_course_datetime
from evaluation.domain.errors import AnswerRefused
from evaluation.enums import QuestionKind, RespondentUnit
from evaluation.models import Answer, Response, ResponseReceipt
from participants.models import Participant


def subject_of(run=None, session=None):
    if run is not None:
        return f"run:{run.pk}"
    if session is not None:
        return f"session:{session.pk}"
    return ""


def window_refusal(instrument, now):
    """The reason an instrument cannot be answered now, or None."""
    if now < instrument.opens_at:
        when = format_course_datetime(instrument.course, instrument.opens_at)
        return _("This questionnaire opens on %(when)s.") % {"when": when}
    if now >= instrument.closes_at:
        when = format_course_datetime(instrument.course, instrument.closes_at)
        return _("This questionnaire closed on %(when)s; answers can no longer be sent or changed.") % {"when": when}
    return None


def respondents_of(instrument, participant):
    """Who a response by ``participant`` answers for: themselves, or both members of their pair."""
    if instrument.unit == RespondentUnit.PAIR:
        return list(Participant.objects.filter(pair_id=participant.pair_id))
    return [participant]


def answer_rows(questions, values):
    """Answer objects (unsaved, without response) for {question_id: cleaned value}; knowledge items scored."""
    rows = []
    for question in questions:
        value = values.get(question.pk)
        if value in (None, "", []):
            continue
        answer = Answer(question=question)
        if question.kind in QuestionKind.scaled() or question.kind == QuestionKind.NUMBER:
            answer.number = float(value)
        elif question.kind == QuestionKind.KNOWLEDGE:
            answer.choices = [str(value)]
            answer.number = 1.0 if str(value) == question.correct_key else 0.0
        elif question.kind == QuestionKind.SINGLE:
            answer.choices = [str(value)]
        elif question.kind == QuestionKind.MULTIPLE:
            answer.choices = [str(v) for v in value]
        else:
            answer.text = str(value)
        rows.append(answer)
    return rows


def submit_response(instrument, participant, values, *, run=None, session=None, now=None):
    """Store ``participant``'s answers ({question_id: value}, already type-checked by the form)."""
    now = now or timezone.now()
    reason = window_refusal(instrument, now)
    if reason:
        raise AnswerRefused(reason)
    if participant.pair.course_id != instrument.course_id:
        raise AnswerRefused(_("This questionnaire belongs to another edition."))
    subject = subject_of(run, session)
    questions = list(instrument.questions.all())
    members = respondents_of(instrument, participant)
    with transaction.atomic():
        if instrument.is_anonymous:
            try:
                with transaction.atomic():
                    ResponseReceipt.objects.bulk_create(
                        [ResponseReceipt(instrument=instrument, participant=m, subject=subject) for m in members]
                    )
            except IntegrityError:
                raise AnswerRefused(
                    _("You have already answered. Anonymous answers cannot be changed: nothing links them to you.")
                )
            response = Response.objects.create(
                instrument=instrument, is_anonymous=True, run=run, session=session, subject=subject
            )
        else:
            who = (
                {"pair_id": participant.pair_id, "participant": None}
                if instrument.unit == RespondentUnit.PAIR
                else {"participant": participant}
            )
            response = (
                Response.objects.select_for_update().filter(instrument=instrument, subject=subject, **who).first()
            )
            if response is None:
                try:
                    with transaction.atomic():
                        response = Response.objects.create(
                            instrument=instrument, subject=subject, run=run, session=session, submitted_at=now, **who
                        )
                except IntegrityError:  # the same person's other tab was first: update theirs
                    response = Response.objects.select_for_update().get(instrument=instrument, subject=subject, **who)
            if response.submitted_at != now:
                response.updated_at = now
                response.save(update_fields=["updated_at"])
                response.answers.all().delete()
            ResponseReceipt.objects.bulk_create(
                [ResponseReceipt(instrument=instrument, participant=m, subject=subject) for m in members],
                ignore_conflicts=True,
            )
        rows = answer_rows(questions, values)
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


def own_response(instrument, participant, *, run=None, session=None):
    """The participant's own attributed response (or their pair's), with answers; None for anonymous ones."""
    if instrument.is_anonymous:
        return None
    who = {"pair_id": participant.pair_id} if instrument.unit == RespondentUnit.PAIR else {"participant": participant}
    return (
        Response.objects.filter(instrument=instrument, subject=subject_of(run, session), **who)
        .prefetch_related("answers")
        .first()
    )


def has_answered(instrument, participant, *, run=None, session=None):
    return ResponseReceipt.objects.filter(
        instrument=instrument, participant=participant, subject=subject_of(run, session)
    ).exists()


def initial_values(response):
    """{question_id: value} to fill the form with a previous response."""
    values = {}
    if response is None:
        return values
    for answer in response.answers.all():
        if answer.choices:
            values[answer.question_id] = list(answer.choices)
        elif answer.number is not None:
            n = answer.number
            values[answer.question_id] = int(n) if float(n).is_integer() else n
        else:
            values[answer.question_id] = answer.text
    return values


def participant_in(user, course):
    """The user's seat in the course's cohort, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.select_related("pair__course").filter(user=user, pair__course=course).first()
