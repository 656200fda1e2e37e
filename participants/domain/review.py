"""Review rules: the rubric, assigning reviewers (manual and balanced), conflicts, saving scores, freezing."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from course.enums import RoleGroup
from participants.domain.audit import record_audit
from participants.enums import ApplicationStatus
from participants.models import (
    Application,
    ApplicationMember,
    CriterionScore,
    Review,
    ReviewAssignment,
    ReviewConfig,
    ReviewCriterion,
)

DEFAULT_CRITERIA = [
    ("Background in science or policy", "Training and experience relevant to science diplomacy."),
    ("Motivation", "Why the pair wants to take part and what they expect to gain."),
    (
        "Complementarity and plan to keep working together",
        "How the scientist and the policymaker complement each other, and their plan for after the course.",
    ),
    ("Potential impact at home", "What the pair could change in their country or region."),
]


# "scientist" sorts after "policymaker": descending role puts the scientist first, as the application form does.
SCIENTIST_FIRST = ("-role",)


class ReviewRefused(Exception):
    """A refused review action; nothing changed and ``message`` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Settings and rubric ------------------------------------------------------------------------------------


def get_review_config(course):
    config, _ = ReviewConfig.objects.get_or_create(course=course)
    return config


def read_review_config(course):
    """The course's review settings for reading (the defaults, unsaved, when it has none): a read never writes."""
    return ReviewConfig.objects.filter(course=course).first() or ReviewConfig(course=course)


def ensure_default_criteria(course):
    """The course's rubric, creating the four default criteria (equal weights) if it has none."""
    criteria = list(ReviewCriterion.objects.filter(course=course))
    if not criteria:
        ReviewCriterion.objects.bulk_create(
            [
                ReviewCriterion(course=course, name=name, description=description, weight=Decimal(1), order=i)
                for i, (name, description) in enumerate(DEFAULT_CRITERIA, start=1)
            ]
        )
        criteria = list(ReviewCriterion.objects.filter(course=course))
    return criteria


def reviewable_applications(course):
    return Application.objects.filter(course=course, status__in=ApplicationStatus.COUNTS_AS_SUBMITTED)


def reviewers():
    return get_user_model().objects.filter(groups__name=RoleGroup.REVIEWER, is_active=True).distinct()


def applicant_user_ids(application):
    ids = set(
        ApplicationMember.objects.filter(application=application, user__isnull=False).values_list("user_id", flat=True)
    )
    ids.add(application.lead_id)
    return ids


# --- Assignment ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentNeed:
    """What the planner knows about one application: who may not review it, and who reviews it already."""

    application_id: int
    excluded: frozenset  # applicants and reviewers who declared a conflict
    current: frozenset  # active reviewers


def plan_balanced_assignment(needs, reviewer_ids, per_application, loads=None):
    """Pure planner: returns [(application_id, reviewer_id)] to add.

    Each application is topped up to ``per_application`` distinct eligible reviewers, always picking the
    least-loaded eligible reviewer (ties by id), most-constrained applications first. From even starting
    loads and without exclusions the loads end within one of each other.
    """
    loads = Counter(loads or {})  # a missing reviewer counts as 0
    plan = []
    ordered = sorted(needs, key=lambda n: (-len(n.excluded), n.application_id))
    for need in ordered:
        missing = per_application - len(need.current)
        if missing <= 0:
            continue
        eligible = [r for r in reviewer_ids if r not in need.excluded and r not in need.current]
        eligible.sort(key=lambda r: (loads[r], r))
        for reviewer_id in eligible[:missing]:
            plan.append((need.application_id, reviewer_id))
            loads[reviewer_id] += 1
    return plan


