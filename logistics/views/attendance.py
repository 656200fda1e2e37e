"""Attendance: the team's session list, the phone-friendly tick list of a session, the room's check-in code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from logistics.domain import attendance
from logistics.errors import LogisticsRefused
from logistics.models import SessionCheckIn
from logistics.views.common import in_course_time, team_course
from participants.models import Participant


def _session(course, pk):
    session = attendance.programme_sessions(course).filter(pk=pk).select_related("course", "room").first()
    if session is None:
        raise Http404
    return session


@login_required
@in_course_time
def sessions(request, course_slug):
    course = team_course(request, course_slug)
    rows = list(
        attendance.programme_sessions(course).select_related("room").annotate(present=Count("attendance_marks"))
    )
    return render(
        request,
        "logistics/team/attendance.html",
        {
            "course": course,
            "sessions": rows,
            "standing": attendance.certificate_standing(course),
            "section": "attendance",
        },
    )


def _tick_context(course, session, now=None):
    now = now or timezone.now()
    check_in = SessionCheckIn.objects.filter(session=session).first()
    present = attendance.present_ids(session)
    people = list(attendance.session_participants(session))
    return {
        "course": course,
        "session": session,
        "people": people,
        "present": present,
        "present_count": sum(1 for p in people if p.pk in present),
        "check_in": check_in if check_in and check_in.opened_at <= now < check_in.closes_at else None,
        "section": "attendance",
    }


@login_required
@in_course_time
def tick_list(request, course_slug, session_pk):
    course = team_course(request, course_slug)
    session = _session(course, session_pk)
    if request.method == "POST":
        pid = request.POST.get("participant", "")
        participant = None
        if pid.isascii() and pid.isdigit() and len(pid) < 12:
            participant = Participant.objects.select_related("pair").filter(pk=int(pid), pair__course=course).first()
        error = ""
        if participant is None:
            error = gettext("Choose a participant of this course.")
        else:
            try:
                attendance.set_attendance(session, participant, request.POST.get("present") == "1", by=request.user)
            except LogisticsRefused as refused:
                error = refused.message
        if request.htmx and participant is not None:
            context = _tick_context(course, session)
            context.update(person=participant, error=error)
            return render(request, "logistics/team/tick_list.html#tick_answer", context, status=409 if error else 200)
        if error:
            messages.error(request, error)
        return redirect("logistics:tick_list", course.slug, session.pk)
    return render(request, "logistics/team/tick_list.html", _tick_context(course, session))


@login_required
@in_course_time
@require_POST
def room_code(request, course_slug, session_pk):
    course = team_course(request, course_slug)
    session = _session(course, session_pk)
    if request.POST.get("action") == "close":
        attendance.close_check_in(session, by=request.user)
        messages.success(request, gettext("Check-in closed."))
    else:
        check_in = attendance.open_check_in(session, by=request.user)
        messages.success(
            request,
            gettext("Check-in open until %(time)s.")
            % {"time": f"{timezone.localtime(check_in.closes_at, course.tzinfo):%H:%M}"},
        )
    return redirect("logistics:tick_list", course.slug, session.pk)
