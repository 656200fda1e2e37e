"""Selection rules: the ranked board, balance figures, staged decisions, release, confirmation, waitlist, cohort.

One state machine for an application after review, in one place:

    submitted --release(accept)--> accepted --both confirm--> confirmed (→ Pair + Participants)
              --release(waitlist)--> waitlisted --place frees--> accepted (promoted)
              --release(reject)--> rejected
    accepted --a member declines--> declined;  accepted --confirm-by passes--> expired

Every transition goes through participants.domain.transitions.transition_application (the table on the enum,
one compare-and-set on Application.status, the audit row), so repeating any step changes nothing.
"""

import datetime
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from course.domain.countries import CountryCode
from course.domain.languages import language_of
from course.models import Course
from course.timezones import format_course_datetime
from course.triggers import start_task
from participants.domain.audit import record_audit
from participants.domain.calibration import calibrate, needs_discussion
from participants.domain.errors import SelectionRefused, TransitionRefused
from participants.domain.income import classify
from participants.domain.outbox import queue_outbox_mail
from participants.domain.review import SCIENTIST_FIRST, get_review_config, read_review_config
from participants.domain.transitions import transition_application
from participants.enums import (
    ApplicationStatus,
    AttendanceAnswer,
    DecisionMailKind,
    DecisionOutcome,
    Gender,
    MemberRole,
    QuestionKind,
    QuestionPurpose,
)
from participants.models import (
    Answer,
    Application,
    ApplicationMember,
    AttendanceResponse,
    Decision,
    DecisionEmailTemplate,
    Pair,
    Participant,
    Review,
)

CONFIRM_WINDOW = datetime.timedelta(days=14)  # when the course sets no confirm-by date
PROMOTED_CONFIRM_WINDOW = datetime.timedelta(days=7)  # at least this long for a pair offered a freed place
RELEASED_STATUS = {
    DecisionOutcome.ACCEPT: ApplicationStatus.ACCEPTED,
    DecisionOutcome.WAITLIST: ApplicationStatus.WAITLISTED,
    DecisionOutcome.REJECT: ApplicationStatus.REJECTED,
}
MAIL_KIND = {
    DecisionOutcome.ACCEPT: DecisionMailKind.ACCEPTED,
    DecisionOutcome.WAITLIST: DecisionMailKind.WAITLISTED,
    DecisionOutcome.REJECT: DecisionMailKind.REJECTED,
}


# --- The board ----------------------------------------------------------------------------------------------


class BoardApplication:
    """What the board needs of an application, read with values_list (no model instances: 2,000 rows stay fast)."""

    __slots__ = ("pk", "status")

    def __init__(self, pk, status):
        self.pk, self.status = pk, status

    def get_status_display(self):
        return ApplicationStatus(self.status).label


class BoardDecision:
    __slots__ = ("outcome", "waitlist_position", "flagged", "released_at")

    def __init__(self, outcome, waitlist_position, flagged, released_at):
        self.outcome, self.waitlist_position, self.flagged, self.released_at = (
            outcome,
            waitlist_position,
            flagged,
            released_at,
        )

    def get_outcome_display(self):
        return DecisionOutcome(self.outcome).label if self.outcome else ""


class BoardMember:
    __slots__ = ("role", "full_name", "country", "gender")

    def __init__(self, role, full_name, country, gender):
        self.role, self.full_name, self.country, self.gender = role, full_name, CountryCode(country or ""), gender

    def get_role_display(self):
        return MemberRole(self.role).label if self.role in MemberRole.values else self.role


