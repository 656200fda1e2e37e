"""The course team's view of the speakers: who confirmed and uploaded, sign-in links, one-action reminders."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from programme.domain import speakers as speaking
from programme.domain.queries.speakers import change_requests, speaker_statuses
from programme.models import Speaker

from .common import facilitator_course_or_404


def status(request, slug):
    course = facilitator_course_or_404(request, slug)
    statuses = speaker_statuses(course)
    to_remind = [s for s in statuses if not s.done and s.speaker.email and s.session_count]
    return render(
        request,
        "programme/speaker_status.html",
        {"course": course, "statuses": statuses, "to_remind": to_remind, "requests": change_requests(course)},
    )


@require_POST
def remind(request, slug):
    course = facilitator_course_or_404(request, slug)
    reminded = speaking.remind_speakers(course)
    if reminded:
        names = ", ".join(sp.name for sp in reminded)
        messages.success(
            request,
            ngettext(
                "Sent a new sign-in link to %(count)d speaker: %(names)s.",
                "Sent a new sign-in link to %(count)d speakers: %(names)s.",
                len(reminded),
            )
            % {"count": len(reminded), "names": names},
        )
    else:
        messages.info(request, gettext("Nobody to remind: every speaker with an address has answered and uploaded."))
    return redirect("course:programme_speaker_status", slug=course.slug)


@require_POST
def send_link(request, slug, pk):
    course = facilitator_course_or_404(request, slug)
    speaker = get_object_or_404(Speaker, pk=pk, course=course)
    try:
        speaking.issue_sign_in_link(speaker)
    except speaking.SpeakerRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            gettext("Sent a sign-in link to %(name)s (%(email)s).") % {"name": speaker.name, "email": speaker.email},
        )
    return redirect("course:programme_speaker_status", slug=course.slug)
