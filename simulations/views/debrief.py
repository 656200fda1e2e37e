"""The debrief of a finished run (facilitators and the run's participants) and the facilitator's exports."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from course.permissions import facilitator_required, has_perm, is_facilitator
from simulations.domain.debrief import debrief_for
from simulations.domain.exports import EXPORTS
from simulations.enums import RunState
from simulations.hooks import debrief_panels
from simulations.models import Run


@login_required
def debrief(request, run_id):
    """Only once the run is finished; before that it is 404 for everyone (the caucus is still private)."""
    run = get_object_or_404(Run.objects.select_related("scenario", "course"), pk=run_id)
    if not has_perm(request.user, "simulations.view_debrief", run) or run.state != RunState.FINISHED:
        raise Http404("No debrief yet.")
    context = {
        "debrief": debrief_for(run),
        "run": run,
        "is_facilitator": is_facilitator(request.user),
        "panels": debrief_panels(request, run),
    }
    return render(request, "simulations/debrief/debrief.html", context)


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