@dataclass
class BoardRow:
    application: BoardApplication
    members: list  # BoardMember, scientist first
    scores: list  # each review's weighted score (abstain-only reviews excluded)
    review_count: int
    decision: BoardDecision | None
    rank: int = 0
    mean: float | None = None
    median: float | None = None
    z_mean: float | None = None  # normalised: mean of the reviews' per-reviewer z-scores (domain.calibration)
    disagreement: float | None = None  # standard deviation of the raw weighted scores (2+ scores)
    confidence: float | None = None  # mean confidence of the reviews that gave one (1 low – 3 high)
    needs_discussion: bool = False  # disagreement above the course's threshold
    # The course team's own questions: {question_id: [answer as text, per member or once for the pair]}
    answers: dict = field(default_factory=dict)
    answer_items: list = field(default_factory=list)  # [(label, text)] in the builder's order, for display

    def __post_init__(self):
        if self.scores:
            self.mean = sum(self.scores) / len(self.scores)
            self.median = statistics.median(self.scores)

    # Calibration as shown on the board: formatted here, not with |floatformat, which costs 100 rows × 3 each time.
    @property
    def z_text(self):
        return "—" if self.z_mean is None else f"{self.z_mean:.2f}"

    @property
    def disagreement_text(self):
        return "—" if self.disagreement is None else f"{self.disagreement:.2f}"

    @property
    def confidence_text(self):
        return "—" if self.confidence is None else f"{self.confidence:.1f}"

    @cached_property
    def countries(self):
        return sorted({m.country for m in self.members if m.country})

    @cached_property
    def regions(self):
        return sorted({classify(c).region for c in self.countries})

    @cached_property
    def cross_country(self):
        return len(self.countries) > 1

    @property
    def flagged(self):
        return bool(self.decision and self.decision.flagged)

    @property
    def staged_outcome(self):
        if self.decision and self.decision.outcome and not self.decision.released_at:
            return self.decision.outcome
        return ""

    @property
    def released(self):
        return bool(self.decision and self.decision.released_at)

    @property
    def holds_tentative_place(self):
        return (
            self.staged_outcome == DecisionOutcome.ACCEPT or self.application.status in ApplicationStatus.HOLDING_PLACE
        )

    @property
    def names(self):
        return " & ".join(m.full_name for m in self.members if m.full_name)


@dataclass
class Balance:
    pairs: int = 0
    members: int = 0
    countries: list = field(default_factory=list)  # [(code, name, count)]
    regions: list = field(default_factory=list)  # [(region, count)]
    lmic_members: int = 0
    classified_members: int = 0
    genders: list = field(default_factory=list)  # [(label, count)], only from members who gave one
    cross_country_pairs: int = 0

    @property
    def lmic_percent(self):
        return round(100 * self.lmic_members / self.classified_members) if self.classified_members else None


@dataclass
class Board:
    course: object
    rows: list  # after filters
    all_rows: list
    balance: Balance
    capacity: int
    accepted: int
    staged_count: int
    discussion_threshold: float = 1.0
    questions: list = field(default_factory=list)  # BoardQuestion: the course's own questions with answers

    @property
    def needs_discussion_count(self):
        return sum(1 for r in self.all_rows if r.needs_discussion)

    @property
    def over_capacity(self):
        return self.accepted > self.capacity


def _none_last(value, descending=True):
    return (value is None, -(value or 0) if descending else (value or 0))


# The board's orders: key -> (label, sort key of a row). Ties keep the rank order (the sort is stable).
BOARD_SORTS = {
    "rank": ("Rank (weighted mean)", lambda r: r.rank),
    "median": ("Median", lambda r: _none_last(r.median)),
    "normalised": ("Normalised score", lambda r: _none_last(r.z_mean)),
    "disagreement": ("Disagreement, highest first", lambda r: _none_last(r.disagreement)),
    "confidence": ("Confidence, lowest first", lambda r: _none_last(r.confidence, descending=False)),
    "reviews": ("Fewest reviews first", lambda r: r.review_count),
}
LOW_CONFIDENCE = 2  # a mean confidence below "medium"


@dataclass(frozen=True)
class BoardQuestion:
    """A question of the course's own, as the board shows, filters and sorts by it."""

    pk: int
    label: str
    kind: str
    values: tuple  # the answers given, sorted: what the filter offers


