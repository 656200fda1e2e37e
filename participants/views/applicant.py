"""Applicant journey views: thin wiring from requests to participants.domain.

Object-level denial is a 404. htmx requests get a partial of the same template the full page is built from.
"""

from allauth.account.decorators import verified_email_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.form_fields import is_possible_pk
from course.models import Course
from course.permissions import is_facilitator, require_perm
from course.ratelimit import INVITATIONS, allow
from participants.domain.answers import answer_rows_for_review, attach_answer_file
from participants.domain.answers import save_answers as save_answers_of
from participants.domain.applications import (
    JOINT_STATEMENT_WORD_LIMIT,
    WORD_LIMITS,
    NotEligible,
    compute_member_progress,
    find_active_application,
    get_member,
    list_submission_problems,
    save_joint_statement,
    save_member_section,
    start_application,
    submit_application,
    withdraw_application,
)
from participants.domain.blind import neutral_cv_filename
from participants.domain.deadlines import can_edit_application, is_call_open, is_past_deadline
from participants.domain.documents import log_document_view
from participants.domain.errors import ApplicationRefused, InvitationRefused
from participants.domain.invitations import (
    accept_invitation,
    cancel_invitation,
    invite_partner,
    open_invitation,
    partner_role_for,
    resend_invitation,
)
from participants.domain.questions import questions_for
from participants.domain.referees import cancel_reference, request_reference
from participants.domain.uploads import attach_cv
from participants.enums import ApplicationStatus, QuestionKind, QuestionPurpose, QuestionScope, RefereeStatus
from participants.forms.applicant import (
    CvUploadForm,
    InvitePartnerForm,
    JointStatementForm,
    MemberSectionForm,
    RoleChoiceForm,
    SubmitApplicationForm,
)
from participants.forms.generated import AnswersForm, DocumentAnswerForm, RefereeRequestForm
from participants.models import Answer, Application, ApplicationMember, Question

TEMPLATE = "participants/application_detail.html"


def _applications_for(user, *, with_referees=True):
    prefetch = [
        Prefetch("members", queryset=ApplicationMember.objects.select_related("user")),
        "invitations",
        "late_codes",
        "answers",
    ]
    if with_referees:
        prefetch.append("referees")
    return (
        Application.objects.select_related("course", "lead", "decision")
        .prefetch_related(*prefetch)
        .filter(members__user=user)
    )


def _get_application(request, pk):
    """The application, only for one of its two members; anyone else gets a 404."""
    return get_object_or_404(_applications_for(request.user), pk=pk)


def _annotate(application, user, now, questions=()):
    """Attach what templates need (progress, partner, invitation) without further queries. ``questions``: the
    course's own application questions, which count towards progress like the standard fields."""
    members = list(application.members.all())
    answers = list(application.answers.all()) if questions else []
    for member in members:
        member.progress = compute_member_progress(member, questions, answers)
    application.me = next((m for m in members if m.user_id == user.pk), None)
    application.partner = next((m for m in members if m.user_id != user.pk), None)
    invitations = list(application.invitations.all())
    application.current_invitation = invitations[0] if invitations else None
    application.is_lead_user = application.lead_id == user.pk
    application.can_edit = can_edit_application(application, now)
    application.past_deadline = is_past_deadline(application.course, now)
    application.can_withdraw = application.status in ApplicationStatus.WITHDRAWABLE and not application.past_deadline
    return application


def _answers_context(application, me, questions, forms):
    """The course team's own questions on the application page: typed answers (one autosaved form), documents,
    referees. Member questions carry my answers, pair questions the pair's."""
    answers = list(application.answers.all())
    lookup = {(a.question_id, a.member_id): a for a in answers}
    mine = {a.question_id: a.value for a in answers if me is not None and a.member_id in (None, me.pk)}
    typed = [q for q in questions if q.kind != QuestionKind.DOCUMENT]
    documents = [
        (q, lookup.get((q.pk, me.pk if q.scope == QuestionScope.MEMBER and me else None)))
        for q in questions
        if q.kind == QuestionKind.DOCUMENT
    ]
    return {
        "answers_form": forms.get("answers_form") or AnswersForm(questions=typed, answers=mine),
        "documents": documents,
        "document_form": forms.get("document_form") or DocumentAnswerForm(),
        "document_error_for": forms.get("document_error_for"),
        "referees": [r for r in application.referees.all() if r.status != RefereeStatus.CANCELLED],
        "referee_form": forms.get("referee_form") or RefereeRequestForm(),
        "referees_required": application.course.referees_required,
        # Read-only, once the draft can no longer change: every answer of both members, formatted.
        "answer_rows": [] if application.can_edit else answer_rows_for_review(application),
    }