def _course_needs(course):
    applications = list(reviewable_applications(course).order_by("pk").values_list("pk", "lead_id"))
    members = ApplicationMember.objects.filter(application__course=course, user__isnull=False).values_list(
        "application_id", "user_id"
    )
    excluded = {pk: {lead} for pk, lead in applications}
    for app_id, user_id in members:
        excluded.setdefault(app_id, set()).add(user_id)
    current = {pk: set() for pk, _ in applications}
    for app_id, reviewer_id, conflict in ReviewAssignment.objects.filter(application__course=course).values_list(
        "application_id", "reviewer_id", "conflict_declared_at"
    ):
        if app_id not in excluded:
            continue
        if conflict is None:
            current[app_id].add(reviewer_id)
        else:
            excluded[app_id].add(reviewer_id)
    return [AssignmentNeed(pk, frozenset(excluded[pk]), frozenset(current[pk])) for pk, _ in applications]


def reviewer_loads(course):
    """Active assignments per reviewer in this course (a withdrawn application counts for nobody)."""
    rows = (
        ReviewAssignment.objects.filter(
            application__course=course,
            conflict_declared_at__isnull=True,
            application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED,
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
    )
    return {row["reviewer_id"]: row["n"] for row in rows}


@transaction.atomic
def assign_reviewers_balanced(course, *, by=None):
    """Give every submitted application the course's number of reviewers, keeping loads even. Returns the count."""
    config = get_review_config(course)
    reviewer_ids = sorted(reviewers().values_list("pk", flat=True))
    plan = plan_balanced_assignment(
        _course_needs(course), reviewer_ids, config.reviews_per_application, reviewer_loads(course)
    )
    now = timezone.now()
    ReviewAssignment.objects.bulk_create(
        [ReviewAssignment(application_id=a, reviewer_id=r, assigned_by=by, assigned_at=now) for a, r in plan]
    )
    if plan:
        record_audit(
            course,
            by,
            "assign_balanced",
            course,
            after={"assignments": len(plan), "per_application": config.reviews_per_application},
        )
    return len(plan)


@transaction.atomic
def assign_reviewer(application, reviewer, *, by=None):
    """Assign one reviewer by hand. Refused for applicants, non-reviewers, conflicts and duplicates."""
    if not reviewers().filter(pk=reviewer.pk).exists():
        raise ReviewRefused(f"{reviewer} is not in the reviewers group.")
    if reviewer.pk in applicant_user_ids(application):
        raise ReviewRefused(gettext("A reviewer cannot review an application they are part of."))
    if application.status not in ApplicationStatus.COUNTS_AS_SUBMITTED:
        raise ReviewRefused(gettext("Only submitted applications can be reviewed."))
    existing = ReviewAssignment.objects.filter(application=application, reviewer=reviewer).first()
    if existing is not None:
        if existing.conflict_declared_at:
            raise ReviewRefused(f"{reviewer} declared a conflict of interest on this application.")
        raise ReviewRefused(f"{reviewer} is already assigned to this application.")
    try:
        with transaction.atomic():
            assignment = ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=by)
    except IntegrityError:
        raise ReviewRefused(f"{reviewer} is already assigned to this application.")
    record_audit(application.course, by, "assign_reviewer", application, after={"reviewer": reviewer.email})
    return assignment


@transaction.atomic
def declare_conflict(assignment, *, reason="", now=None):
    """The reviewer declares a conflict: the assignment ends, any review is withdrawn, another reviewer takes it.

    Returns the new assignment, or None when no eligible reviewer is left (facilitators then assign by hand).
    """
    assignment = (
        ReviewAssignment.objects.select_for_update().select_related("application__course").get(pk=assignment.pk)
    )
    if assignment.conflict_declared_at is not None:
        raise ReviewRefused(gettext("You already declared a conflict on this application."))
    application = assignment.application
    assignment.conflict_declared_at = now or timezone.now()
    assignment.conflict_reason = reason[:500]
    assignment.save(update_fields=["conflict_declared_at", "conflict_reason"])
    Review.objects.filter(assignment=assignment).delete()
    record_audit(
        application.course,
        assignment.reviewer,
        "declare_conflict",
        application,
        after={"reviewer": assignment.reviewer.email},
    )
    return _reassign(application, assignment)


