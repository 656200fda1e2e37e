"""Gates shared by the logistics views: the course team, the participant, private file answers."""

from functools import wraps

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from course.models import Course
from course.permissions import require_facilitator
from logistics.domain.queries.travellers import participation_of

STOP_POLLING = 286  # htmx: swap this answer, then stop polling


def in_course_time(view):
    """Forms and pages of the view show and read times in the course's zone (set by team_course and
    own_participation), and the zone is reset when the view returns."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        finally:
            timezone.deactivate()

    return wrapped


def team_course(request, course_slug):
    """The course, for the course team; 404 for everyone else. Times are the course's from here on."""
    require_facilitator(request.user)
    course = get_object_or_404(Course, slug=course_slug)
    timezone.activate(course.tzinfo)
    return course


def own_participation(request, course_slug):
    """(course, the user's participant seat); 404 for anyone not in the course's cohort."""
    course = get_object_or_404(Course, slug=course_slug)
    participant = participation_of(request.user, course)
    if participant is None:
        raise Http404
    timezone.activate(course.tzinfo)
    return course, participant


def private_file(field, filename, content_type):
    """A private file as an attachment that no browser renders inline, never cached."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
