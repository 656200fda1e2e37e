"""The course team's pages: instruments and their builder, who has not answered, follow-up waves, success
cases, the impact report and its exports, two editions side by side."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from course.models import Course
from course.permissions import facilitator_required
from evaluation import charts
from evaluation.domain.continuity import success_cases
from evaluation.domain.exports import report_to_csv, report_to_json
from evaluation.domain.follow_up import schedule_waves
from evaluation.domain.instruments import add_question, ensure_default_instruments
from evaluation.domain.queries.report import impact_report
from evaluation.domain.queries.team import instruments_with_counts, not_answered, wave_continuity_rows, wave_rows
from evaluation.domain.session_feedback import (
    approve_comment,
    feedback_instrument,
    session_rows,
    speaker_rows,
    speaker_token,
    switch_feedback,
)
from evaluation.domain.session_feedback import comments as session_comments
from evaluation.domain.session_feedback import not_answered as not_answered_session
from evaluation.enums import RequestStatus
from evaluation.forms import InstrumentForm, QuestionForm, SuccessCaseForm, WaveForm
from evaluation.models import (
    FollowUpRequest,
    FollowUpWave,
    Instrument,
    Question,
    SessionFeedbackOff,
    SpeakerComment,
    SuccessCase,
)
from participants.models import Pair
from programme.models import Session

from .common import course_or_404


@facilitator_required
def instruments(request, course_slug):
    course = course_or_404(course_slug)
    context = {"course": course, "instruments": instruments_with_counts(course), "now": timezone.now()}
    return render(request, "evaluation/team/instruments.html", context)


@require_POST
@facilitator_required
def add_defaults(request, course_slug):
    course = course_or_404(course_slug)
    created = ensure_default_instruments(course)
    messages.success(
        request,
        ngettext("%(count)s default instrument added.", "%(count)s default instruments added.", len(created))
        % {"count": len(created)}
        if created
        else _("The set is complete."),
    )
    return redirect("evaluation:instruments", course.slug)


@facilitator_required
def instrument_edit(request, course_slug, pk=None):
    """Times are typed and shown in the course's own time zone."""
    course = course_or_404(course_slug)
    instrument = get_object_or_404(Instrument, pk=pk, course=course) if pk else None
    status = 200
    with timezone.override(course.tzinfo):
        if request.method == "POST":
            form = InstrumentForm(request.POST, instance=instrument, course=course)
            if form.is_valid():
                saved = form.save(commit=False)
                saved.course = course
                saved.save()
                messages.success(request, _("Saved."))
                return redirect("evaluation:instrument_edit", course.slug, saved.pk)
            status = 400
        else:
            form = InstrumentForm(instance=instrument, course=course)
        context = {
            "course": course,
            "instrument": instrument,
            "form": form,
            "questions": list(instrument.questions.annotate(answer_count=Count("answers"))) if instrument else [],
            "question_form": QuestionForm(instrument=instrument) if instrument else None,
        }
        return render(request, "evaluation/team/instrument_edit.html", context, status=status)


@require_POST
@facilitator_required
def question_add(request, course_slug, pk):
    course = course_or_404(course_slug)
    instrument = get_object_or_404(Instrument, pk=pk, course=course)
    form = QuestionForm(request.POST, instrument=instrument)
    if form.is_valid():
        add_question(instrument, **form.question_fields())
        messages.success(request, _("Question added."))
        return redirect("evaluation:instrument_edit", course.slug, instrument.pk)
    with timezone.override(course.tzinfo):
        context = {
            "course": course,
            "instrument": instrument,
            "form": InstrumentForm(instance=instrument, course=course),
            "questions": list(instrument.questions.annotate(answer_count=Count("answers"))),
            "question_form": form,
        }
        return render(request, "evaluation/team/instrument_edit.html", context, status=400)


@require_POST
@facilitator_required
def question_delete(request, course_slug, pk, question_id):
    course = course_or_404(course_slug)
    question = get_object_or_404(Question, pk=question_id, instrument_id=pk, instrument__course=course)
    if question.answers.exists():
        messages.error(request, _("This question has answers: it cannot be removed."))
    else:
        question.delete()
        messages.success(request, _("Question removed."))
    return redirect("evaluation:instrument_edit", course.slug, pk)