def _page_context(request, application, now, **forms):
    questions = questions_for(application.course, QuestionPurpose.APPLICATION)
    _annotate(application, request.user, now, questions)
    me = application.me
    draft = application.status == ApplicationStatus.DRAFT
    return {
        **_answers_context(application, me, questions, forms),
        "application": application,
        "course": application.course,
        "me": me,
        "partner": application.partner,
        "invitation": application.current_invitation,
        "problems": list_submission_problems(application, questions) if draft else [],
        "now": now,
        "section_form": forms.get("section_form") or MemberSectionForm(instance=me),
        "joint_form": forms.get("joint_form") or JointStatementForm(instance=application),
        "cv_form": forms.get("cv_form") or CvUploadForm(),
        "invite_form": forms.get("invite_form") or InvitePartnerForm(),
        "submit_form": forms.get("submit_form") or SubmitApplicationForm(),
    }


@login_required
def dashboard(request):
    now = timezone.now()
    applications = list(_applications_for(request.user, with_referees=False).order_by("-created_at"))
    questions_of = {}
    if applications:
        for question in Question.objects.filter(
            course__in={a.course_id for a in applications},
            purpose=QuestionPurpose.APPLICATION,
            retired_at__isnull=True,
        ).order_by("position", "pk"):
            questions_of.setdefault(question.course_id, []).append(question)
    for application in applications:
        _annotate(application, request.user, now, questions_of.get(application.course_id, ()))
    taken = [a.course_id for a in applications if a.status in ApplicationStatus.ACTIVE]
    open_calls = list(Course.objects.open_calls(now).exclude(pk__in=taken).order_by("deadline"))
    return render(
        request,
        "participants/dashboard.html",
        {"applications": applications, "open_calls": open_calls, "now": now},
    )


@verified_email_required
def start_application_view(request, course_slug):
    """The eligibility screen (when the course asks one) and the role, then the application starts. Answers
    that end the journey lead to a page that explains why, in the course team's words."""
    course = get_object_or_404(Course, slug=course_slug)
    existing = find_active_application(request.user, course)
    if existing is not None:
        messages.info(request, gettext("You already have an application for this course. Here it is."))
        return redirect("participants:application", existing.pk)
    now = timezone.now()
    screen = questions_for(course, QuestionPurpose.ELIGIBILITY)
    form = RoleChoiceForm(request.POST or None)
    eligibility_form = AnswersForm(request.POST or None, questions=screen, required=True) if screen else None
    if request.method == "POST" and form.is_valid() and (eligibility_form is None or eligibility_form.is_valid()):
        try:
            application = start_application(
                request.user,
                course,
                form.cleaned_data["role"],
                now=now,
                eligibility=eligibility_form.values if eligibility_form else None,
            )
        except NotEligible as refusal:
            return render(
                request, "participants/not_eligible.html", {"course": course, "reasons": refusal.reasons, "now": now}
            )
        except ApplicationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, gettext("Your application is started. Next: invite your partner and fill in your section.")
            )
            return redirect("participants:application", application.pk)
    return render(
        request,
        "participants/start.html",
        {
            "course": course,
            "form": form,
            "eligibility_form": eligibility_form,
            "now": now,
            "call_open": is_call_open(course, now),
        },
    )


