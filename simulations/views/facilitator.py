"""The facilitator's pages: the list of runs (tables), and one run's controls, plan, seats and event log."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from course.permissions import facilitator_required
from participants.models import Pair
from simulations.domain import engine
from simulations.domain.dance import version_sheet
from simulations.domain.debrief import dance_view
from simulations.domain.engine import EngineError, advance_if_due
from simulations.domain.live import live_negotiations
from simulations.domain.runs import (
    RunError,
    adjust_round_plan,
    assign_pair,
    assign_pairs,
    create_run,
    eligible_pairs,
    set_end_round_when_all_acted,
    start_table,
    unseat_pair,
)
from simulations.enums import RunState
from simulations.forms import ExtendForm, RoundFormSet, RunCreateForm
from simulations.models import Delegation, Run, RunEvent, Seat
from simulations.room.polling import finish_poll, poll_stamp, unchanged_response
from simulations.room.seat import seating

CONTROLS = {
    "start": start_table,
    "pause": engine.pause_run,
    "resume": engine.resume_run,
    "end_round": engine.end_round_now,
    "go_back": engine.go_back_round,
    "finish": engine.finish_run,
    "cancel": engine.cancel_run,
}
CONTROL_DONE = {
    "start": _("started"),
    "pause": _("paused"),
    "resume": _("resumed"),
    "end_round": _("round ended"),
    "go_back": _("back one round"),
    "finish": _("finished"),
    "cancel": _("cancelled"),
    "extend": _("round extended"),
    "end_early_on": _("rounds now end early once every delegation has acted"),
    "end_early_off": _("rounds now run their full time"),
    "post_settlement": _("post-settlement round opened"),
}


# Controls that cannot be undone ask first, on a page of their own (so the confirmation works without JavaScript).
CONFIRM = {
    "cancel": (
        "Cancel {name}?",
        "The run stops for every delegation and can never be resumed. There will be no outcome and no debrief.",
        "Yes, cancel the run",
    ),
    "finish": (
        "Finish {name} now?",
        "The negotiation ends for every delegation, whatever round it is in, and the outcome is decided now.",
        "Yes, finish the run",
    ),
    "go_back": (
        "Go back one round at {name}?",
        "The previous round starts again with its whole time. Every ballot cast in the rounds it reopens becomes "
        "void (the event log records that you did it), so the delegations vote again.",
        "Yes, go back one round",
    ),
}


def _run_or_404(run_id):
    return get_object_or_404(Run.objects.select_related("scenario", "course"), pk=run_id)


@facilitator_required
def run_list(request):
    runs = list(Run.objects.select_related("scenario", "course").order_by("-created_at"))
    form = RunCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = create_run(
                data["scenario"],
                data["course"],
                data["name"],
                room=data["room"],
                actor=request.user,
                end_round_when_all_acted=data["end_round_when_all_acted"],
            )
        except RunError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(
                request,
                gettext("%(name)s created. Adjust the plan and seat the pairs, then start.") % {"name": run.name},
            )
            return redirect("simulations:run_detail", run.pk)
    return render(request, "simulations/run_list.html", {"runs": runs, "form": form})


def _detail_context(request, run, plan_formset=None, extend_form=None):
    rounds = list(run.rounds.all())
    if plan_formset is None and run.state == RunState.DRAFT:
        plan_formset = RoundFormSet(
            prefix="rounds",
            initial=[
                {
                    "title": r.title,
                    "minutes": (Decimal(r.duration_seconds) / 60).quantize(Decimal("0.01")),
                    "instructions": r.instructions,
                    "actions": r.actions,
                    "key": r.key,
                }
                for r in rounds
            ],
        )
    seats = {s.pair_id: s for s in Seat.objects.filter(run=run).select_related("delegation")}
    pairs = list(eligible_pairs(run))
    return {
        "run": run,
        "rounds": rounds,
        "current_round": next((r for r in rounds if r.number == run.current_round), None),
        "plan_formset": plan_formset,
        "extend_form": extend_form or ExtendForm(),
        "events": list(RunEvent.objects.filter(run=run).select_related("actor").order_by("-created_at", "-pk")),
        "pairs": [(pair, seats.get(pair.pk)) for pair in pairs],
        "delegations": list(Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk")),
        "table": seating(run),
        "server_now": timezone.now(),
        "live": live_negotiations([run])[run.pk],
        "dance": _live_dance(run),
    }


def _live_dance(run):
    """The dance so far, for the facilitator's live view (every delegation's points: facilitators only)."""
    if run.started_at is None:
        return None
    names = dict(Delegation.objects.filter(scenario_id=run.scenario_id).values_list("key", "name"))
    return dance_view(run, version_sheet(run), names)


@facilitator_required
def run_detail(request, run_id):
    run = advance_if_due(_run_or_404(run_id))
    template = "simulations/run_detail.html#status" if request.htmx else "simulations/run_detail.html"
    return render(request, template, _detail_context(request, run))


@facilitator_required
def run_status(request, run_id):
    """Polled by the run page: 204 when nothing changed, else the status panel (clock, controls, log)."""
    found = poll_stamp(Run.objects.all(), run_id)
    if found is None:
        raise Http404
    stamp, state = found
    unchanged = unchanged_response(request, stamp, state)
    if unchanged is not None:
        return unchanged
    run = _run_or_404(run_id)
    response = render(request, "simulations/run_detail.html#status", _detail_context(request, run))
    return finish_poll(response, state)


def _back(request, run):
    """Controls posted from the course's console return there; all others to the run's page."""
    if request.POST.get("next") == "console":
        return redirect("simulations:console", run.course_id)
    return redirect("simulations:run_detail", run.pk)


@require_POST
@facilitator_required
def run_control(request, run_id):
    run = _run_or_404(run_id)
    action = request.POST.get("action", "")
    if action in CONFIRM and request.POST.get("confirm") != "yes":
        title, consequence, button = CONFIRM[action]
        context = {
            "run": run,
            "action": action,
            "title": title.format(name=run.name),
            "consequence": consequence,
            "button": button,
            "next": request.POST.get("next", ""),
        }
        return render(request, "simulations/control_confirm.html", context)
    try:
        if action == "extend":
            form = ExtendForm(request.POST)
            if not form.is_valid():
                messages.error(request, gettext("Give the extension in minutes, between 0.1 and 120."))
                return _back(request, run)
            engine.extend_round(run, form.cleaned_data["minutes"], actor=request.user)
        elif action == "post_settlement":
            engine.open_post_settlement(run, request.POST.get("minutes") or 5, actor=request.user)
        elif action in CONTROLS:
            CONTROLS[action](run, actor=request.user)
        elif action in ("end_early_on", "end_early_off"):
            set_end_round_when_all_acted(run, action == "end_early_on", actor=request.user)
        else:
            messages.error(request, gettext("Unknown action."))
            return _back(request, run)
    except (EngineError, RunError) as exc:
        messages.error(request, f"{run.name}: {exc}")
    else:
        messages.success(
            request,
            gettext("%(name)s: %(done)s.") % {"name": run.name, "done": CONTROL_DONE.get(action) or gettext("done")},
        )
    return _back(request, run)


@require_POST
@facilitator_required
def run_plan(request, run_id):
    run = _run_or_404(run_id)
    formset = RoundFormSet(request.POST, prefix="rounds")
    if formset.is_valid():
        rounds = [
            {
                "key": f.cleaned_data.get("key") or "",
                "title": f.cleaned_data["title"],
                "seconds": float(f.cleaned_data["minutes"]) * 60,
                "instructions": f.cleaned_data.get("instructions", ""),
                "actions": f.cleaned_data.get("actions", []),
            }
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            adjust_round_plan(run, rounds, actor=request.user)
        except RunError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, gettext("Round plan saved."))
            return redirect("simulations:run_detail", run.pk)
    run.refresh_from_db()
    return render(request, "simulations/run_detail.html", _detail_context(request, run, plan_formset=formset))


@require_POST
@facilitator_required
def run_seats_auto(request, run_id):
    run = _run_or_404(run_id)
    try:
        seats = assign_pairs(run, actor=request.user)
    except RunError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(count)s pair seated automatically.", "%(count)s pairs seated automatically.", len(seats))
            % {"count": len(seats)},
        )
    return redirect("simulations:run_detail", run.pk)


@require_POST
@facilitator_required
def run_seat_assign(request, run_id):
    run = _run_or_404(run_id)
    pair_id = request.POST.get("pair", "")
    if not (pair_id.isascii() and pair_id.isdigit() and len(pair_id) <= 18):  # else the lookup fails with a 500
        raise Http404("No such pair.")
    pair = get_object_or_404(Pair, pk=int(pair_id), course_id=run.course_id)
    key = request.POST.get("delegation", "").replace("\x00", "")  # PostgreSQL refuses NUL in a query
    try:
        if key:
            delegation = get_object_or_404(Delegation, scenario_id=run.scenario_id, key=key)
            assign_pair(run, pair, delegation, actor=request.user)
        else:
            unseat_pair(run, pair, actor=request.user)
    except RunError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("Seat saved."))
    return redirect("simulations:run_detail", run.pk)