@facilitator_required
def missing(request, course_slug, pk):
    course = course_or_404(course_slug)
    instrument = get_object_or_404(Instrument, pk=pk, course=course)
    return render(
        request,
        "evaluation/team/missing.html",
        {"course": course, "instrument": instrument, "participants": not_answered(instrument)},
    )


@facilitator_required
def waves(request, course_slug):
    course = course_or_404(course_slug)
    status = 200
    form = WaveForm(course=course)
    if request.method == "POST":
        if request.POST.get("action") == "schedule":
            schedule_waves(course)
            messages.success(request, _("Waves at 3, 6 and 12 months are scheduled."))
            return redirect("evaluation:waves", course.slug)
        form = WaveForm(request.POST, course=course)
        if form.is_valid():
            wave = form.save(commit=False)
            wave.course = course
            wave.save()
            messages.success(request, _("%(wave)s added.") % {"wave": wave})
            return redirect("evaluation:waves", course.slug)
        status = 400
    rows = wave_rows(course)
    chart = charts.bar_chart(
        "response-rates",
        _("Response rate per wave"),
        _("Per cent of participants asked who answered, per follow-up wave, against each wave's target."),
        [(_months(r["wave"].months_after), r["rate"]) for r in rows],
        100,
        target=rows[0]["wave"].target_rate if rows else None,
    )
    context = {"course": course, "rows": rows, "form": form, "chart": chart}
    return render(request, "evaluation/team/waves.html", context, status=status)


@facilitator_required
def wave_detail(request, course_slug, wave_id):
    course = course_or_404(course_slug)
    wave = get_object_or_404(FollowUpWave, pk=wave_id, course=course)
    rows = wave_continuity_rows(wave)
    strongest, weakest = success_cases(rows)
    cases = {c.pair_id: c for c in SuccessCase.objects.filter(wave=wave)}
    answers = {
        r.participant_id: r
        for r in FollowUpRequest.objects.filter(wave=wave, status=RequestStatus.ANSWERED)
        .select_related("participant")
        .prefetch_related("outputs")
    }
    context = {
        "course": course,
        "wave": wave,
        "rows": rows,
        "cases_groups": [
            (_("Strongest"), [(row, cases.get(row.pair_id)) for row in strongest]),
            (_("Weakest"), [(row, cases.get(row.pair_id)) for row in weakest]),
        ],
        "answers": answers,
        "case_form": SuccessCaseForm(),
    }
    return render(request, "evaluation/team/wave_detail.html", context)


