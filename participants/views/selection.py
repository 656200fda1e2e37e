"""Facilitators' selection pages (board, decisions, release, emails, outbox, audit, cohort, exports) and the
applicants' attendance confirmation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from course.permissions import require_perm
from participants.domain import exports
from participants.domain import selection as sel
from participants.domain.answers import answer_rows_for_review
from participants.domain.audit import audit_entries
from participants.domain.discussion import discussion_of
from participants.domain.documents import document_views
from participants.domain.income import classify, regions, source_note
from participants.domain.outbox import outbox_of, retry_failed_mails
from participants.domain.review import SCIENTIST_FIRST, get_review_config, reviewable_applications
from participants.enums import DecisionMailKind, OutboxStatus, RefereeStatus
from participants.models import Application, ApplicationMember, AuditLogEntry, OutboxMail, Review
from participants.review_forms import BoardFilterForm, DecisionEmailTemplateForm, DiscussionForm, StageDecisionForm
from participants.views.review import facilitator_course

BOARD_PAGE_SIZE = 100  # ranked rows per page; the balance figures always cover the whole course


def _filters(request, board_rows, questions=()):
    codes = {c for r in board_rows for c in r.countries}
    countries = sorted(((c, classify(c).name) for c in codes), key=lambda pair: pair[1])
    form = BoardFilterForm(request.GET or None, regions=regions(), countries=countries, questions=questions)
    if form.is_valid():
        data = form.cleaned_data
        return form, sel.BoardFilters(
            country=data["country"],
            region=data["region"],
            cross_country=data["cross_country"],
            flagged=data["flagged"],
            decision=data["decision"],
            needs_discussion=data["needs_discussion"],
            low_confidence=data["low_confidence"],
            answer=form.answer_filter(),
            sort=form.sort_key(),
            sort_question=form.sort_question(),
        )
    return form, sel.BoardFilters()


@gzip_page  # the one heavy team page (about 3 KB a row): compressed, padded against BREACH (docs/deploy.md)
@login_required
def board(request, course_slug):
    course = facilitator_course(request, course_slug)
    data = sel.build_board(course)
    form, filters = _filters(request, data.all_rows, data.questions)
    filtered = filters.apply(data.all_rows)
    page = Paginator(filtered, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    data.rows = page.object_list
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "course": course,
        "board": data,
        "page": page,
        "matching": len(filtered),
        "query": query.urlencode(),
        "filter_form": form,
        "income_source": source_note(),
    }
    if request.htmx and request.htmx.target == "board-rows":
        return render(request, "participants/selection/board.html#rows", context)
    return render(request, "participants/selection/board.html", context)


@login_required
@require_POST
def stage_decision_view(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    application = get_object_or_404(reviewable_applications(course), pk=pk)
    error = None
    if "flag" in request.POST:
        sel.set_flag(application, request.POST["flag"] == "1", by=request.user)
    else:
        form = StageDecisionForm(request.POST)
        if form.is_valid():
            try:
                sel.stage_decision(
                    application,
                    form.cleaned_data["outcome"],
                    by=request.user,
                    waitlist_position=form.cleaned_data["waitlist_position"],
                )
            except sel.SelectionRefused as refused:
                error = refused.message
        else:
            error = gettext("Choose accept, waitlist, reject or undecided.")
    if request.htmx:
        data = sel.build_board(course)
        row = next(r for r in data.all_rows if r.application.pk == application.pk)
        return render(
            request,
            "participants/selection/board.html#row_update",
            {"course": course, "board": data, "row": row, "row_error": error},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            gettext("Decision on application #%(number)s staged (not yet released).") % {"number": application.pk},
        )
    return redirect(reverse("participants:selection_board", args=[course.slug]) + f"#app-{application.pk}")


@login_required
def application_detail(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    application = get_object_or_404(reviewable_applications(course).select_related("decision"), pk=pk)
    row = sel.board_rows(course, application_ids=[application.pk])[0]
    reviews = (
        Review.objects.filter(application=application)
        .select_related("reviewer")
        .prefetch_related("scores__criterion")
        .order_by("pk")
    )
    history = AuditLogEntry.objects.filter(course=course, object_type="application", object_id=str(application.pk))
    return render(
        request,
        "participants/selection/application.html",
        {
            "course": course,
            "application": application,
            "row": row,
            "members": application.members.order_by(*SCIENTIST_FIRST),
            "answer_rows": answer_rows_for_review(application),
            "referees": [r for r in application.referees.all() if r.status != RefereeStatus.CANCELLED],
            "reviews": reviews,
            "history": history.select_related("actor")[:50],
            "document_views": document_views(application),
            "may_discuss": True,
            "discussion": discussion_of(application),
            "discussion_form": DiscussionForm(),
            "assignments": application.review_assignments.select_related("reviewer"),
        },
    )


@login_required
def release(request, course_slug):
    course = facilitator_course(request, course_slug)
    if request.method == "POST":
        try:
            result = sel.release_decisions(course, by=request.user)
        except sel.SelectionRefused as refused:
            messages.error(request, refused.message)
            return redirect("participants:selection_release", course.slug)
        if result.released:
            messages.success(
                request,
                ngettext("%(count)d decision released;", "%(count)d decisions released;", result.released)
                % {"count": result.released}
                + " "
                + ngettext("%(count)d email queued.", "%(count)d emails queued.", result.mails)
                % {"count": result.mails},
            )
        else:
            messages.info(request, gettext("Nothing to release: no staged decisions. No email was sent."))
        return redirect("participants:selection_outbox", course.slug)
    staged = list(sel.staged_decisions(course).prefetch_related("application__members").order_by("outcome", "pk"))
    return render(
        request,
        "participants/selection/release.html",
        {
            "course": course,
            "staged": staged,
            "held": sel.places_held(course),
            "accepts": sum(1 for d in staged if d.outcome == "accept"),
            "confirm_by": sel.default_confirm_by(course, timezone.now()),
        },
    )


@login_required
def email_templates(request, course_slug):
    course = facilitator_course(request, course_slug)
    previews = [(kind, *sel.preview_decision_mail(course, kind)) for kind in DecisionMailKind]
    return render(
        request,
        "participants/selection/emails.html",
        {"course": course, "previews": previews, "placeholders": sel.PLACEHOLDERS},
    )


@login_required
def email_template_edit(request, course_slug, kind):
    course = facilitator_course(request, course_slug)
    if kind not in DecisionMailKind.values:
        raise Http404
    kind = DecisionMailKind(kind)
    subject, body = sel.decision_template(course, kind)
    if request.method == "POST":
        form = DecisionEmailTemplateForm(request.POST)
        if form.is_valid():
            sel.save_decision_template(
                course, kind, form.cleaned_data["subject"], form.cleaned_data["body"], by=request.user
            )
            messages.success(request, gettext("“%(kind)s” email saved.") % {"kind": kind.label})
            return redirect("participants:selection_email_edit", course.slug, kind.value)
    else:
        form = DecisionEmailTemplateForm(initial={"subject": subject, "body": body})
    preview_subject, preview_body = sel.preview_decision_mail(course, kind)
    return render(
        request,
        "participants/selection/email_edit.html",
        {
            "course": course,
            "kind": kind,
            "form": form,
            "preview_subject": preview_subject,
            "preview_body": preview_body,
            "placeholders": sel.PLACEHOLDERS,
        },
    )


@login_required
def outbox(request, course_slug):
    course = facilitator_course(request, course_slug)
    if request.method == "POST":
        count = retry_failed_mails(course)
        messages.success(
            request,
            ngettext("%(count)d failed email queued again.", "%(count)d failed emails queued again.", count)
            % {"count": count},
        )
        return redirect("participants:selection_outbox", course.slug)
    mails = outbox_of(course)
    failed = OutboxMail.objects.filter(course=course, status=OutboxStatus.FAILED).exists()
    return render(request, "participants/selection/outbox.html", {"course": course, "mails": mails, "failed": failed})


@login_required
def audit_log(request, course_slug):
    course = facilitator_course(request, course_slug)
    return render(request, "participants/selection/audit.html", {"course": course, "entries": audit_entries(course)})


@login_required
def cohort_view(request, course_slug):
    course = facilitator_course(request, course_slug)
    if request.method == "POST":
        created = sel.build_cohort(course)
        messages.success(
            request,
            ngettext("%(count)d pair added to the cohort.", "%(count)d pairs added to the cohort.", created)
            % {"count": created},
        )
        return redirect("participants:selection_cohort", course.slug)
    pending = (
        Application.objects.filter(course=course, status="accepted")
        .prefetch_related("members__attendance_response")
        .select_related("decision")
        .order_by("pk")
    )
    return render(
        request,
        "participants/selection/cohort.html",
        {"course": course, "pairs": sel.cohort(course), "pending": pending},
    )


def _csv_response(content, filename):
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export_applications(request, course_slug):
    course = facilitator_course(request, course_slug)
    return _csv_response(exports.applications_csv(course), f"{course.slug}-applications.csv")


@login_required
def export_applications_json(request, course_slug):
    course = facilitator_course(request, course_slug)
    response = HttpResponse(exports.applications_json(course), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-applications.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_cohort(request, course_slug):
    course = facilitator_course(request, course_slug)
    return _csv_response(exports.cohort_csv(course), f"{course.slug}-cohort.csv")


@login_required
def confirm_attendance(request, pk):
    """A member of an accepted pair confirms or declines. Shows only the application's status, never reviews."""
    application = get_object_or_404(
        Application.objects.select_related("course").prefetch_related(
            Prefetch("members", queryset=ApplicationMember.objects.select_related("user"))
        ),
        pk=pk,
    )
    require_perm(request.user, "participants.answer_attendance", application)
    if request.method == "POST":
        try:
            outcome = sel.answer_attendance(application, request.user, request.POST.get("answer", ""))
        except sel.SelectionRefused as refused:
            messages.error(request, refused.message)
        else:
            text = {
                "confirmed": gettext("Both of you have confirmed: welcome to the course!"),
                "declined": gettext("You declined the place. Thank you for letting us know."),
            }.get(outcome, gettext("Thank you: your confirmation is recorded. We are waiting for your partner."))
            messages.success(request, text)
        return redirect("participants:confirm_attendance", application.pk)
    application.refresh_from_db(fields=["status"])
    released = getattr(application, "decision", None)
    confirm_by = released.confirm_by if released and released.released_at else None
    waitlist_position = released.waitlist_position if released and released.released_at else None
    answers = sel.attendance_state(application)
    mine = next((resp for m, resp in answers if m.user_id == request.user.pk), None)
    return render(
        request,
        "participants/confirm_attendance.html",
        {
            "application": application,
            "course": application.course,
            "answers": answers,
            "mine": mine,
            "confirm_by": confirm_by,
            "waitlist_position": waitlist_position,
            "can_answer": application.status == "accepted",
            "review_config": get_review_config(application.course),
        },
    )