@dataclass
class BoardFilters:
    country: str = ""
    region: str = ""
    cross_country: bool = False
    flagged: bool = False
    decision: str = ""  # "", "undecided", or a DecisionOutcome value
    needs_discussion: bool = False
    low_confidence: bool = False
    answer: tuple | None = None  # (question_id, value): rows where a member or the pair answered value
    sort: str = "rank"  # a key of BOARD_SORTS
    sort_question: int | None = None  # a question_id: rows ordered by its answer (unanswered last), rank kept

    def apply(self, rows):
        out = rows
        if self.needs_discussion:
            out = [r for r in out if r.needs_discussion]
        if self.low_confidence:
            out = [r for r in out if r.confidence is not None and r.confidence < LOW_CONFIDENCE]
        if self.answer:
            question_id, value = self.answer
            out = [r for r in out if value in r.answers.get(question_id, ())]
        out = self._filter(out)
        if self.sort_question:
            answered = [r for r in out if r.answers.get(self.sort_question)]
            unanswered = [r for r in out if not r.answers.get(self.sort_question)]
            out = sorted(answered, key=lambda r: _sort_key(r.answers[self.sort_question])) + unanswered
        elif self.sort in BOARD_SORTS and self.sort != "rank":
            out = sorted(out, key=BOARD_SORTS[self.sort][1])
        return out

    def _filter(self, rows):
        out = rows
        if self.country:
            out = [r for r in out if self.country in r.countries]
        if self.region:
            out = [r for r in out if self.region in r.regions]
        if self.cross_country:
            out = [r for r in out if r.cross_country]
        if self.flagged:
            out = [r for r in out if r.flagged]
        if self.decision == "undecided":
            out = [r for r in out if not (r.decision and r.decision.outcome)]
        elif self.decision:
            out = [r for r in out if r.decision and r.decision.outcome == self.decision]
        return out


def _sort_key(values):
    first = values[0]
    try:
        return (0, float(first), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(first).casefold())


