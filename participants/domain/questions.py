"""The form builder: a course team's own questions, and the rules every answer to them obeys.

One builder serves three purposes (``QuestionPurpose``): the eligibility screen before an application starts,
the application form itself, and follow-up forms after confirmation. The standard fields of an application
(name, country, bio, motivation, plans, CV, joint statement) stay columns of ``ApplicationMember`` and
``Application`` — the board, the balance figures and the cohort read them — and are the default set every new
edition starts with; the course team adds its own questions to them.

Never losing an answer:
- a question that has answers cannot be deleted (``Answer.question`` is PROTECT), only retired: it disappears
  from forms, its answers stay readable in review and exports;
- after the call opened, a change that would make stored answers mean something else or fail their own rules
  (kind, scope, a removed option somebody chose, a lower word limit than an answer uses) is refused with the
  reason; the course team retires the question and adds a new one instead.
"""

import datetime
import decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django_countries import countries

from participants.domain.audit import record_audit
from participants.domain.errors import ApplicationRefused
from participants.enums import QuestionKind, QuestionPurpose, QuestionScope
from participants.models import Answer, Question

MAX_SHORT_TEXT = 300
MAX_LONG_TEXT_CHARS = 20000
MAX_CHOICES = 30
MAX_NUMBER = decimal.Decimal("1e12")


class QuestionRefused(ApplicationRefused):
    """A builder change that is not allowed, with the reason in words fit to show."""


def count_words(text):
    return len((text or "").split())


# --- Reading ---------------------------------------------------------------------------------------------


def questions_for(course, purpose=QuestionPurpose.APPLICATION, *, followup_form=None, include_retired=False):
    qs = Question.objects.filter(course=course, purpose=purpose)
    if followup_form is not None:
        qs = qs.filter(followup_form=followup_form)
    if not include_retired:
        qs = qs.filter(retired_at__isnull=True)
    return list(qs.order_by("position", "pk"))


def answer_lookup(answers):
    """{(question_id, member_id or None): Answer} for a list of answers."""
    return {(a.question_id, a.member_id): a for a in answers}


def is_shown(question, answers_by_question):
    """Whether a conditional question is shown, given {question_id: value} of the same person or pair."""
    if not question.condition_question_id:
        return True
    value = answers_by_question.get(question.condition_question_id)
    wanted = question.condition_value
    if isinstance(value, list):
        return wanted in value
    return value is not None and str(value) == wanted


def is_answered(question, answer):
    if answer is None:
        return False
    if question.kind == QuestionKind.DOCUMENT:
        return bool(answer.file)
    value = answer.value
    if value is None or value == "" or value == []:
        return False
    over_limit = question.kind == QuestionKind.LONG_TEXT and question.word_limit
    return not (over_limit and count_words(value) > question.word_limit)


