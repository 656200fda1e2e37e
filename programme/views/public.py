"""The public programme (no login): day tabs, filters, speaker pages and the changelog; rendered from releases."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from course.models import Course
from programme.domain.agenda import participant_in_course
from programme.domain.releases import compute_changelog
from programme.domain.snapshots import empty_snapshot, read_snapshot
from programme.forms import ProgrammeFilterForm
from programme.models import ProgrammeRelease, Speaker

from .common import course_or_404, parse_day, pick_day, published_programme, vary_on_htmx, wants_partial


def current_programme(request):
    """The nav's “Programme” link: the edition running now or next, else the most recent one."""
    today = timezone.localdate()
    course = Course.objects.filter(ends_on__gte=today).order_by("starts_on").first() or Course.objects.first()
    if course is None:
        raise Http404("No course edition yet.")
    return redirect("course:programme", slug=course.slug)


def programme(request, slug):
    course = course_or_404(slug)
    programme = published_programme(course)
    context = {"course": course, "programme": programme}
    if request.user.is_authenticated:
        context["is_participant"] = participant_in_course(request.user, course) is not None
    if programme is not None:
        form = ProgrammeFilterForm(request.GET)
        filters = form.cleaned_data if form.is_valid() else {}
        days = programme.days(course)
        day = pick_day(days, parse_day(request.GET.get("day")), course)
        sessions = programme.on_day(course, day)
        if filters.get("track"):
            sessions = [s for s in sessions if s.track == filters["track"]]
        if filters.get("kind"):
            sessions = [s for s in sessions if s.kind == filters["kind"]]
        context.update(
            form=form,
            days=days,
            day=day,
            sessions=sessions,
            filter_query="".join(f"&{k}={filters[k]}" for k in ("track", "kind") if filters.get(k)),
            filtered=bool(filters.get("track") or filters.get("kind")),
        )
    template = "programme/public.html"
    if wants_partial(request) and programme is not None:
        template += "#programme_panel"
    return vary_on_htmx(render(request, template, context))


def speaker(request, slug, speaker_id):
    course = course_or_404(slug)
    programme = published_programme(course)
    if programme is None or speaker_id not in programme.speakers:
        raise Http404
    theirs = programme.by_speaker(speaker_id)
    # The photo is not part of a release: a speaker's new photo shows at once (their bio with the next release).
    has_photo = Speaker.objects.filter(course=course, pk=speaker_id).exclude(photo="").exists()
    # Grouped by day: a speaker's sessions usually span the week, and a bare time would not say which day.
    days = [(day, programme.on_day(course, day, theirs)) for day in programme.days(course)]
    return render(
        request,
        "programme/speaker.html",
        {
            "course": course,
            "programme": programme,
            "speaker": programme.speakers[speaker_id],
            "has_photo": has_photo,
            "days": [(day, sessions) for day, sessions in days if sessions],
        },
    )


def speakers(request, slug):
    course = course_or_404(slug)
    programme = published_programme(course)
    if programme is None:
        raise Http404
    people = sorted(programme.speakers.values(), key=lambda sp: sp.name)
    return render(request, "programme/speakers.html", {"course": course, "programme": programme, "speakers": people})


def changelog(request, slug):
    """Every release, newest first, each with what changed since the one before."""
    course = course_or_404(slug)
    releases = list(ProgrammeRelease.objects.filter(course=course).order_by("number"))
    entries, previous = [], empty_snapshot()
    for release in releases:
        entries.append({"release": release, "changes": compute_changelog(previous, release.snapshot, course)})
        previous = release.snapshot
    entries.reverse()
    return render(
        request,
        "programme/changes.html",
        {"course": course, "entries": entries, "programme": read_snapshot(previous) if releases else None},
    )
