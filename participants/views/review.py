"""Reviewer views (queue, review form with previous/next, conflicts) and facilitators' review set-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from course.models import Course
from course.permissions import REVIEW, has_perm, is_facilitator, require_facilitator, require_perm
from participants.domain import review as review_domain
from participants.domain.answers import answer_rows_for_review
from participants.domain.blind import members_for_reviewer
from participants.domain.discussion import discussion_of, post_to_discussion
from participants.domain.review import SCIENTIST_FIRST
from participants.domain.reviewer_progress import reviewer_progress, send_review_reminders
from participants.models import Application, ApplicationMember, ReviewAssignment, ReviewConfig, ReviewCriterion
from participants.review_forms import (
    AssignReviewerForm,
    ConflictForm,
    CriterionFormSet,
    DiscussionForm,
    ReviewConfigForm,
    ReviewForm,
)


def facilitator_course(request, course_slug):
    """The course, for a facilitator; 404 for everyone else."""
    require_facilitator(request.user)
    return get_object_or_404(Course, slug=course_slug)


@login_required
def review_queue(request):
    require_perm(request.user, REVIEW)
    assignments = list(
        review_domain.active_assignments_for(request.user).prefetch_related(
            Prefetch("application__members", queryset=ApplicationMember.objects.order_by(*SCIENTIST_FIRST))
        )
    )
    done = sum(1 for a in assignments if _has_review(a))
    blind = {a.application.course_id for a in assignments if _reviews_blind(a.application.course)}
    return render(
        request,
        "participants/review/queue.html",
        {
            "assignments": [(a, _has_review(a)) for a in assignments],
            "blind_courses": blind,
            "done": done,
            "total": len(assignments),
        },
    )


def _reviews_blind(course):
    try:
        return course.review_config.blind_review  # read with the queue (select_related)
    except ReviewConfig.DoesNotExist:
        return False


def _has_review(assignment):
    try:
        return assignment.review is not None
    except ReviewAssignment.review.RelatedObjectDoesNotExist:
        return False


def _assigned_application(request, application_pk):
    application = get_object_or_404(Application.objects.select_related("course"), pk=application_pk)
    require_perm(request.user, "participants.review_application", application)
    assignment = ReviewAssignment.objects.get(
        application=application, reviewer=request.user, conflict_declared_at__isnull=True
    )
    return application, assignment


@login_required
def review_application(request, application_pk):
    application, assignment = _assigned_application(request, application_pk)
    course = application.course
    config = review_domain.get_review_config(course)
    criteria = review_domain.ensure_default_criteria(course)
    frozen = config.is_frozen()
    existing = getattr(assignment, "review", None) if _has_review(assignment) else None
    initial = {}
    if existing:
        initial["comment"] = existing.comment
        initial["confidence"] = existing.confidence
        for score in existing.scores.all():
            initial[f"criterion_{score.criterion_id}"] = "abstain" if score.score is None else str(score.score)
    previous_id, next_id, position, total = review_domain.queue_neighbours(request.user, application.pk)

    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria, config=config)
        if frozen:
            messages.error(request, gettext("The review period has ended; scores are frozen."))
        elif form.is_valid():
            try:
                review_domain.save_review(
                    assignment,
                    form.scores(),
                    form.cleaned_data["comment"],
                    confidence=form.cleaned_data.get("confidence"),
                )
            except review_domain.ReviewRefused as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request, gettext("Review of application #%(number)s saved.") % {"number": application.pk}
                )
                if "save_next" in request.POST and next_id:
                    return redirect("participants:review_application", next_id)
                return redirect("participants:review_application", application.pk)
    else:
        form = ReviewForm(initial=initial, criteria=criteria, config=config)
    members = members_for_reviewer(application, application.members.order_by(*SCIENTIST_FIRST))
    may_discuss = has_perm(request.user, "participants.discuss_application", application)
    return render(
        request,
        "participants/review/review_form.html",
        {
            "application": application,
            "course": course,
            "members": members,
            "blind": config.blind_review,
            "may_open_documents": has_perm(request.user, "participants.download_cv", application),
            "may_discuss": may_discuss,
            "discussion": list(discussion_of(application)) if may_discuss else [],
            "discussion_form": DiscussionForm(),
            "answer_rows": answer_rows_for_review(application, blind=config.blind_review),
            "form": form,
            "config": config,
            "frozen": frozen,
            "existing": existing,
            "previous_id": previous_id,
            "next_id": next_id,
            "position": position,
            "total": total,
            "conflict_form": ConflictForm(),
        },
    )


@login_required
@require_POST
def declare_conflict_view(request, application_pk):
    application, assignment = _assigned_application(request, application_pk)
    form = ConflictForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        review_domain.declare_conflict(assignment, reason=reason)
    except review_domain.ReviewRefused as refused:
        messages.error(request, refused.message)
        return redirect("participants:review_application", application.pk)
    messages.success(
        request,
        gettext("Conflict declared; application #%(number)s was handed to another reviewer.")
        % {"number": application.pk},
    )
    return redirect("participants:review_queue")


@login_required
def review_settings(request, course_slug):
    course = facilitator_course(request, course_slug)
    config = review_domain.get_review_config(course)
    review_domain.ensure_default_criteria(course)
    criteria_qs = ReviewCriterion.objects.filter(course=course)
    if request.method == "POST":
        form = ReviewConfigForm(request.POST, instance=config, course=course)
        formset = CriterionFormSet(request.POST, queryset=criteria_qs, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            with transaction.atomic():
                form.save()
                for criterion in formset.save(commit=False):
                    criterion.course = course
                    criterion.save()
                for deleted in formset.deleted_objects:
                    deleted.delete()
                review_domain.recompute_weighted_scores(course)
            messages.success(request, gettext("Review settings saved."))
            return redirect("participants:review_settings", course.slug)
    else:
        form = ReviewConfigForm(instance=config, course=course)
        formset = CriterionFormSet(queryset=criteria_qs, prefix="criteria")
    return render(request, "participants/review/settings.html", {"course": course, "form": form, "formset": formset})


@login_required
def assignments(request, course_slug):
    course = facilitator_course(request, course_slug)
    assign_form = AssignReviewerForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "auto":
            created = review_domain.assign_reviewers_balanced(course, by=request.user)
            messages.success(
                request,
                ngettext("%(count)d assignment added.", "%(count)d assignments added.", created) % {"count": created},
            )
            return redirect("participants:review_assignments", course.slug)
        assign_form = AssignReviewerForm(request.POST)
        if assign_form.is_valid():
            application = get_object_or_404(
                review_domain.reviewable_applications(course), pk=assign_form.cleaned_data["application"]
            )
            try:
                review_domain.assign_reviewer(application, assign_form.cleaned_data["reviewer"], by=request.user)
            except review_domain.ReviewRefused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(
                    request, gettext("Reviewer added to application #%(number)s.") % {"number": application.pk}
                )
            return redirect(reverse("participants:review_assignments", args=[course.slug]) + f"#app-{application.pk}")
        messages.error(request, gettext("Choose a reviewer."))
    config = review_domain.get_review_config(course)
    applications = (
        review_domain.reviewable_applications(course)
        .order_by("pk")
        .prefetch_related(
            Prefetch("members", queryset=ApplicationMember.objects.order_by(*SCIENTIST_FIRST)),
            Prefetch(
                "review_assignments",
                queryset=ReviewAssignment.objects.select_related("reviewer", "review").order_by("pk"),
            ),
        )
    )
    loads = (
        review_domain.reviewers()
        .annotate(
            load=Count(
                "review_assignments",
                filter=Q(
                    review_assignments__application__course=course,
                    review_assignments__conflict_declared_at__isnull=True,
                ),
            )
        )
        .order_by("email")
    )
    return render(
        request,
        "participants/review/assignments.html",
        {
            "course": course,
            "config": config,
            "applications": applications,
            "loads": loads,
            "assign_form": assign_form,
            "reviewer_choices": list(assign_form.fields["reviewer"].queryset),
        },
    )


@login_required
@require_POST
def discussion_post(request, application_pk):
    """Add to an application's discussion: its reviewers once they reviewed it, and the course team."""
    application = get_object_or_404(Application.objects.select_related("course"), pk=application_pk)
    require_perm(request.user, "participants.discuss_application", application)
    form = DiscussionForm(request.POST)
    if form.is_valid():
        try:
            post_to_discussion(application, request.user, form.cleaned_data["body"])
        except review_domain.ReviewRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, gettext("Added to the discussion."))
    else:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    if is_facilitator(request.user) and not has_perm(request.user, "participants.review_application", application):
        target = reverse("participants:selection_application", args=[application.course.slug, application.pk])
    else:
        target = reverse("participants:review_application", args=[application.pk])
    return redirect(target + "#discussion")


@login_required
def review_progress(request, course_slug):
    """Per-reviewer progress (assigned, done, overdue) and the reminder action."""
    course = facilitator_course(request, course_slug)
    if request.method == "POST":
        reviewer = request.POST.get("reviewer", "")
        only = {int(reviewer)} if reviewer.isascii() and reviewer.isdigit() and len(reviewer) < 12 else None
        queued = send_review_reminders(course, by=request.user, reviewer_ids=only)
        if queued:
            messages.success(
                request,
                ngettext(
                    "%(count)d reminder queued; see the outbox.", "%(count)d reminders queued; see the outbox.", queued
                )
                % {"count": queued},
            )
        else:
            messages.info(request, gettext("No reminder queued: nobody with work left, or reminded today already."))
        return redirect("participants:review_progress", course.slug)
    config = review_domain.read_review_config(course)
    return render(
        request,
        "participants/review/progress.html",
        {
            "course": course,
            "config": config,
            "progress": reviewer_progress(course, config=config),
        },
    )
