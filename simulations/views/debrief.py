"""The debrief of a finished run (facilitators and the run's participants) and the facilitator's exports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.gzip import gzip_page

from course.permissions import facilitator_required, has_perm, is_facilitator
from simulations.domain import replay as replays
from simulations.domain.debrief import dance_view, debrief_for
from simulations.domain.exports import EXPORTS
from simulations.domain.versions import content_delegations, run_content, sheet_of_content
from simulations.enums import RunState
from simulations.hooks import debrief_panels
from simulations.models import Run, Seat


@gzip_page  # charts, dance and revealed briefs of a finished run: compressed, padded against BREACH (docs/deploy.md)
@login_required
def debrief(request, run_id):
    """Only once the run is finished; before that it is 404 for everyone (the caucus is still private)."""
    run = get_object_or_404(Run.objects.select_related("scenario", "course"), pk=run_id)
    if not has_perm(request.user, "simulations.view_debrief", run) or run.state != RunState.FINISHED:
        raise Http404("No debrief yet.")
    facilitator = is_facilitator(request.user)
    result = debrief_for(run)
    # Who acted inside each delegation: its own members see theirs, facilitators see every delegation's.
    own = set(
        Seat.objects.filter(run_id=run.pk, pair__participants__user=request.user).values_list(
            "delegation__key", flat=True
        )
    )
    pairs = [(d.name, result.pairs.get(d.key, [])) for d in result.delegations if facilitator or d.key in own]
    context = {
        "debrief": result,
        "run": run,
        "is_facilitator": facilitator,
        "pairs": pairs,
        "panels": debrief_panels(request, run),
    }
    return render(request, "simulations/debrief/debrief.html", context)


@login_required
def replay(request, run_id):
    """A finished run as it stood at minute ``t`` (GET ?t=&view=): the public record, a delegation's view or (for
    facilitators) the facilitator's. Works as plain links and forms; static/js/replays.js only updates the minute
    shown while the slider moves, and htmx swaps the frame."""
    run = get_object_or_404(Run.objects.select_related("scenario", "course"), pk=run_id)
    if not has_perm(request.user, "simulations.view_debrief", run) or run.state != RunState.FINISHED:
        raise Http404("No replay yet.")
    facilitator = is_facilitator(request.user)
    _, total = replays.run_span(run)
    try:
        minute = float(request.GET.get("t", total))
    except ValueError:
        minute = total
    if minute != minute:  # NaN
        minute = total
    view = request.GET.get("view", replays.PUBLIC)
    if view == replays.FACILITATOR and not facilitator:
        view = replays.PUBLIC
    frame = replays.replay_frame(run, minute, view)
    context = {"run": run, "frame": frame, "is_facilitator": facilitator}
    content = run_content(run)
    context["delegations"] = content_delegations(content)
    if frame.view == replays.FACILITATOR:
        names = {d.key: d.name for d in context["delegations"]}
        context["dance"] = dance_view(run, sheet_of_content(content), names, until=frame.until)
    if request.htmx:
        return render(request, "simulations/debrief/_replay_frame.html", context)
    return render(request, "simulations/debrief/replay.html", context)


@facilitator_required
def export(request, run_id, kind, fmt):
    run = get_object_or_404(Run.objects.select_related("scenario", "course"), pk=run_id)
    if (kind, fmt) not in EXPORTS:
        raise Http404("No such export.")
    build, content_type = EXPORTS[(kind, fmt)]
    body = build(run)
    if body is None:
        raise Http404("Results exist once the run is finished.")
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-{kind}.{fmt}"'
    return response
