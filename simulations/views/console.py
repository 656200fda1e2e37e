"""The facilitator's console: every table of a course live on one screen, announcements, private messages and
injects. Participants get 404."""

import time

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from course.models import Course
from course.permissions import facilitator_required
from course.ratelimit import ANNOUNCEMENTS, allow
from simulations.domain.console import ConsoleError, add_inject, console_for_course, post_announcement
from simulations.domain.live import live_negotiations
from simulations.models import Announcement, Delegation, Run


def _is_pk(value):
    """An id typed by a browser: ASCII digits that fit a database integer (else 404, never 500)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


# The console's poll answers 204 while nothing changed at any table; presence (not part of a stamp) is
# refreshed at least this often.
PRESENCE_REFRESH_SECONDS = 10


def console_stamp(course, runs=None):
    """What changes whenever anything changes at any table of the course (the rooms' stamps), from ``runs`` or
    one query."""
    if runs is None:
        rows = Run.objects.filter(course=course).values_list("pk", "version", "activity_version")
    else:
        rows = [(r.pk, r.version, r.activity_version) for r in runs]
    bucket = int(time.time() // PRESENCE_REFRESH_SECONDS)
    return f"{bucket}-" + "-".join(f"{pk}.{v}.{a}" for pk, v, a in sorted(rows))


def _context(course, stamp=None, **extra):
    tables = console_for_course(course)
    names = {d.delegation.pk: d.delegation.name for t in tables for d in t.delegations}
    live = live_negotiations([t.run for t in tables], names=names)
    for t in tables:
        t.live = live[t.run.pk]
    announcements = list(
        Announcement.objects.filter(course=course)
        .select_related("run", "delegation")
        .order_by("-created_at", "-pk")[:20]
    )
    return {
        "course": course,
        "tables": tables,
        "announcements": announcements,
        "server_now": timezone.now(),
        "stamp": stamp or console_stamp(course, [t.run for t in tables]),
        **extra,
    }


@facilitator_required
def console(request, course_id):
    course = get_object_or_404(Course, pk=course_id)
    if request.htmx and request.GET.get("v") and request.GET.get("v") == console_stamp(course):
        return HttpResponse(status=204)  # nothing changed at any table: nothing to render
    template = "simulations/console/console.html#tables" if request.htmx else "simulations/console/console.html"
    return render(request, template, _context(course))


def _target(course, value):
    """ "all" | "run-<id>" | "delegation-<run id>-<key>" → (run, delegation)."""
    value = value.replace("\x00", "")  # PostgreSQL refuses NUL in a query
    if value in ("", "all"):
        return None, None
    kind, _, rest = value.partition("-")
    if kind == "run" and _is_pk(rest):
        return get_object_or_404(Run, pk=int(rest), course=course), None
    if kind == "delegation":
        run_id, _, key = rest.partition("-")
        if _is_pk(run_id):
            run = get_object_or_404(Run, pk=int(run_id), course=course)
            return run, get_object_or_404(Delegation, scenario_id=run.scenario_id, key=key)
    raise Http404("No such table or delegation.")


@require_POST
@facilitator_required
def announce(request, course_id):
    course = get_object_or_404(Course, pk=course_id)
    run, delegation = _target(course, request.POST.get("target", "all"))
    if not allow(ANNOUNCEMENTS, request.user.pk):  # checked first: a refused announcement changes nothing
        context = _context(course, announce_error=ANNOUNCEMENTS.message, announce_form=request.POST.dict())
        return render(request, "simulations/console/console.html", context, status=429)
    try:
        post_announcement(course, request.POST.get("text", ""), run=run, delegation=delegation, actor=request.user)
    except ConsoleError as exc:
        context = _context(course, announce_error=str(exc), announce_form=request.POST.dict())
        return render(request, "simulations/console/console.html", context, status=400)
    messages.success(request, gettext("Private message sent.") if delegation else gettext("Announcement sent."))
    return redirect("simulations:console", course.pk)


@require_POST
@facilitator_required
def inject(request, course_id):
    course = get_object_or_404(Course, pk=course_id)
    run_id = request.POST.get("run", "")
    run = get_object_or_404(Run, pk=int(run_id), course=course) if _is_pk(run_id) else None
    try:
        if run is None:
            raise ConsoleError(gettext("Choose the table the news is for."))
        add_inject(
            run,
            request.POST.get("title", ""),
            request.POST.get("body", ""),
            in_minutes=request.POST.get("in_minutes") or 0,
            actor=request.user,
        )
    except ConsoleError as exc:
        context = _context(course, inject_error=str(exc), inject_form=request.POST.dict())
        return render(request, "simulations/console/console.html", context, status=400)
    messages.success(request, gettext("Inject scheduled."))
    return redirect("simulations:console", course.pk)


@facilitator_required
def console_home(request):
    """The console of the most recent course that has tables (or of the most recent course)."""
    course = (
        Course.objects.filter(simulation_runs__isnull=False).order_by("-starts_on", "-pk").first()
        or Course.objects.order_by("-starts_on", "-pk").first()
    )
    if course is None:
        raise Http404("No course yet.")
    return redirect("simulations:console", course.pk)
