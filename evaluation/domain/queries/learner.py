"""A participant's own record: what they answered, their pre/post scores, their tables and how well they read the
other delegations. Nothing of anyone else's (their pair's joint responses are theirs too)."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.domain.answers import window_refusal
from evaluation.enums import InstrumentPurpose, QuestionBlock, QuestionKind
from evaluation.models import FollowUpConsent, FollowUpRequest, Instrument, Response, ResponseReceipt
from participants.models import Participant
from programme.models import Session
from simulations.domain.estimates import estimate_record
from simulations.domain.pairs import ROLE_LABELS, member_counts
from simulations.enums import RunState
from simulations.labels import kind_label
from simulations.models import Seat

ANSWERED_ON_THE_SPOT = {InstrumentPurpose.RUN_SURVEY, InstrumentPurpose.SESSION_FEEDBACK}


@dataclass
class LearnerRecord:
    participant: object
    course: object
    open_instruments: list = field(default_factory=list)  # [(instrument, answered)]
    scores: dict = field(default_factory=dict)  # purpose -> number
    runs: list = field(default_factory=list)
    runs_to_survey: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # [(instrument, [(question, display)])]
    follow_ups: list = field(default_factory=list)
    consent: object = None
    survey: object = None


def display(question, answer):
    if question.kind in QuestionKind.with_choices():
        shown = ", ".join(question.choice_label(k) for k in answer.choices)
        if question.kind == QuestionKind.KNOWLEDGE:
            shown += (
                " ✓"
                if answer.number == 1
                else " " + _("(correct: %(choice)s)") % {"choice": question.choice_label(question.correct_key)}
            )
        return shown
    if answer.number is not None:
        n = answer.number
        return str(int(n)) if float(n).is_integer() else f"{n:g}"
    return answer.text


def _score(purpose, response, questions):
    if response is None:
        return None
    values = {a.question_id: a.number for a in response.answers.all() if a.number is not None}
    block = [q for q in questions if q.block == QuestionBlock.NOW and q.pk in values]
    if not block:
        return None
    mean = sum(values[q.pk] for q in block) / len(block)
    return 100 * mean if purpose in (InstrumentPurpose.KNOWLEDGE_PRE, InstrumentPurpose.KNOWLEDGE_POST) else mean


def _retro_score(response, questions):
    if response is None:
        return None
    values = {a.question_id: a.number for a in response.answers.all() if a.number is not None}
    block = [values[q.pk] for q in questions if q.block == QuestionBlock.RETROSPECTIVE and q.pk in values]
    return sum(block) / len(block) if block else None


def _with_subject_names(answers, run_names):
    """Name what an answer is about (a table, a session) instead of its key ("run:12"); one query for sessions."""
    session_ids = [int(subject.split(":")[1]) for _i, subject, _a in answers if subject.startswith("session:")]
    names = dict(run_names)
    if session_ids:
        names.update(
            {
                f"session:{pk}": title
                for pk, title in Session.objects.filter(pk__in=session_ids).values_list("pk", "title")
            }
        )
    return [(instrument, names.get(subject, subject), shown) for instrument, subject, shown in answers]


def learner_records(user, now=None):
    now = now or timezone.now()
    return [
        learner_record(p, now)
        for p in Participant.objects.filter(user=user)
        .select_related("pair__course")
        .order_by("-pair__course__starts_on")
    ]


def learner_record(participant, now):
    course = participant.pair.course
    record = LearnerRecord(participant=participant, course=course)
    instruments = list(Instrument.objects.filter(course=course).prefetch_related("questions"))
    for instrument in instruments:
        instrument.course = course  # their window messages name the course's time zone
    answered = set(ResponseReceipt.objects.filter(participant=participant).values_list("instrument_id", "subject"))
    responses = list(
        Response.objects.filter(instrument__course=course, is_anonymous=False)
        .filter(Q(participant=participant) | Q(pair_id=participant.pair_id, participant__isnull=True))
        .prefetch_related("answers")
    )
    by_instrument = {(r.instrument_id, r.subject): r for r in responses}
    for instrument in instruments:
        questions = list(instrument.questions.all())
        if instrument.purpose == InstrumentPurpose.RUN_SURVEY:
            record.survey = instrument
        if instrument.purpose not in ANSWERED_ON_THE_SPOT and window_refusal(instrument, now) is None:
            record.open_instruments.append((instrument, (instrument.pk, "") in answered))
        response = by_instrument.get((instrument.pk, ""))
        score = _score(instrument.purpose, response, questions)
        if score is not None:
            record.scores[instrument.purpose] = score
        if instrument.purpose == InstrumentPurpose.CONFIDENCE_POST:
            retro = _retro_score(response, questions)
            if retro is not None:
                record.scores["confidence_retro"] = retro
        by_id = {q.pk: q for q in questions}
        for (instrument_id, subject), r in by_instrument.items():
            if instrument_id != instrument.pk:
                continue
            shown = [(by_id[a.question_id], display(by_id[a.question_id], a)) for a in r.answers.all()]
            shown.sort(key=lambda qa: (qa[0].position, qa[0].pk))
            record.answers.append((instrument, subject, shown))
    seats = (
        Seat.objects.filter(pair_id=participant.pair_id, run__state=RunState.FINISHED)
        .select_related("run__scenario", "run__outcome", "delegation")
        .order_by("run__started_at", "run_id")
    )
    for seat in seats:
        outcome = getattr(seat.run, "outcome", None)
        mine = None
        if outcome is not None:
            mine = next(
                (d for d in outcome.analysis.get("delegations", []) if d["delegation"] == seat.delegation.key), None
            )
        record.runs.append(
            {
                "run": seat.run,
                "delegation": seat.delegation.name,
                "points": mine and mine["points"],
                "batna": mine and mine["batna"],
                "margin": mine and mine["margin"],
                "distance": outcome.analysis.get("distance_to_frontier") if outcome else None,
                "agreed": bool(outcome and outcome.package is not None),
            }
        )
        survey = record.survey
        if survey and (survey.pk, f"run:{seat.run_id}") not in answered and window_refusal(survey, now) is None:
            record.runs_to_survey.append(seat.run)
    if record.runs:
        _add_who_acted(record.runs, participant)
    record.answers = _with_subject_names(record.answers, {f"run:{seat.run_id}": seat.run.name for seat in seats})
    record.follow_ups = list(
        FollowUpRequest.objects.filter(participant=participant).select_related("wave").order_by("wave__months_after")
    )
    record.consent = FollowUpConsent.objects.filter(participant=participant).first()
    return record


def _add_who_acted(rows, participant):
    """Per table, what each member of the pair did (issue 17, "pairs inside delegations"): row["acted"] is
    [{"role", "you", "counts": [(kind, n) for the kinds they did]}], scientist first. Two queries for all tables."""
    members = sorted(
        Participant.objects.filter(pair_id=participant.pair_id, user__isnull=False).values_list("user_id", "role"),
        key=lambda member: (member[1] != "scientist", member[1]),
    )
    counts = member_counts([row["run"].pk for row in rows], [user_id for user_id, _role in members])
    for row in rows:
        row["acted"] = [
            {
                "role": ROLE_LABELS.get(role, role),
                "you": user_id == participant.user_id,
                "counts": [(kind_label(kind), n) for kind, n in counts.get((row["run"].pk, user_id), {}).items() if n],
            }
            for user_id, role in members
        ]


@dataclass(frozen=True)
class OtherSideRecord:
    """How well a participant's delegations read the other delegations' priorities, run after run (issue 17).

    ``entries`` are ``simulations.domain.estimates.EstimateRecordEntry`` rows, oldest first. ``first`` and
    ``latest`` are the first and latest runs with a weighted error, ``improved`` whether the latest error is below
    the first (None with fewer than two such runs), as ``EstimateRecord.improved`` decides it."""

    entries: tuple
    improved: bool | None
    first: object = None
    latest: object = None


def other_side_record(user):
    record = estimate_record(user)
    scored = [e for e in record.entries if e.mean_weighted_error is not None]
    if len(scored) < 2:
        return OtherSideRecord(entries=record.entries, improved=None)
    return OtherSideRecord(entries=record.entries, improved=record.improved, first=scored[0], latest=scored[-1])
