"""Building instruments: the default set of an edition, questions added by the team, and their checks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluation.domain.defaults import DEFAULT_INSTRUMENTS
from evaluation.enums import InstrumentPurpose, QuestionKind
from evaluation.models import Instrument, Question


def _at(course, day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=course.tzinfo)


def default_window(course, rule):
    """(opens_at, closes_at) of a default instrument, in the course's own time zone.

    before: from the application deadline (pairs confirm after it) to 09:00 on the first day;
    last_day: from 00:00 on the last day for two weeks; week: the week itself, until two days after it."""
    one_day = datetime.timedelta(days=1)
    if rule == "before":
        opens = min(course.deadline, _at(course, course.starts_on - one_day, 9))
        return opens, _at(course, course.starts_on, 9)
    if rule == "last_day":
        return _at(course, course.ends_on, 0), _at(course, course.ends_on + 14 * one_day, 23, 59)
    if rule == "feedback":  # each session opens at its start (evaluation.domain.session_feedback)
        return _at(course, course.starts_on, 0), _at(course, course.ends_on, 23, 59)
    if rule == "week":
        return _at(course, course.starts_on, 0), _at(course, course.ends_on + 2 * one_day, 23, 59)
    raise ValueError(f"Unknown window rule {rule!r}")


def check_question(question):
    """Refuse a question that could not be answered or scored; returns it cleaned (keys of choices filled)."""
    errors = {}
    kind = question.kind
    if kind in QuestionKind.with_choices():
        labels = [c for c in (question.choices or []) if isinstance(c, dict) and str(c.get("label", "")).strip()]
        if len(labels) < 2:
            errors["choices"] = _("Give at least two choices.")
        question.choices = [
            {"key": str(c.get("key") or "abcdefghijklmnopqrstuvwxyz"[i]), "label": str(c["label"]).strip()}
            for i, c in enumerate(labels[:26])
        ]
        keys = [c["key"] for c in question.choices]
        if len(set(keys)) != len(keys):
            errors["choices"] = _("Two choices have the same key.")
        if kind == QuestionKind.KNOWLEDGE and question.correct_key not in keys:
            errors["correct_key"] = _("Say which choice is correct.")
    else:
        question.choices = []
    if kind != QuestionKind.KNOWLEDGE:
        question.correct_key = ""
    if kind in QuestionKind.scaled() and not (question.anchor_low and question.anchor_high):
        errors["anchor_low"] = _("A scale needs both anchors, e.g. “Not at all” and “Completely”.")
    if (
        kind == QuestionKind.NUMBER
        and question.min_value is not None
        and question.max_value is not None
        and question.min_value > question.max_value
    ):
        errors["max_value"] = _("The largest value cannot be below the smallest.")
    if errors:
        raise ValidationError(errors)
    return question


def add_question(instrument, **fields):
    """Append a checked question to an instrument."""
    last = instrument.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(instrument=instrument, position=(last or 0) + 1, **fields)
    check_question(question)
    question.full_clean(exclude=["instrument"])
    question.save()
    return question


@transaction.atomic
def ensure_default_instruments(course):
    """Create the edition's default instruments that are missing (idempotent). Returns the new ones."""
    have = set(Instrument.objects.filter(course=course).values_list("purpose", flat=True))
    created = []
    for position, spec in enumerate(DEFAULT_INSTRUMENTS, start=1):
        if spec["purpose"] in have:
            continue
        opens, closes = default_window(course, spec["window"])
        instrument = Instrument.objects.create(
            course=course,
            purpose=spec["purpose"],
            title=spec["title"],
            intro=spec["intro"],
            is_anonymous=spec.get("anonymous", False),
            opens_at=opens,
            closes_at=closes,
            remind_hours_before_close=48 if spec["window"] in ("before", "last_day") else None,
            position=position,
        )
        questions = []
        for number, q in enumerate(spec["questions"], start=1):
            question = Question(instrument=instrument, position=number, **q)
            questions.append(check_question(question))
        Question.objects.bulk_create(questions)
        created.append(instrument)
    return created


def instrument_for(course, purpose):
    return Instrument.objects.filter(course=course, purpose=purpose).first()


def is_built_in(purpose):
    return purpose != InstrumentPurpose.OTHER