def _answer_text(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    if value is None or value == "":
        return []
    return [str(value)]


# Kinds shown on the board (long texts and documents are read on the application's page).
BOARD_KINDS = [k for k in QuestionKind.values if k not in (QuestionKind.LONG_TEXT, QuestionKind.DOCUMENT)]


def board_answers(course, application_ids=None):
    """({application_id: {question_id: [text]}}, [BoardQuestion]) from one query."""
    qs = Answer.objects.filter(
        application__course=course,
        application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED,
        question__purpose__in=[QuestionPurpose.ELIGIBILITY, QuestionPurpose.APPLICATION],
        question__kind__in=BOARD_KINDS,
    )
    if application_ids is not None:
        qs = qs.filter(application_id__in=application_ids)
    by_app, labels, seen = {}, {}, {}
    for app_id, q_id, value, label, kind, position in qs.order_by("question__position", "question_id").values_list(
        "application_id", "question_id", "value", "question__label", "question__kind", "question__position"
    ):
        texts = _answer_text(value)
        if not texts:
            continue
        by_app.setdefault(app_id, {}).setdefault(q_id, []).extend(texts)
        labels.setdefault(q_id, (position, label, kind))
        seen.setdefault(q_id, set()).update(texts)
    questions = [
        BoardQuestion(q_id, label, kind, tuple(sorted(seen[q_id], key=str.casefold)))
        for q_id, (_position, label, kind) in sorted(labels.items(), key=lambda kv: (kv[1][0], kv[0]))
    ]
    return by_app, questions


def board_rows(course, application_ids=None, discussion_threshold=None, answers=None):
    """Every reviewable application of the course, ranked, with calibration figures. Three queries whatever the
    size (four when the threshold is not given: the course's review settings are read). The answers to the
    course's own questions are not read here: ``build_board`` reads them once (``board_answers``) and passes them."""
    if discussion_threshold is None:
        discussion_threshold = read_review_config(course).discussion_threshold
    applications = Application.objects.filter(course=course, status__in=ApplicationStatus.COUNTS_AS_SUBMITTED)
    members = ApplicationMember.objects.filter(
        application__course=course, application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED
    )
    # Every review of the course, even for a few applications: a reviewer's z-scores need all their scores.
    reviews = Review.objects.filter(
        application__course=course, application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED
    )
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
        members = members.filter(application_id__in=application_ids)
    scores, counts, confidences = {}, Counter(), {}
    scored_apps, scored_reviewers, scored_values = [], [], []
    for app_id, reviewer_id, score, confidence in reviews.values_list(
        "application_id", "reviewer_id", "weighted_score", "confidence"
    ):
        counts[app_id] += 1
        if confidence is not None:
            confidences.setdefault(app_id, []).append(confidence)
        if score is not None:
            scores.setdefault(app_id, []).append(score)
            scored_apps.append(app_id)
            scored_reviewers.append(reviewer_id)
            scored_values.append(score)
    calibration = calibrate(scored_apps, scored_reviewers, scored_values)
    members_of = {}
    for app_id, role, name, country, gender in members.order_by("application_id", *SCIENTIST_FIRST).values_list(
        "application_id", "role", "full_name", "country", "gender"
    ):
        members_of.setdefault(app_id, []).append(BoardMember(role, name, country, gender))
    rows = []
    for pk, status, decision_id, outcome, position, flagged, released_at in applications.values_list(
        "pk",
        "status",
        "decision__id",
        "decision__outcome",
        "decision__waitlist_position",
        "decision__flagged",
        "decision__released_at",
    ):
        decision = BoardDecision(outcome, position, flagged, released_at) if decision_id else None
        row = BoardRow(BoardApplication(pk, status), members_of.get(pk, []), scores.get(pk, []), counts[pk], decision)
        row.answers = (answers or {}).get(pk, {})
        row.z_mean = calibration.z_mean.get(pk)
        row.disagreement = calibration.disagreement.get(pk)
        given = confidences.get(pk)
        row.confidence = sum(given) / len(given) if given else None
        row.needs_discussion = needs_discussion(row.disagreement, discussion_threshold)
        rows.append(row)
    rows.sort(key=lambda r: (r.mean is None, -(r.mean or 0), -(r.median or 0), -r.review_count, r.application.pk))
    for i, row in enumerate(rows, start=1):
        row.rank = i
    return rows


def balance_of(rows):
    """Balance figures of the tentative cohort: staged accepts plus released accepted or confirmed pairs."""
    cohort = [r for r in rows if r.holds_tentative_place]
    members = [m for r in cohort for m in r.members]
    countries, regions, genders = Counter(), Counter(), Counter()
    lmic = classified = 0
    for m in members:
        code = m.country
        if code:
            info = classify(code)
            countries[code] += 1
            regions[info.region] += 1
            if info.income_group:
                classified += 1
                lmic += info.is_lmic
        if m.gender and m.gender != Gender.UNDISCLOSED:
            genders[Gender(m.gender).label] += 1
    return Balance(
        pairs=len(cohort),
        members=len(members),
        countries=[(c, classify(c).name, n) for c, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))],
        regions=sorted(regions.items(), key=lambda kv: (-kv[1], kv[0])),
        lmic_members=lmic,
        classified_members=classified,
        genders=sorted(genders.items(), key=lambda kv: (-kv[1], kv[0])),
        cross_country_pairs=sum(1 for r in cohort if r.cross_country),
    )


def build_board(course, filters=None):
    config = read_review_config(course)
    answers, questions = board_answers(course)
    rows = board_rows(course, discussion_threshold=config.discussion_threshold, answers=answers)
    if questions:
        for row in rows:
            row.answer_items = [(q.label, "; ".join(row.answers[q.pk])) for q in questions if q.pk in row.answers]
    accepted = sum(1 for r in rows if r.holds_tentative_place)
    return Board(
        questions=questions,
        course=course,
        rows=(filters or BoardFilters()).apply(rows),
        all_rows=rows,
        balance=balance_of(rows),
        capacity=course.capacity_pairs,
        accepted=accepted,
        staged_count=sum(1 for r in rows if r.staged_outcome),
        discussion_threshold=config.discussion_threshold,
    )


# --- Staging ------------------------------------------------------------------------------------------------


def _decision_state(decision):
    return {
        "outcome": decision.outcome,
        "waitlist_position": decision.waitlist_position,
        "flagged": decision.flagged,
        "released": bool(decision.released_at),
    }