def _reassign(application, ended):
    course = application.course
    taken = set(ReviewAssignment.objects.filter(application=application).values_list("reviewer_id", flat=True))
    excluded = taken | applicant_user_ids(application)
    loads = reviewer_loads(course)
    candidates = [r for r in reviewers().values_list("pk", flat=True) if r not in excluded]
    if not candidates:
        return None
    chosen = min(candidates, key=lambda r: (loads.get(r, 0), r))
    new = ReviewAssignment.objects.create(application=application, reviewer_id=chosen)
    record_audit(course, None, "reassign_after_conflict", application, after={"reviewer_id": chosen})
    return new


def active_assignments_for(reviewer):
    """A reviewer's queue, in a stable order: course, then application."""
    return (
        ReviewAssignment.objects.filter(reviewer=reviewer, conflict_declared_at__isnull=True)
        .filter(application__status__in=ApplicationStatus.COUNTS_AS_SUBMITTED)
        .select_related("application__course__review_config", "review")
        .order_by("application__course_id", "application_id")
    )


# --- Reviews ------------------------------------------------------------------------------------------------


def weighted_score(pairs):
    """Weighted mean of (weight, score) pairs, skipping abstentions (score None) and zero weights."""
    total_weight = sum(float(w) for w, s in pairs if s is not None)
    if total_weight <= 0:
        return None
    return sum(float(w) * s for w, s in pairs if s is not None) / total_weight


@transaction.atomic
def save_review(assignment, scores, comment="", *, confidence=None, now=None):
    """Save a reviewer's scores: ``scores`` maps criterion id → score or None (abstain) for every criterion;
    ``confidence`` (optional) is a ReviewConfidence value."""
    assignment = ReviewAssignment.objects.select_related("application__course").get(pk=assignment.pk)
    application = assignment.application
    course = application.course
    config = get_review_config(course)
    if application.status not in ApplicationStatus.COUNTS_AS_SUBMITTED:
        raise ReviewRefused(gettext("This application was withdrawn; it is no longer reviewed."))
    if assignment.conflict_declared_at is not None:
        raise ReviewRefused(gettext("You declared a conflict of interest on this application."))
    if config.is_frozen(now):
        raise ReviewRefused(gettext("The review period has ended; scores are frozen."))
    criteria = ensure_default_criteria(course)
    missing = [c.name for c in criteria if c.pk not in scores]
    if missing:
        raise ReviewRefused(gettext("Give a score or abstain for: %(criteria)s.") % {"criteria": ", ".join(missing)})
    for criterion in criteria:
        value = scores[criterion.pk]
        if value is not None and not (config.score_min <= value <= config.score_max):
            raise ReviewRefused(
                gettext("Scores go from %(low)s to %(high)s.") % {"low": config.score_min, "high": config.score_max}
            )
    review, _ = Review.objects.update_or_create(
        assignment=assignment,
        defaults={
            "application": application,
            "reviewer_id": assignment.reviewer_id,
            "comment": comment,
            "confidence": confidence or None,
            "weighted_score": weighted_score([(c.weight, scores[c.pk]) for c in criteria]),
        },
    )
    CriterionScore.objects.filter(review=review).delete()
    CriterionScore.objects.bulk_create(
        [CriterionScore(review=review, criterion=c, score=scores[c.pk]) for c in criteria]
    )
    return review


def recompute_weighted_scores(course):
    """After the weights change: recompute every review's stored weighted score."""
    criteria = {c.pk: c.weight for c in ReviewCriterion.objects.filter(course=course)}
    reviews = list(Review.objects.filter(application__course=course).prefetch_related("scores"))
    for review in reviews:
        review.weighted_score = weighted_score(
            [(criteria.get(s.criterion_id, 0), s.score) for s in review.scores.all()]
        )
    Review.objects.bulk_update(reviews, ["weighted_score"])
    return len(reviews)


def queue_neighbours(reviewer, application_id):
    """(previous_application_id, next_application_id, position, total) in the reviewer's queue."""
    ids = list(active_assignments_for(reviewer).values_list("application_id", flat=True))
    if application_id not in ids:
        return None, None, 0, len(ids)
    i = ids.index(application_id)
    previous = ids[i - 1] if i > 0 else None
    following = ids[i + 1] if i + 1 < len(ids) else None
    return previous, following, i + 1, len(ids)