@require_POST
@facilitator_required
def success_case(request, course_slug, wave_id, pair_id):
    course = course_or_404(course_slug)
    wave = get_object_or_404(FollowUpWave, pk=wave_id, course=course)
    pair = get_object_or_404(Pair, pk=pair_id, course=course)
    case = SuccessCase.objects.filter(wave=wave, pair=pair).first() or SuccessCase(wave=wave, pair=pair)
    form = SuccessCaseForm(request.POST, instance=case)
    if form.is_valid():
        case = form.save(commit=False)
        case.updated_by = request.user
        case.save()
        messages.success(request, _("Notes on %(pair)s saved.") % {"pair": pair})
    else:
        messages.error(
            request,
            _("Not saved: %(errors)s") % {"errors": "; ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect("evaluation:wave_detail", course.slug, wave.pk)


def _report_context(course):
    report = impact_report(course)
    learning_charts = [
        charts.change_chart(
            f"learning-{block['kind']}",
            _("%(name)s: change from before to after the course") % {"name": block["name"]},
            _(
                "Mean paired difference (after minus before) per item with its 95 %% confidence interval; "
                "the vertical line is no change."
            ),
            [(_("Overall"), block["overall"])] + [(item["key"], item["change"]) for item in block["items"]],
        )
        for block in report["learning"]
    ]
    follow_chart = charts.bar_chart(
        "follow-up-rates",
        _("Follow-up response rate per wave"),
        _("Per cent of participants asked who answered, per wave; the dashed line is the target."),
        [(_months(w["months_after"]), w["response_pct"]) for w in report["follow_up"]],
        100,
        target=report["follow_up"][0]["target_pct"] if report["follow_up"] else None,
    )
    order_chart = charts.bar_chart(
        "runs-by-order",
        _("Mean margin over BATNA by the order tables were played"),
        _("For each pair's first, second, … table, the mean of their delegation's points minus its BATNA."),
        [
            (_("Table played %(order)s") % {"order": row["order"]}, row["margin"]["mean"])
            for row in report["simulations"]["by_order"]
        ],
        max([abs(row["margin"]["mean"] or 0) for row in report["simulations"]["by_order"]] + [1]),
    )
    session_chart = charts.bar_chart(
        "session-ratings",
        _("Mean rating per session"),
        _("Mean of participants' 1–5 ratings per session; sessions with too few answers are marked."),
        [(s["title"], s["rating"]["mean"]) for s in report["sessions"]["sessions"]],
        5,
    )
    return {
        "course": course,
        "report": report,
        "session_chart": session_chart,
        "learning": list(zip(report["learning"], learning_charts, strict=True)),
        "follow_chart": follow_chart,
        "order_chart": order_chart,
    }


@facilitator_required
def report(request, course_slug):
    course = course_or_404(course_slug)
    context = _report_context(course)
    context["other_courses"] = Course.objects.exclude(pk=course.pk).only("slug", "title")
    return render(request, "evaluation/team/report.html", context)


EXPORTS = {"csv": (report_to_csv, "text/csv"), "json": (report_to_json, "application/json")}


@facilitator_required
def report_export(request, course_slug, fmt):
    course = course_or_404(course_slug)
    if fmt not in EXPORTS:
        raise Http404("No such format.")
    build, content_type = EXPORTS[fmt]
    response = HttpResponse(build(impact_report(course)), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impact-{course.slug}.{fmt}"'
    return response


@facilitator_required
def compare(request):
    courses = list(Course.objects.only("slug", "title").order_by("-starts_on"))
    slugs = [request.GET.get("a", ""), request.GET.get("b", "")]
    chosen = [next((c for c in courses if c.slug == s), None) for s in slugs]
    if chosen[0] is None and courses:
        chosen[0] = courses[-1] if len(courses) > 1 else courses[0]
    if chosen[1] is None and courses:
        chosen[1] = courses[0]
    columns = [impact_report(c) if c else None for c in chosen]
    return render(request, "evaluation/team/compare.html", {"courses": courses, "chosen": chosen, "columns": columns})


@facilitator_required
def sessions(request, course_slug):
    course = course_or_404(course_slug)
    instrument = feedback_instrument(course)
    rows = session_rows(course, instrument)
    context = {
        "course": course,
        "instrument": instrument,
        "rows": rows,
        "speakers": [
            {
                **row,
                "link": request.build_absolute_uri(
                    reverse("evaluation:speaker_feedback", args=[speaker_token(row["speaker"])])
                ),
            }
            for row in speaker_rows(rows)
        ],
    }
    return render(request, "evaluation/team/sessions.html", context)


@facilitator_required
def session_detail(request, course_slug, session_id):
    course = course_or_404(course_slug)
    session = get_object_or_404(Session, pk=session_id, course=course)
    instrument = feedback_instrument(course)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in ("on", "off"):
            switch_feedback(session, action == "on", request.user)
            messages.success(
                request,
                _("Feedback switched on for this session.")
                if action == "on"
                else _("Feedback switched off for this session."),
            )
        elif action == "approve":
            text = (request.POST.get("text") or "").strip()
            if not text or "\x00" in text or len(text) > 5000:
                messages.error(
                    request, _("Give the comment's text as the speakers should read it (up to 5000 characters).")
                )
            else:
                approve_comment(session, text, request.user)
                messages.success(request, _("Comment approved for the speakers."))
        elif action == "withdraw":
            SpeakerComment.objects.filter(session=session, pk=_int(request.POST.get("comment"))).delete()
            messages.success(request, _("Comment withdrawn."))
        return redirect("evaluation:session_detail", course.slug, session.pk)
    context = {
        "course": course,
        "session": session,
        "instrument": instrument,
        "missing": not_answered_session(instrument, session) if instrument else [],
        "comments": session_comments(instrument, session),
        "approved": SpeakerComment.objects.filter(session=session),
        "is_off": SessionFeedbackOff.objects.filter(session=session).exists(),
    }
    return render(request, "evaluation/team/session_detail.html", context)


def _months(months):
    return ngettext("%(count)s month", "%(count)s months", months) % {"count": months}


def _int(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 18 else None
