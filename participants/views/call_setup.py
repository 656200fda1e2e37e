"""The course team's call pages: the edition and its call, the question builder (eligibility, application and
follow-up forms), late-submission codes, copying an edition. Facilitators only (the one gate); every change goes
through participants.domain (call_setup, questions, followups), which writes the audit log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.forms import EditionForm
from course.models import Course
from course.permissions import facilitator_required, require_facilitator
from participants.domain import call_setup, followups
from participants.domain import questions as builder
from participants.domain.errors import ApplicationRefused
from participants.enums import QuestionPurpose
from participants.forms.call_setup import (
    CopyEditionForm,
    FollowUpFormForm,
    LateCodeForm,
    QuestionForm,
    default_late_code_until,
)
from participants.models import FollowUpForm, LateSubmissionCode, Question, RefereeRequest
from participants.views.review import facilitator_course

BUILDER_PURPOSES = {"eligibility": QuestionPurpose.ELIGIBILITY, "application": QuestionPurpose.APPLICATION}


def _setup_url(course, anchor=""):
    return reverse("participants:call_setup", args=[course.slug]) + anchor


def _questions(course, purpose, followup_form=None):
    qs = Question.objects.filter(course=course, purpose=purpose).annotate(answer_count=Count("answers"))
    if followup_form is not None:
        qs = qs.filter(followup_form=followup_form)
    return list(qs.select_related("condition_question").order_by("position", "pk"))


@login_required
def setup_page(request, course_slug):
    course = facilitator_course(request, course_slug)
    forms_ = list(FollowUpForm.objects.filter(course=course).annotate(question_count=Count("questions")))
    return render(
        request,
        "participants/call/setup.html",
        {
            "course": course,
            "now": timezone.now(),
            "eligibility_questions": _questions(course, QuestionPurpose.ELIGIBILITY),
            "application_questions": _questions(course, QuestionPurpose.APPLICATION),
            "followup_forms": forms_,
        },
    )


@facilitator_required
def new_edition(request):
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = call_setup.save_edition(form, request.user)
        messages.success(request, f"{course.title} is created. Its call is closed until you open it.")
        return redirect(_setup_url(course))
    return render(request, "participants/call/edition.html", {"form": form, "course": None})


@login_required
def edit_edition(request, course_slug):
    course = facilitator_course(request, course_slug)
    form = EditionForm(request.POST or None, instance=course)
    if request.method == "POST":
        if form.is_valid():
            course = call_setup.save_edition(form, request.user)
            messages.success(request, gettext("The edition is saved."))
            return redirect(_setup_url(course))
        messages.warning(request, gettext("Some fields need a look (see below). Nothing was saved yet."))
        course = Course.objects.get(pk=course.pk)  # the form changed the instance; headings show the stored one
    return render(request, "participants/call/edition.html", {"form": form, "course": course})


@login_required
@require_POST
def toggle_call(request, course_slug):
    course = facilitator_course(request, course_slug)
    close = request.POST.get("action") == "close"
    call_setup.set_call_closed(course, close, request.user)
    messages.success(request, "The call is closed: nobody can start an application." if close else "The call is open.")
    return redirect(_setup_url(course))


def _question_page(request, course, form, *, question=None, purpose, followup_form=None, status=200):
    return render(
        request,
        "participants/call/question.html",
        {
            "course": course,
            "form": form,
            "question": question,
            "purpose": purpose,
            "followup_form": followup_form,
            "answer_count": question.answers.count() if question else 0,
        },
        status=status,
    )


def _back_to_form(course, purpose, followup_form=None):
    if followup_form is not None:
        return redirect(reverse("participants:call_followup", args=[course.slug, followup_form.pk]))
    return redirect(_setup_url(course, f"#{purpose}-questions"))


@login_required
def add_question(request, course_slug, purpose):
    course = facilitator_course(request, course_slug)
    if purpose not in BUILDER_PURPOSES:
        raise Http404
    return _add_question(request, course, BUILDER_PURPOSES[purpose])


@login_required
def add_followup_question(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    followup_form = get_object_or_404(FollowUpForm, course=course, pk=pk)
    return _add_question(request, course, QuestionPurpose.FOLLOWUP, followup_form)


def _add_question(request, course, purpose, followup_form=None):
    form = QuestionForm(request.POST or None, course=course, purpose=purpose)
    if request.method == "POST" and form.is_valid():
        try:
            question = builder.add_question(
                course, request.user, purpose=purpose, followup_form=followup_form, **form.builder_fields()
            )
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, f"Question “{question.label}” added.")
            return _back_to_form(course, purpose, followup_form)
    return _question_page(
        request, course, form, purpose=purpose, followup_form=followup_form, status=200 if not form.errors else 400
    )


@login_required
def edit_question(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    question = get_object_or_404(Question.objects.select_related("followup_form"), course=course, pk=pk)
    form = QuestionForm(request.POST or None, course=course, purpose=question.purpose, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            builder.update_question(question, request.user, **form.builder_fields())
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.message)
            question.refresh_from_db()
        else:
            messages.success(request, gettext("The question is saved."))
            return _back_to_form(course, question.purpose, question.followup_form)
    return _question_page(
        request,
        course,
        form,
        question=question,
        purpose=question.purpose,
        followup_form=question.followup_form,
        status=200 if not form.errors else 400,
    )


QUESTION_ACTIONS = {
    "retire": (builder.retire_question, "Retired: it no longer shows in forms; its answers are kept."),
    "restore": (builder.restore_question, "Restored to the form."),
    "delete": (builder.delete_question, "Deleted."),
}


@login_required
@require_POST
def question_action(request, course_slug, pk, action):
    course = facilitator_course(request, course_slug)
    question = get_object_or_404(Question.objects.select_related("followup_form"), course=course, pk=pk)
    followup_form, purpose = question.followup_form, question.purpose
    try:
        if action in ("up", "down"):
            builder.move_question(question, request.user, action)
        elif action in QUESTION_ACTIONS:
            do, said = QUESTION_ACTIONS[action]
            do(question, request.user)
            messages.success(request, said)
        else:
            raise Http404
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    return _back_to_form(course, purpose, followup_form)


# --- Late-submission codes -----------------------------------------------------------------------------------


@login_required
def late_codes(request, course_slug):
    course = facilitator_course(request, course_slug)
    drafts = call_setup.drafts_of(course)
    form = LateCodeForm(
        request.POST or None, course=course, drafts=drafts, initial={"valid_until": default_late_code_until(course)}
    )
    new_code = None
    if request.method == "POST" and form.is_valid():
        try:
            new_code = call_setup.create_late_code(
                form.cleaned_data["application"], request.user, form.cleaned_data["valid_until"]
            )
        except ApplicationRefused as refusal:
            form.add_error(None, refusal.message)
    return render(
        request,
        "participants/call/late_codes.html",
        {
            "course": course,
            "form": form,
            "new_code": new_code,
            "new_code_for": form.cleaned_data.get("application") if new_code else None,
            "codes": call_setup.late_codes(course),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke_late_code(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    code = get_object_or_404(LateSubmissionCode.objects.select_related("application__course"), pk=pk)
    if code.application.course_id != course.pk:
        raise Http404
    try:
        call_setup.revoke_late_code(code, request.user)
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"The code for application #{code.application_id} no longer works.")
    return redirect(reverse("participants:call_late_codes", args=[course.slug]))


@login_required
def copy_edition(request, course_slug):
    course = facilitator_course(request, course_slug)
    form = CopyEditionForm(
        request.POST or None,
        initial={"title": f"{course.title} (copy)", "slug": f"{course.slug}-next"[:50], "shift_days": 364},
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = call_setup.copy_edition(course, request.user, **form.cleaned_data)
        except ApplicationRefused as refusal:
            form.add_error("slug", refusal.message)
        else:
            messages.success(
                request, f"{copy.title} is created from {course.title}. Its call stays closed until you open it."
            )
            return redirect(_setup_url(copy))
    return render(
        request, "participants/call/copy.html", {"course": course, "form": form}, status=400 if form.errors else 200
    )


# --- Follow-up forms ------------------------------------------------------------------------------------------


@login_required
def add_followup_form(request, course_slug):
    course = facilitator_course(request, course_slug)
    form = FollowUpFormForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        created = followups.create_followup_form(course, request.user, **form.cleaned_data)
        messages.success(request, f"“{created.title}” is created. Now add its questions.")
        return redirect(reverse("participants:call_followup", args=[course.slug, created.pk]))
    return render(
        request,
        "participants/call/followup_form.html",
        {"course": course, "form": form, "followup_form": None},
        status=400 if form.errors else 200,
    )


@login_required
def followup_form_detail(request, course_slug, pk):
    course = facilitator_course(request, course_slug)
    followup_form = get_object_or_404(FollowUpForm, course=course, pk=pk)
    form = FollowUpFormForm(request.POST or None, course=course, instance=followup_form)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "key"}
        followups.update_followup_form(followup_form, request.user, **data)
        messages.success(request, gettext("The follow-up form is saved."))
        return redirect(reverse("participants:call_followup", args=[course.slug, followup_form.pk]))
    return render(
        request,
        "participants/call/followup_form.html",
        {
            "course": course,
            "form": form,
            "followup_form": followup_form,
            "questions": _questions(course, QuestionPurpose.FOLLOWUP, followup_form),
            "status_rows": followups.status_rows(followup_form),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def download_letter(request, course_slug, pk):
    """A referee's letter: the course team only, as an attachment (never rendered by the browser)."""
    require_facilitator(request.user)
    referee = get_object_or_404(RefereeRequest, pk=pk, application__course__slug=course_slug)
    if not referee.letter:
        raise Http404
    try:
        handle = referee.letter.open("rb")
    except FileNotFoundError:
        raise Http404
    name = referee.letter_name or "letter.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