@transaction.atomic
def stage_decision(application, outcome, *, by, waitlist_position=None, now=None):
    """Stage (or clear, with outcome "") a decision. Visible to facilitators only until released."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("course").get(pk=application.pk)
    if outcome and outcome not in DecisionOutcome.values:
        raise SelectionRefused(gettext("Unknown decision."))
    if application.status != ApplicationStatus.SUBMITTED:
        raise SelectionRefused(
            gettext("This application is %(status)s; its decision can no longer be staged.")
            % {"status": application.get_status_display().lower()}
        )
    decision, _ = Decision.objects.get_or_create(application=application)
    if decision.released_at:
        raise SelectionRefused(gettext("This decision was released already."))
    before = _decision_state(decision)
    decision.outcome = outcome or ""
    if outcome == DecisionOutcome.WAITLIST:
        if waitlist_position is None:
            top = Decision.objects.filter(
                application__course=application.course, outcome=DecisionOutcome.WAITLIST
            ).exclude(pk=decision.pk)
            waitlist_position = (top.aggregate(m=Max("waitlist_position"))["m"] or 0) + 1
        decision.waitlist_position = waitlist_position
    else:
        decision.waitlist_position = None
    decision.staged_by = by
    decision.staged_at = now
    decision.save()
    record_audit(application.course, by, "stage_decision", application, before, _decision_state(decision))
    return decision


@transaction.atomic
def set_flag(application, flagged, *, by):
    decision, _ = Decision.objects.get_or_create(application=application)
    before = _decision_state(decision)
    decision.flagged = bool(flagged)
    decision.save(update_fields=["flagged"])
    record_audit(
        application.course, by, "flag" if flagged else "unflag", application, before, _decision_state(decision)
    )
    return decision


def staged_decisions(course):
    """Decisions waiting for release. An application withdrawn after its decision was staged drops out, so it
    neither counts against capacity nor lingers on the release page."""
    return (
        Decision.objects.filter(
            application__course=course, application__status=ApplicationStatus.SUBMITTED, released_at__isnull=True
        )
        .exclude(outcome="")
        .select_related("application")
    )


# --- Decision emails ----------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PLACEHOLDERS = {
    "course": gettext_lazy("the course's title"),
    "names": gettext_lazy("both applicants' names"),
    "venue": gettext_lazy("where the course takes place"),
    "dates": gettext_lazy("the course's dates"),
    "confirm_by": gettext_lazy("the confirm-by date and time in the course's time zone"),
    "confirm_url": gettext_lazy("the link where each member confirms or declines"),
    "waitlist_position": gettext_lazy("the pair's place on the waitlist"),
}

DEFAULT_TEMPLATES = {
    DecisionMailKind.ACCEPTED: (
        gettext_lazy("You are selected for the {{ course }}"),
        gettext_lazy(
            "Dear {{ names }},\n\nWe are delighted to offer you, as a pair, a place in the {{ course }} "
            "({{ venue }}, {{ dates }}).\n\nEach of you must confirm attendance by {{ confirm_by }} here:\n"
            "{{ confirm_url }}\n\nIf either of you cannot come, please decline there so that another pair "
            "can take the place.\n\nThe course team"
        ),
    ),
    DecisionMailKind.WAITLISTED: (
        gettext_lazy("Your application to the {{ course }}: waitlist"),
        gettext_lazy(
            "Dear {{ names }},\n\nThank you for applying to the {{ course }}. We could not offer you a place "
            "yet, but your pair is number {{ waitlist_position }} on the waitlist. If a place frees up we will "
            "write to you at once.\n\nThe course team"
        ),
    ),
    DecisionMailKind.REJECTED: (
        gettext_lazy("Your application to the {{ course }}"),
        gettext_lazy(
            "Dear {{ names }},\n\nThank you for applying to the {{ course }}. We received many strong "
            "applications and regret that we cannot offer you a place this year. We hope you will apply "
            "again.\n\nThe course team"
        ),
    ),
    DecisionMailKind.PROMOTED: (
        gettext_lazy("A place is free for you in the {{ course }}"),
        gettext_lazy(
            "Dear {{ names }},\n\nA place has become free in the {{ course }} ({{ venue }}, {{ dates }}) and "
            "we are glad to offer it to your pair.\n\nEach of you must confirm attendance by {{ confirm_by }} "
            "here:\n{{ confirm_url }}\n\nThe course team"
        ),
    ),
    DecisionMailKind.EXPIRED: (
        gettext_lazy("Your place in the {{ course }} has expired"),
        gettext_lazy(
            "Dear {{ names }},\n\nWe did not receive both confirmations by {{ confirm_by }}, so the place "
            "offered to your pair in the {{ course }} has been passed on to the next pair on the waitlist.\n\n"
            "The course team"
        ),
    ),
}


def unknown_placeholders(text):
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def render_placeholders(text, context):
    return PLACEHOLDER.sub(lambda m: str(context.get(m.group(1), m.group(0))), text)


def decision_template(course, kind):
    """(subject, body) for a kind of decision email: the course's own wording or the default."""
    custom = DecisionEmailTemplate.objects.filter(course=course, kind=kind).first()
    if custom:
        return custom.subject, custom.body
    subject, body = DEFAULT_TEMPLATES[kind]
    return str(subject), str(body)  # in the active language: the recipient's when a mail is queued