@verified_email_required
def application_detail(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    return render(request, TEMPLATE, _page_context(request, application, now))


def _back_to(application, anchor=""):
    return redirect(reverse("participants:application", args=[application.pk]) + anchor)


def _answer_without_js(request, application, now, *, refusal, form, anchor, needs_a_look, saved):
    """After a plain form post: redirect when saved or refused, re-render with everything typed on errors."""
    if refusal:
        messages.error(request, refusal)
        return _back_to(application, anchor)
    form_name, bound_form = form
    if bound_form.errors:
        messages.warning(request, needs_a_look)
        return render(request, TEMPLATE, _page_context(request, application, now, **{form_name: bound_form}))
    messages.success(request, saved)
    return _back_to(application, anchor)


@require_POST
@verified_email_required
def save_section(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    me = get_member(application, request.user)
    form = MemberSectionForm(request.POST, instance=me)
    form.is_valid()
    refusal = None
    try:
        save_member_section(me, request.user, form.valid_changes(), now=now)
    except ApplicationRefused as exc:
        refusal = exc.message
        me.refresh_from_db()
    if request.htmx:
        _annotate(application, request.user, now)
        return render(
            request,
            f"{TEMPLATE}#section_saved",
            {"application": application, "me": application.me, "section_form": form, "refusal": refusal, "now": now},
        )
    return _answer_without_js(
        request,
        application,
        now,
        refusal=refusal,
        form=("section_form", form),
        anchor="#my-section",
        needs_a_look=gettext("Some answers need a look (see below). Everything else is saved."),
        saved=gettext("Your section is saved."),
    )


@require_POST
@verified_email_required
def save_joint(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    form = JointStatementForm(request.POST, instance=application)
    refusal = None
    if form.is_valid():
        try:
            save_joint_statement(application, request.user, form.cleaned_data["joint_statement"], now=now)
        except ApplicationRefused as exc:
            refusal = exc.message
    if request.htmx:
        return render(
            request,
            f"{TEMPLATE}#joint_saved",
            {"joint_form": form, "refusal": refusal, "now": now, "course": application.course},
        )
    if form.errors:
        application.refresh_from_db()  # the form put the refused text on the instance; the page shows it from the form
    return _answer_without_js(
        request,
        application,
        now,
        refusal=refusal,
        form=("joint_form", form),
        anchor="#joint-statement",
        needs_a_look=gettext("The joint statement needs a look (see below). It was not saved yet."),
        saved=gettext("The joint statement is saved."),
    )


@require_POST
@verified_email_required
def upload_cv(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    me = get_member(application, request.user)
    form = CvUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attach_cv(me, request.user, form.cleaned_data["cv"], now=now)
        except ApplicationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, gettext("Your CV is uploaded."))
        return _back_to(application, "#my-cv")
    return render(request, TEMPLATE, _page_context(request, application, now, cv_form=form))


@login_required
def download_cv(request, pk, member_pk):
    """The two applicants, facilitators and the assigned reviewers (rule participants.download_cv); everyone else
    gets a 404, even for a real file. Every download is logged (participants.DocumentView) for the course team;
    reviewers get a neutral filename, so a blind review never learns a name from it."""
    member = get_object_or_404(
        ApplicationMember.objects.select_related("application__course"), pk=member_pk, application_id=pk
    )
    require_perm(request.user, "participants.download_cv", member.application)
    if not member.cv:
        raise Http404
    try:
        handle = member.cv.open("rb")
    except FileNotFoundError:
        raise Http404
    log_document_view(member, request.user)
    if is_facilitator(request.user) or member.application.members.filter(user=request.user).exists():
        filename = member.cv_display_name or "cv.pdf"
    else:
        filename = neutral_cv_filename(member.application_id, member.role)
    if not filename.lower().endswith(".pdf"):
        # Saved as "cv.html" or "cv.svg", a file that only starts like a PDF would open in a browser from disk.
        filename += ".pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@verified_email_required
def invite(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    form = InvitePartnerForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, _page_context(request, application, now, invite_form=form))
    if not allow(INVITATIONS, request.user.pk):
        form.add_error("email", INVITATIONS.message)
        return render(request, TEMPLATE, _page_context(request, application, now, invite_form=form), status=429)
    try:
        invitation, _token = invite_partner(application, request.user, form.cleaned_data["email"], now=now)
    except ApplicationRefused as refusal:
        form.add_error("email", refusal.message)
        return render(request, TEMPLATE, _page_context(request, application, now, invite_form=form))
    messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": invitation.email})
    return _back_to(application, "#partner")


def _invitation_of(application, invitation_pk):
    for invitation in application.invitations.all():
        if invitation.pk == invitation_pk:
            return invitation
    raise Http404


@require_POST
@verified_email_required
def resend(request, pk, invitation_pk):
    application = _get_application(request, pk)
    invitation = _invitation_of(application, invitation_pk)
    if not allow(INVITATIONS, request.user.pk):
        messages.error(request, INVITATIONS.message)
        return _back_to(application, "#partner")
    try:
        resend_invitation(invitation, request.user)
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            gettext("A new invitation link was sent to %(email)s. The old link no longer works.")
            % {"email": invitation.email},
        )
    return _back_to(application, "#partner")


@require_POST
@verified_email_required
def cancel(request, pk, invitation_pk):
    application = _get_application(request, pk)
    invitation = _invitation_of(application, invitation_pk)
    try:
        cancel_invitation(invitation, request.user)
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            gettext("The invitation to %(email)s is cancelled. You can invite someone else.")
            % {"email": invitation.email},
        )
    return _back_to(application, "#partner")


@require_POST
@verified_email_required
def submit(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    form = SubmitApplicationForm(request.POST)
    form.is_valid()
    try:
        submit_application(
            application,
            request.user,
            now=now,
            late_code=form.cleaned_data.get("late_code"),
        )
    except ApplicationRefused as refusal:
        form.add_error(None, refusal.message)
        messages.error(request, refusal.message)
        application.refresh_from_db()
        return render(request, TEMPLATE, _page_context(request, application, now, submit_form=form))
    messages.success(request, gettext("Your application is submitted. We have emailed you both a confirmation."))
    return _back_to(application)


@require_POST
@verified_email_required
def withdraw(request, pk):
    application = _get_application(request, pk)
    try:
        withdraw_application(application, request.user)
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
        return _back_to(application)
    messages.success(request, gettext("Your application is withdrawn."))
    return redirect("participants:dashboard")


def invitation(request, token):
    """The link in the invitation email. Opening it marks it opened; accepting needs the invited, verified address."""
    now = timezone.now()
    try:
        invitation = open_invitation(token, now=now)
    except InvitationRefused as refusal:
        return render(request, "participants/invitation_refused.html", {"reason": refusal.message}, status=410)
    application = invitation.application
    email_matches = False
    email_verified = False
    if request.user.is_authenticated:
        address = EmailAddress.objects.filter(user=request.user, email__iexact=invitation.email).first()
        email_matches = address is not None
        email_verified = bool(address and address.verified)
    default_role = partner_role_for(application)
    form = RoleChoiceForm(request.POST or None, initial={"role": default_role})
    form.fields["role"].label = gettext("I join as the")
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        try:
            accept_invitation(token, request.user, role=form.cleaned_data["role"], now=now)
        except InvitationRefused as refusal:
            return render(request, "participants/invitation_refused.html", {"reason": refusal.message}, status=410)
        except ApplicationRefused as refusal:
            form.add_error("role", refusal.message)
        else:
            messages.success(
                request, gettext("Welcome aboard! You have joined the application. Please fill in your section.")
            )
            return redirect(reverse("participants:application", args=[application.pk]) + "#my-section")
    return render(
        request,
        "participants/invitation.html",
        {
            "invitation": invitation,
            "application": application,
            "course": application.course,
            "token": token,
            "form": form,
            "email_matches": email_matches,
            "email_verified": email_verified,
            "default_role": default_role,
            "now": now,
        },
    )


# --- The course team's own questions, documents and referees ---------------------------------------------------


@require_POST
@verified_email_required
def save_answers(request, pk):
    """Autosave (htmx) or plain post of the typed answers; every valid answer is kept, the others come back
    with the reason and what was typed."""
    now = timezone.now()
    application = _get_application(request, pk)
    questions = [q for q in questions_for(application.course, QuestionPurpose.APPLICATION) if q.kind != "document"]
    form = AnswersForm(request.POST, questions=questions)
    form.is_valid()
    refusal = None
    try:
        save_answers_of(application, request.user, form.valid_raw_values(), now=now)
    except ApplicationRefused as exc:
        refusal = exc.message
    if request.htmx:
        return render(
            request,
            f"{TEMPLATE}#answers_saved",
            {"answers_form": form, "refusal": refusal, "now": now, "course": application.course},
        )
    application = _get_application(request, pk)  # fresh answers for the page
    return _answer_without_js(
        request,
        application,
        now,
        refusal=refusal,
        form=("answers_form", form),
        anchor="#questions",
        needs_a_look=gettext("Some answers need a look (see below). Everything else is saved."),
        saved=gettext("Your answers are saved."),
    )


@require_POST
@verified_email_required
def upload_document(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    form = DocumentAnswerForm(request.POST, request.FILES)
    question = None
    if "question" in request.POST and is_possible_pk(request.POST["question"]):
        question = Question.objects.filter(
            pk=int(request.POST["question"]), course=application.course, kind=QuestionKind.DOCUMENT
        ).first()
    if question is None:
        messages.error(request, gettext("This document is not asked for in this application."))
        return _back_to(application, "#documents")
    if form.is_valid():
        try:
            attach_answer_file(application, request.user, question, form.cleaned_data["document"], now=now)
        except ApplicationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, gettext("“%(document)s” is uploaded.") % {"document": question.label})
        return _back_to(application, "#documents")
    return render(
        request, TEMPLATE, _page_context(request, application, now, document_form=form, document_error_for=question.pk)
    )


@login_required
def download_document(request, pk, answer_pk):
    """The two applicants and facilitators only (as CVs); an attachment, never shown inline."""
    answer = get_object_or_404(Answer.objects.select_related("application"), pk=answer_pk, application_id=pk)
    require_perm(request.user, "participants.download_document", answer.application)
    if not answer.file:
        raise Http404
    try:
        handle = answer.file.open("rb")
    except FileNotFoundError:
        raise Http404
    filename = answer.display_file_name
    if not filename.lower().endswith(".pdf"):
        filename += ".pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@verified_email_required
def request_referee(request, pk):
    now = timezone.now()
    application = _get_application(request, pk)
    form = RefereeRequestForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, _page_context(request, application, now, referee_form=form))
    if not allow(INVITATIONS, request.user.pk):
        form.add_error("email", INVITATIONS.message)
        return render(request, TEMPLATE, _page_context(request, application, now, referee_form=form), status=429)
    try:
        referee, _token = request_reference(
            application,
            request.user,
            form.cleaned_data["name"],
            form.cleaned_data["email"],
            now=now,
        )
    except ApplicationRefused as refusal:
        form.add_error("email", refusal.message)
        return render(request, TEMPLATE, _page_context(request, application, now, referee_form=form))
    messages.success(request, gettext("We have asked %(name)s for a letter.") % {"name": referee.name})
    return _back_to(application, "#referees")


@require_POST
@verified_email_required
def cancel_referee(request, pk, referee_pk):
    application = _get_application(request, pk)
    referee = next((r for r in application.referees.all() if r.pk == referee_pk), None)
    if referee is None:
        raise Http404
    try:
        cancel_reference(referee, request.user)
    except ApplicationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            gettext("The request to %(name)s is cancelled; their link no longer works.") % {"name": referee.name},
        )
    return _back_to(application, "#referees")


def prepare(request, course_slug):
    """Public: every question, document and word limit of the application, to read before signing up."""
    course = get_object_or_404(Course, slug=course_slug)
    return render(
        request,
        "participants/prepare.html",
        {
            "course": course,
            "eligibility": questions_for(course, QuestionPurpose.ELIGIBILITY),
            "questions": questions_for(course, QuestionPurpose.APPLICATION),
            "standard_limits": WORD_LIMITS,
            "joint_limit": JOINT_STATEMENT_WORD_LIMIT,
            "now": timezone.now(),
        },
    )
