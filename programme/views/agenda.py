"""A participant's personal agenda and the secret URL of their calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from programme.domain.agenda import (
    feed_token_for,
    participant_in_course,
    personal_sessions,
    reset_feed_token,
    simulation_links_for,
)
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
        days = [(day, programme.on_day(course, day, mine)) for day in programme.days(course)]
        days = [(day, sessions) for day, sessions in days if sessions]
    token = feed_token_for(request.user, course)
    return render(
        request,
        "programme/agenda.html",
        {
            "course": course,
            "participant": participant,
            "programme": programme,
            "days": days,
            "feed_url": request.build_absolute_uri(reverse("course:personal_feed", args=[token.secret])),
        },
    )


@login_required
@require_POST
def reset_feed(request, slug):
    course = course_or_404(slug)
    _participant_or_404(request, course)
    reset_feed_token(request.user, course)
    messages.success(
        request, "Your calendar link was replaced. The old link no longer works; subscribe to the new one."
    )
    return redirect("course:agenda", slug=course.slug)