def save_decision_template(course, kind, subject, body, *, by):
    unknown = unknown_placeholders(subject + body)
    if unknown:
        raise SelectionRefused(
            "Unknown placeholder(s): "
            + ", ".join("{{ " + u + " }}" for u in unknown)
            + ". Known: "
            + ", ".join("{{ " + k + " }}" for k in PLACEHOLDERS)
            + "."
        )
    template, _ = DecisionEmailTemplate.objects.update_or_create(
        course=course, kind=kind, defaults={"subject": subject, "body": body}
    )
    record_audit(course, by, "edit_email_template", template, after={"kind": kind, "subject": subject})
    return template


def confirm_url(application):
    return settings.SITE_URL.rstrip("/") + reverse("participants:confirm_attendance", args=[application.pk])


def mail_context(course, application=None, decision=None, names=None):
    return {
        "course": course.title,
        "names": names if names is not None else "",
        "venue": course.venue,
        "dates": f"{date_format(course.starts_on, 'j F')} – {date_format(course.ends_on, 'j F Y')}",
        "confirm_by": format_course_datetime(course, decision.confirm_by) if decision and decision.confirm_by else "",
        "confirm_url": confirm_url(application) if application else "",
        "waitlist_position": decision.waitlist_position if decision and decision.waitlist_position else "",
    }


def preview_decision_mail(course, kind):
    """The mail as a sample pair would receive it."""
    sample_decision = Decision(confirm_by=get_review_config(course).confirm_by or timezone.now() + CONFIRM_WINDOW)
    sample_decision.waitlist_position = 3
    context = mail_context(course, None, sample_decision, names="Amina Diallo & Kwame Mensah")
    context["confirm_url"] = settings.SITE_URL.rstrip("/") + "/apply/attendance/123/"
    subject, body = decision_template(course, kind)
    return render_placeholders(subject, context), render_placeholders(body, context)


def _queue_decision_mails(application, decision, kind, *, key_suffix=""):
    """One mail per member, in their own language; the course team's own wording, when they wrote one, as is."""
    course = application.course
    members = [m for m in application.members.select_related("user", "user__language_preference") if m.user_id]
    names = " & ".join(m.full_name or m.user.get_full_name() or m.user.email for m in members)
    queued = 0
    for member in members:
        with translation.override(language_of(member.user)):
            context = mail_context(course, application, decision, names=names)
            subject, body = decision_template(course, kind)
        _, created = queue_outbox_mail(
            key=f"{kind}:{application.pk}:{member.user_id}{key_suffix}",
            course=course,
            application=application,
            kind=kind,
            recipient=member.user.email,
            subject=render_placeholders(subject, context),
            body=render_placeholders(body, context),
        )
        queued += created
    return queued