def format_answer(question, value):
    """An answer as plain words for review pages and CSV cells."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == QuestionKind.MULTIPLE_CHOICE and isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if question.kind == QuestionKind.YES_NO:
        return {"yes": "Yes", "no": "No"}.get(str(value), str(value))
    if question.kind == QuestionKind.COUNTRY:
        return countries.name(str(value)) or str(value)
    return str(value)


def _required_shown(questions, answers, member):
    lookup = answer_lookup(answers)
    member_id = member.pk if member is not None else None
    values = {q_id: a.value for (q_id, m_id), a in lookup.items() if m_id in (member_id, None)}
    wanted = QuestionScope.MEMBER if member is not None else QuestionScope.PAIR
    return [
        (q, lookup.get((q.pk, member_id)))
        for q in questions
        if q.scope == wanted and not q.is_retired and q.required and is_shown(q, values)
    ]


def required_count(questions, answers, *, member=None):
    """How many required questions ``member`` (or the pair) is shown now."""
    return len(_required_shown(questions, answers, member))


def missing_answers(questions, answers, *, member=None):
    """Labels of the required, shown questions still unanswered by ``member`` (member scope) or the pair."""
    return [q.label for q, answer in _required_shown(questions, answers, member) if not is_answered(q, answer)]


# --- Cleaning an answer ----------------------------------------------------------------------------------


def clean_answer(question, raw):
    """Turn what a form posted into the stored value, or raise ``ApplicationRefused`` with the reason.
    Empty is always allowed here: whether a question must be answered is checked on submission."""
    kind = question.kind
    if kind == QuestionKind.MULTIPLE_CHOICE:
        values = [str(v) for v in (raw or []) if str(v).strip()]
        unknown = [v for v in values if v not in (question.choices or [])]
        if unknown:
            raise ApplicationRefused(gettext("Please choose only from the options offered."))
        return [c for c in question.choices if c in values]  # the builder's order, no duplicates
    text = "" if raw is None else str(raw)
    if "\x00" in text:
        raise ApplicationRefused(
            gettext("This answer contains a character that cannot be stored (NUL). Please remove it.")
        )
    text = text.strip()
    if not text:
        return None
    if kind == QuestionKind.SHORT_TEXT:
        if len(text) > MAX_SHORT_TEXT:
            raise ApplicationRefused(
                gettext("Please keep this to %(limit)d characters (it has %(count)d).")
                % {"limit": MAX_SHORT_TEXT, "count": len(text)}
            )
        return text
    if kind == QuestionKind.LONG_TEXT:
        if len(text) > MAX_LONG_TEXT_CHARS:
            raise ApplicationRefused(
                gettext("This is too long: please keep it under %(limit)d characters.") % {"limit": MAX_LONG_TEXT_CHARS}
            )
        if question.word_limit and count_words(text) > question.word_limit:
            raise ApplicationRefused(
                gettext("Please keep this to %(limit)d words (it has %(count)d now).")
                % {"limit": question.word_limit, "count": count_words(text)}
            )
        return text
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO, QuestionKind.COUNTRY):
        if text not in {value for value, _label in question.options}:
            raise ApplicationRefused(gettext("Please choose one of the options offered."))
        return text
    if kind == QuestionKind.NUMBER:
        try:
            number = decimal.Decimal(text.replace(",", "."))
        except decimal.InvalidOperation:
            raise ApplicationRefused(gettext("Please enter a number, for example 3 or 2.5.")) from None
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            raise ApplicationRefused(gettext("Please enter a number of a sensible size."))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == QuestionKind.DATE:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise ApplicationRefused(gettext("Please enter a date as YYYY-MM-DD, for example 2025-02-05.")) from None
        if not 1900 <= day.year <= 2200:
            raise ApplicationRefused(gettext("Please enter a date between the years 1900 and 2200."))
        return day.isoformat()
    raise ApplicationRefused(gettext("This question takes a file, not typed text."))


# --- The builder -------------------------------------------------------------------------------------------

BUILDER_FIELDS = [
    "purpose",
    "followup_form",
    "key",
    "kind",
    "scope",
    "label",
    "help_text",
    "required",
    "choices",
    "word_limit",
    "condition_question",
    "condition_value",
    "eligible_answers",
    "ineligible_message",
]


def _check_definition(question):
    """The rules a question obeys whatever its answers. Raises QuestionRefused."""
    kind = question.kind
    if kind not in QuestionKind.values:
        raise QuestionRefused(gettext("Please choose a kind of question."))
    if not (question.label or "").strip():
        raise QuestionRefused(gettext("Every question needs its text."))
    if kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        options = question.choices or []
        if len(options) < 2:
            raise QuestionRefused(gettext("A choice question needs at least two options, one per line."))
        if len(options) > MAX_CHOICES:
            raise QuestionRefused(
                gettext("A choice question can have at most %(count)d options.") % {"count": MAX_CHOICES}
            )
        if len(set(options)) != len(options):
            raise QuestionRefused(gettext("Two options have the same text; each option must be different."))
    elif question.choices:
        question.choices = []
    if kind != QuestionKind.LONG_TEXT:
        question.word_limit = None
    if question.purpose == QuestionPurpose.ELIGIBILITY:
        if kind not in QuestionKind.WITH_OPTIONS or kind == QuestionKind.MULTIPLE_CHOICE:
            raise QuestionRefused(gettext("An eligibility question must be yes/no, a single choice or a country."))
        offered = {value for value, _label in question.options}
        if not question.eligible_answers:
            raise QuestionRefused(gettext("Say which answers let an applicant go on (at least one)."))
        unknown = [a for a in question.eligible_answers if a not in offered]
        if unknown:
            raise QuestionRefused(
                gettext("“%(option)s” is not one of this question's options.") % {"option": unknown[0]}
            )
        if not question.ineligible_message.strip():
            raise QuestionRefused(gettext("Explain to applicants who may not apply why (the message they will read)."))
        question.scope = QuestionScope.PAIR
    else:
        question.eligible_answers = []
    if question.purpose == QuestionPurpose.FOLLOWUP:
        if question.followup_form_id is None:
            raise QuestionRefused(gettext("A follow-up question belongs to a follow-up form."))
        question.scope = QuestionScope.MEMBER
    else:
        question.followup_form = None
    if question.condition_question_id:
        condition = question.condition_question
        if condition.pk == question.pk:
            raise QuestionRefused(gettext("A question cannot depend on its own answer."))
        if condition.course_id != question.course_id or condition.purpose != question.purpose:
            raise QuestionRefused(gettext("A question can only depend on another question of the same form."))
        if condition.kind not in QuestionKind.WITH_OPTIONS:
            raise QuestionRefused(gettext("A question can only depend on a yes/no, choice or country question."))
        if condition.scope == QuestionScope.MEMBER and question.scope == QuestionScope.PAIR:
            raise QuestionRefused(gettext("A question the pair answers cannot depend on what one member answered."))
        if question.condition_value not in {value for value, _label in condition.options}:
            raise QuestionRefused(
                gettext("“%(option)s” is not one of the options of “%(question)s”.")
                % {"option": question.condition_value, "question": condition.label}
            )
    else:
        question.condition_value = ""


def _unique_key(course, wanted, exclude_pk=None):
    base = slugify(wanted)[:50].replace("-", "_") or "question"
    key, n = base, 2
    taken = Question.objects.filter(course=course)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    taken = set(taken.values_list("key", flat=True))
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


@transaction.atomic
def add_question(course, by, **fields):
    """Add a question at the end of its form. ``fields`` are any of BUILDER_FIELDS."""
    question = Question(course=course, **{k: v for k, v in fields.items() if k in BUILDER_FIELDS})
    question.key = _unique_key(course, question.key or question.label)
    _check_definition(question)
    last = Question.objects.filter(course=course, purpose=question.purpose).aggregate(m=Max("position"))["m"]
    question.position = (last or 0) + 10
    question.save()
    record_audit(course, by, "question_added", question, after=_snapshot(question))
    return question


def _snapshot(question):
    return {
        "key": question.key,
        "kind": question.kind,
        "scope": question.scope,
        "label": question.label,
        "required": question.required,
        "choices": list(question.choices or []),
        "word_limit": question.word_limit,
        "condition": [question.condition_question_id, question.condition_value],
    }


def breaking_change(old, new):
    """Why changing ``old`` into ``new`` would break stored answers, or "" when it would not."""
    answers = Answer.objects.filter(question=old)
    if not answers.exists():
        return ""
    if new.kind != old.kind:
        return gettext("Its kind cannot change: it already has answers of the old kind.")
    if new.scope != old.scope:
        return gettext("Who answers it (each member or the pair) cannot change: it already has answers.")
    if old.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        removed = set(old.choices or []) - set(new.choices or [])
        for value in answers.values_list("value", flat=True):
            chosen = set(value) if isinstance(value, list) else {value}
            lost = chosen & removed
            if lost:
                return gettext(
                    "The option “%(option)s” was already chosen by an applicant, so it cannot be removed."
                ) % {"option": sorted(lost)[0]}
    if old.kind == QuestionKind.LONG_TEXT and new.word_limit and new.word_limit != old.word_limit:
        longest = max(
            (count_words(v) for v in answers.values_list("value", flat=True) if isinstance(v, str)), default=0
        )
        if longest > new.word_limit:
            return gettext("An answer already has %(count)d words, more than the new limit of %(limit)d.") % {
                "count": longest,
                "limit": new.word_limit,
            }
    return ""


@transaction.atomic
def update_question(question, by, now=None, **fields):
    """Change a question. Refused, with the reason, when stored answers would break (see the module doc)."""
    now = now or timezone.now()
    old = Question.objects.select_for_update().get(pk=question.pk)
    if old.retired_at:
        raise QuestionRefused(gettext("A retired question cannot be changed."))
    for name, value in fields.items():
        if name in BUILDER_FIELDS and name not in ("purpose", "followup_form"):
            setattr(question, name, value)
    question.key = old.key if not fields.get("key") else _unique_key(question.course, fields["key"], question.pk)
    _check_definition(question)
    reason = breaking_change(old, question)
    if reason:
        raise QuestionRefused(
            gettext(
                "This change is refused because it would break existing answers. %(reason)s "
                "Retire the question and add a new one instead."
            )
            % {"reason": reason}
        )
    question.save()
    record_audit(question.course, by, "question_changed", question, before=_snapshot(old), after=_snapshot(question))
    return question


@transaction.atomic
def retire_question(question, by, now=None):
    """Take a question out of every form; its answers stay (review, exports)."""
    now = now or timezone.now()
    if question.dependants.filter(retired_at__isnull=True).exists():
        raise QuestionRefused(
            gettext("Another question is shown depending on this one: change or retire that one first.")
        )
    Question.objects.filter(pk=question.pk, retired_at__isnull=True).update(retired_at=now)
    question.retired_at = now
    record_audit(question.course, by, "question_retired", question)
    return question


@transaction.atomic
def restore_question(question, by):
    Question.objects.filter(pk=question.pk).update(retired_at=None)
    question.retired_at = None
    record_audit(question.course, by, "question_restored", question)
    return question


@transaction.atomic
def delete_question(question, by):
    """Only a question nobody has answered can be deleted; otherwise it can only be retired."""
    if question.answers.exists():
        raise QuestionRefused(gettext("This question already has answers, so it cannot be deleted. Retire it instead."))
    if question.dependants.exists():
        raise QuestionRefused(gettext("Another question depends on this one: change or delete that one first."))
    record_audit(question.course, by, "question_deleted", question, before=_snapshot(question))
    question.delete()


@transaction.atomic
def move_question(question, by, direction):
    """Swap with the neighbour above ("up") or below ("down") in the same form."""
    siblings = list(
        Question.objects.filter(
            course=question.course, purpose=question.purpose, followup_form=question.followup_form
        ).order_by("position", "pk")
    )
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return question
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, q in enumerate(siblings, start=1):
        if q.position != position * 10:
            Question.objects.filter(pk=q.pk).update(position=position * 10)
    record_audit(question.course, by, "question_moved", question, after={"direction": direction})
    return question


def copy_questions(source_course, target_course, *, followup_forms=None):
    """Copy every live question of ``source_course`` (keys, order and conditions kept) into ``target_course``.
    ``followup_forms`` maps the source's follow-up form ids to the target's."""
    mapping = {}
    followup_forms = followup_forms or {}
    sources = Question.objects.filter(course=source_course, retired_at__isnull=True).order_by("position", "pk")
    for source in sources:
        copy = Question(
            course=target_course,
            purpose=source.purpose,
            followup_form_id=followup_forms.get(source.followup_form_id),
            key=source.key,
            kind=source.kind,
            scope=source.scope,
            label=source.label,
            help_text=source.help_text,
            required=source.required,
            position=source.position,
            choices=list(source.choices or []),
            word_limit=source.word_limit,
            condition_value=source.condition_value,
            eligible_answers=list(source.eligible_answers or []),
            ineligible_message=source.ineligible_message,
        )
        if source.purpose == QuestionPurpose.FOLLOWUP and copy.followup_form_id is None:
            continue
        copy.save()
        mapping[source.pk] = copy
    for source in sources:
        if source.condition_question_id and source.pk in mapping:
            target = mapping.get(source.condition_question_id)
            if target is None:
                continue
            Question.objects.filter(pk=mapping[source.pk].pk).update(condition_question=target)
    return mapping


# --- Eligibility -----------------------------------------------------------------------------------------


def eligibility_refusals(questions, values):
    """The explanations of every eligibility question answered with an answer that ends the journey.
    ``values``: {question_id: cleaned value}. Unanswered questions are refused by the form, not here."""
    refusals = []
    for question in questions:
        value = values.get(question.pk)
        if value is not None and value not in (question.eligible_answers or []):
            refusals.append(question.ineligible_message)
    return refusals
