"""What a participant sees: their record and open questionnaires, answering, consent, follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from course.models import Course
from course.permissions import is_facilitator, require_perm
from evaluation.domain.answers import initial_values, own_response, participant_in, submit_response, window_refusal
from evaluation.domain.errors import EvaluationError
from evaluation.domain.follow_up import (
    decline_follow_up,
    record_consent,
    refusal_for,
    submit_follow_up,
    withdraw_consent,
)
from evaluation.domain.queries.learner import learner_records, other_side_record
from evaluation.domain.session_feedback import (
    expected_participants,
    feedback_instrument,
    feedback_refusal,
    speaker_from_token,
    speaker_view,
    submit_session_feedback,
)
from evaluation.domain.statistics import min_cell
from evaluation.enums import InstrumentPurpose
from evaluation.forms import AnswerForm, ConsentForm, FollowUpForm
from evaluation.models import FollowUpRequest, Instrument
from programme.models import Session
from simulations.enums import RunState
from simulations.models import Run

from .common import course_or_404


@login_required
def home(request):
    """The participant's own record across editions, with what is open for them now."""
    records = learner_records(request.user)
    context = {
        "records": records,
        "other_side": other_side_record(request.user) if records else None,
        "team_courses": list(Course.objects.only("slug", "title")) if is_facilitator(request.user) else [],
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/home.html", context)


def _subject_run(request, instrument, participant):
    """The run an after-run survey is about (?run=), which the participant's pair must have played."""
    if instrument.purpose != InstrumentPurpose.RUN_SURVEY:
        return None
    raw = request.GET.get("run") or request.POST.get("run") or ""
    if not raw.isdigit() or len(raw) > 18:
        raise Http404("Which table?")
    return get_object_or_404(
        Run, pk=int(raw), course_id=instrument.course_id, state=RunState.FINISHED, seats__pair_id=participant.pair_id
    )


@login_required
def answer(request, instrument_id):
    instrument = get_object_or_404(Instrument.objects.select_related("course"), pk=instrument_id)
    participant = participant_in(request.user, instrument.course)
    if participant is None:
        raise Http404("Not a participant of this edition.")
    run = _subject_run(request, instrument, participant)
    questions = list(instrument.questions.all())
    previous = own_response(instrument, participant, run=run)
    refusal = window_refusal(instrument, timezone.now())
    status = 200
    if request.method == "POST":
        form = AnswerForm(questions, request.POST)
        if form.is_valid():
            try:
                submit_response(instrument, participant, form.values(), run=run)
            except EvaluationError as exc:
                refusal, status = str(exc), 409
            else:
                messages.success(
                    request,
                    format_html(
                        _("Thank you: your answers to “{title}” are saved."), title=_isolated(instrument.title)
                    ),
                )
                if run is not None and request.POST.get("back") == "debrief":
                    return redirect("simulations:debrief", run.pk)
                return redirect("evaluation:home")
        else:
            status = 400
    else:
        form = AnswerForm(questions, initial_values=initial_values(previous))
    context = {
        "instrument": instrument,
        "form": form,
        "run": run,
        "refusal": refusal,
        "previous": previous,
        "answered_anonymously": instrument.is_anonymous
        and instrument.receipts.filter(participant=participant, subject=f"run:{run.pk}" if run else "").exists(),
    }
    return render(request, "evaluation/answer.html", context, status=status)


@login_required
def consent(request, course_slug):
    course = course_or_404(course_slug)
    participant = participant_in(request.user, course)
    if participant is None:
        raise Http404("Not a participant of this edition.")
    current = getattr(participant, "follow_up_consent", None)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            withdraw_consent(participant)
            messages.success(request, _("You will not be contacted again about this course's follow-up."))
            return redirect("evaluation:home")
        form = ConsentForm(request.POST)
        if form.is_valid():
            record_consent(participant, form.cleaned_data["consent"] == "yes")
            messages.success(request, _("Thank you: your choice is saved. You can change it here at any time."))
            return redirect("evaluation:home")
        status = 400
    else:
        initial = {"consent": "yes" if current.is_active else "no"} if current else {}
        form, status = ConsentForm(initial=initial), 200
    return render(
        request, "evaluation/consent.html", {"course": course, "form": form, "current": current}, status=status
    )


def _own_request(request, request_id):
    follow_up = get_object_or_404(
        FollowUpRequest.objects.select_related("wave__course", "participant__pair"), pk=request_id
    )
    require_perm(request.user, "evaluation.answer_follow_up", follow_up)
    return follow_up


@login_required
def follow_up(request, request_id):
    follow_up = _own_request(request, request_id)
    refusal = refusal_for(follow_up, timezone.localdate())
    status = 200
    if request.method == "POST":
        form = FollowUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                submit_follow_up(
                    follow_up,
                    in_contact=data["in_contact"],
                    used_from_course=data["used_from_course"],
                    helped=data["helped"],
                    hindered=data["hindered"],
                    outputs=data["outputs"],
                )
            except EvaluationError as exc:
                refusal, status = str(exc), 409
            else:
                messages.success(request, _("Thank you: your follow-up is saved."))
                return redirect("evaluation:home")
        else:
            status = 400
    else:
        initial = {
            "in_contact": follow_up.in_contact,
            "used_from_course": follow_up.used_from_course,
            "helped": follow_up.helped,
            "hindered": follow_up.hindered,
        }
        for i, output in enumerate(follow_up.outputs.all()[:5]):
            initial.update(
                {
                    f"output_{i}_kind": output.kind,
                    f"output_{i}_title": output.title,
                    f"output_{i}_url": output.evidence_url,
                }
            )
        form = FollowUpForm(initial=initial)
    context = {"follow_up": follow_up, "wave": follow_up.wave, "form": form, "refusal": refusal}
    return render(request, "evaluation/follow_up.html", context, status=status)


@require_POST
@login_required
def follow_up_decline(request, request_id):
    follow_up = _own_request(request, request_id)
    try:
        decline_follow_up(follow_up)
    except EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Understood: we will not remind you about this follow-up."))
    return redirect("evaluation:home")


@login_required
def session_feedback(request, session_id):
    """One tap on a phone: the rating buttons send the form; relevance and a comment are optional."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=session_id)
    participant = participant_in(request.user, session.course)
    if participant is None or not expected_participants(session).filter(pk=participant.pk).exists():
        raise Http404("Not a participant of this session.")
    instrument = feedback_instrument(session.course)
    if instrument is None:
        raise Http404("No session feedback in this edition.")
    questions = list(instrument.questions.all())
    refusal = feedback_refusal(instrument, session, timezone.now())
    previous = own_response(instrument, participant, session=session)
    status = 200
    if request.method == "POST":
        form = AnswerForm(questions, request.POST)
        if form.is_valid():
            try:
                submit_session_feedback(instrument, session, participant, form.values())
            except EvaluationError as exc:
                refusal, status = str(exc), 409
            else:
                messages.success(
                    request, format_html(_("Thank you for your feedback on “{title}”."), title=_isolated(session.title))
                )
                return redirect("course:agenda", session.course.slug)
        else:
            status = 400
    else:
        form = AnswerForm(questions, initial_values=initial_values(previous))
    rating = next((f for f in form if f.name.startswith("q") and _key(questions, f.name) == "rating"), None)
    others = [f for f in form if f is not rating and f.name != (rating.name if rating else None)]
    context = {
        "session": session,
        "instrument": instrument,
        "form": form,
        "rating": rating,
        "others": others,
        "refusal": refusal,
        "previous": previous,
    }
    return render(request, "evaluation/session_feedback.html", context, status=status)


def _isolated(text):
    """Text someone typed, isolated from the direction of the words around it."""
    return format_html("<bdi>{}</bdi>", text)


def _key(questions, field_name):
    return next((q.key for q in questions if f"q{q.pk}" == field_name), None)


def speaker_feedback(request, token):
    """A speaker's secret link (no login): their sessions' aggregated ratings and approved comments only."""
    speaker = speaker_from_token(token)
    if speaker is None:
        raise Http404("Unknown link.")
    context = {"speaker": speaker, "rows": speaker_view(speaker), "min_cell": min_cell()}
    return render(request, "evaluation/speaker_feedback.html", context)