# --- Release ------------------------------------------------------------------------------------------------


@dataclass
class ReleaseResult:
    released: int = 0
    mails: int = 0


def places_held(course):
    return Application.objects.filter(course=course, status__in=ApplicationStatus.HOLDING_PLACE).count()


def default_confirm_by(course, now):
    configured = get_review_config(course).confirm_by
    window = datetime.timedelta(days=course.confirm_by_days) if course.confirm_by_days else CONFIRM_WINDOW
    return configured if configured and configured > now else now + window


@transaction.atomic
def release_decisions(course, *, by, now=None):
    """Release every staged decision at once: statuses change and decision emails are queued.

    Idempotent: a second release finds nothing staged and queues nothing; outbox keys guard the mails too.
    """
    now = now or timezone.now()
    staged = list(staged_decisions(course).select_for_update())
    accepts = sum(1 for d in staged if d.outcome == DecisionOutcome.ACCEPT)
    if accepts + places_held(course) > course.capacity_pairs:
        raise SelectionRefused(
            gettext(
                "Releasing would accept %(pairs)d pairs for %(places)d places. Waitlist or reject some pairs first."
            )
            % {"pairs": accepts + places_held(course), "places": course.capacity_pairs}
        )
    result = ReleaseResult()
    confirm_by = default_confirm_by(course, now)
    for decision in staged:
        application = decision.application
        application.course = course
        before = _decision_state(decision)
        if not _transition_if_still(
            application,
            ApplicationStatus.SUBMITTED,
            RELEASED_STATUS[decision.outcome],
            by,
            now,
            action="release_decision",
            before=before,
            after={**before, "released": True},
        ):
            continue  # withdrawn meanwhile: leave the decision staged for a facilitator to see
        decision.released_at = now
        if decision.outcome == DecisionOutcome.ACCEPT:
            decision.confirm_by = confirm_by
        decision.save(update_fields=["released_at", "confirm_by"])
        result.released += 1
        result.mails += _queue_decision_mails(application, decision, MAIL_KIND[decision.outcome])
    if result.released:
        record_audit(course, by, "release", course, after={"released": result.released, "mails": result.mails})
    return result


# --- Confirmation, decline, expiry, waitlist ---------------------------------------------------------------


def member_for(application, user):
    return ApplicationMember.objects.filter(application=application, user=user).first()


