"""A participant's personal agenda and the secret URL of their calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from programme.domain.agenda import (
    feed_token_for,
    participant_in_course,
    personal_sessions,
    reset_feed_token,
    simulation_links_for,
)
from programme.domain.queries.materials import attach_materials, materials_by_session
from programme.domain.week_pack import request_week_pack, week_pack_status
from programme.enums import PackState
from programme.hooks import session_links

from .common import course_or_404, published_programme


def _participant_or_404(request, course):
    participant = participant_in_course(request.user, course)
    if participant is None:
        raise Http404
    return participant


@login_required
def agenda(request, slug):
    course = course_or_404(slug)
    participant = _participant_or_404(request, course)
    programme = published_programme(course)
    days = []
    if programme is not None:
        mine = personal_sessions(programme, participant)
        links = simulation_links_for(participant, mine)
        extra = session_links(participant, course, mine)
        for session in mine:
            session.simulation_url = links.get(session.uid)
            session.extra_links = extra.get(str(session.uid), [])
        attach_materials(mine, materials_by_session(course, cohort=True, uids=[s.uid for s in mine]))
        days = [(day, programme.on_day(course, day, mine)) for day in programme.days(course)]
        days = [(day, sessions) for day, sessions in days if sessions]
    token = feed_token_for(request.user, course)
    pack, current = week_pack_status(request.user, course) if programme is not None else (None, False)
    return render(
        request,
        "programme/agenda.html",
        {
            "course": course,
            "participant": participant,
            "programme": programme,
            "days": days,
            "feed_url": request.build_absolute_uri(reverse("course:personal_feed", args=[token.secret])),
            "pack": pack,
            "pack_current": current,
        },
    )


@login_required
@require_POST
def reset_feed(request, slug):
    course = course_or_404(slug)
    _participant_or_404(request, course)
    reset_feed_token(request.user, course)
    messages.success(
        request, gettext("Your calendar link was replaced. The old link no longer works; subscribe to the new one.")
    )
    return redirect("course:agenda", slug=course.slug)


PACK_PARTIAL = "programme/_week_pack.html"
STOP_POLLING = 286  # htmx stops polling on this status


@login_required
def week_pack(request, slug):
    """POST asks for a build (nothing new while one runs or a current pack is ready); GET is the status that
    the page polls while a build runs."""
    course = course_or_404(slug)
    _participant_or_404(request, course)
    if request.method == "POST":
        request_week_pack(request.user, course)
    if not request.htmx:  # without htmx the agenda shows the pack's state
        return redirect(reverse("course:agenda", args=[course.slug]) + "#week-pack")
    pack, current = week_pack_status(request.user, course)
    response = render(request, PACK_PARTIAL, {"course": course, "pack": pack, "pack_current": current})
    if request.htmx and request.method == "GET" and (pack is None or pack.state not in PackState.in_progress()):
        response.status_code = STOP_POLLING
    return response


@login_required
def week_pack_download(request, slug):
    course = course_or_404(slug)
    _participant_or_404(request, course)
    pack, _current = week_pack_status(request.user, course)
    if pack is None or pack.state != PackState.READY or not pack.file:
        raise Http404
    try:
        handle = pack.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=f"{course.slug}-week-pack.zip", content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