@transaction.atomic
def answer_attendance(application, user, answer, *, now=None):
    """One member confirms or declines. Both confirmed → the pair joins the cohort; a decline frees the place."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("course").get(pk=application.pk)
    member = member_for(application, user)
    if member is None:
        raise SelectionRefused(gettext("You are not a member of this application."))
    if answer not in AttendanceAnswer.values:
        raise SelectionRefused(gettext("Choose to confirm or to decline."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise SelectionRefused(
            gettext("This application is %(status)s; there is no place to confirm.")
            % {"status": application.get_status_display().lower()}
        )
    decision = Decision.objects.get(application=application)
    if decision.confirm_by and now > decision.confirm_by:
        raise SelectionRefused(gettext("The confirm-by date has passed."))
    AttendanceResponse.objects.update_or_create(member=member, defaults={"answer": answer, "answered_at": now})
    record_audit(application.course, user, f"attendance_{answer}", member, after={"answer": answer})
    if answer == AttendanceAnswer.DECLINED:
        if _transition_if_still(application, ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, user, now):
            transaction.on_commit(lambda: _trigger_promotion(application.course_id))
        return ApplicationStatus.DECLINED
    members = list(application.members.all())
    confirmed = AttendanceResponse.objects.filter(
        member__application=application, answer=AttendanceAnswer.CONFIRMED
    ).count()
    if confirmed == len(members) == 2 and _transition_if_still(
        application, ApplicationStatus.ACCEPTED, ApplicationStatus.CONFIRMED, user, now
    ):
        build_pair(application)
        return ApplicationStatus.CONFIRMED
    return ApplicationStatus.ACCEPTED


def _transition_if_still(application, expected_from, to_status, actor, now, **audit):
    """Make the move if the application is still in ``expected_from``; False (nothing changed) if it is not.

    Losing the race to another request or worker is normal here; a move the table forbids is a bug and raises."""
    try:
        transition_application(application, to_status, actor=actor, expected_from=expected_from, now=now, **audit)
    except TransitionRefused as refused:
        if not refused.lost_race:
            raise
        return False
    return True


def _trigger_promotion(course_id):
    start_task("participants.tasks.promote_waitlist")


def build_pair(application):
    """The confirmed application becomes a cohort Pair with its two Participants (idempotent)."""
    pair, created = Pair.objects.get_or_create(application=application, defaults={"course": application.course})
    if created:
        Participant.objects.bulk_create(
            [
                Participant(pair=pair, user_id=m.user_id, role=m.role, full_name=m.full_name, country=m.country)
                for m in application.members.all()
                if m.user_id
            ]
        )
    return pair


def build_cohort(course):
    """Pairs for every confirmed application of the course that has none yet. Returns the number created."""
    created = 0
    for application in Application.objects.filter(
        course=course, status=ApplicationStatus.CONFIRMED, pair__isnull=True
    ).prefetch_related("members"):
        build_pair(application)
        created += 1
    return created


def expire_unconfirmed(now=None):
    """Accepted pairs past their confirm-by date lose the place. Returns the affected course ids."""
    now = now or timezone.now()
    course_ids = set()
    overdue = Decision.objects.filter(
        application__status=ApplicationStatus.ACCEPTED, confirm_by__lt=now, released_at__isnull=False
    ).select_related("application__course")
    for decision in overdue:
        application = decision.application
        with transaction.atomic():
            if not _transition_if_still(application, ApplicationStatus.ACCEPTED, ApplicationStatus.EXPIRED, None, now):
                continue
            _queue_decision_mails(application, decision, DecisionMailKind.EXPIRED)
        course_ids.add(application.course_id)
    return course_ids


def promote_waitlist(course, now=None):
    """Offer free places to waitlisted pairs in waitlist order. Returns the promoted applications."""
    now = now or timezone.now()
    if course.starts_on <= timezone.localdate(now, course.tzinfo):
        return []  # the course has begun: no more offers
    promoted = []
    while places_held(course) < course.capacity_pairs:
        decision = (
            Decision.objects.filter(application__course=course, application__status=ApplicationStatus.WAITLISTED)
            .select_related("application__course")
            .order_by("waitlist_position", "pk")
            .first()
        )
        if decision is None:
            break
        with transaction.atomic():
            application = decision.application
            before = _decision_state(decision)
            if not _transition_if_still(
                application,
                ApplicationStatus.WAITLISTED,
                ApplicationStatus.ACCEPTED,
                None,
                now,
                action="promoted_from_waitlist",
                before=before,
                after={**before, "outcome": DecisionOutcome.ACCEPT},
            ):
                continue  # someone else moved it; look again
            decision.outcome = DecisionOutcome.ACCEPT
            decision.confirm_by = max(default_confirm_by(course, now), now + PROMOTED_CONFIRM_WINDOW)
            decision.save(update_fields=["outcome", "confirm_by"])
            _queue_decision_mails(application, decision, DecisionMailKind.PROMOTED)
        promoted.append(application)
    return promoted


def expire_unconfirmed_and_promote_waitlist(now=None):
    """The periodic sweep (Celery beat): expire overdue offers, then fill free places from the waitlists."""
    now = now or timezone.now()
    expire_unconfirmed(now)
    courses = Course.objects.filter(applications__status=ApplicationStatus.WAITLISTED).distinct()
    return sum(len(promote_waitlist(course, now)) for course in courses)


def attendance_state(application):
    """[(member, response or None)] for the confirmation page."""
    responses = {r.member_id: r for r in AttendanceResponse.objects.filter(member__application=application)}
    return [(m, responses.get(m.pk)) for m in application.members.select_related("user")]


def cohort(course):
    return (
        Pair.objects.filter(course=course)
        .select_related("application")
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.select_related("user")))
        .order_by("pk")
    )
