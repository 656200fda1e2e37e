"""Gates shared by the logistics views: the course team, the participant, private file answers."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from course.models import Course
from logistics.domain.queries.travellers import participation_of
from logistics.rules import can_manage_logistics

STOP_POLLING = 286  # htmx: swap this answer, then stop polling


def team_course(request, course_slug):
    """The course, for the course team; 404 for everyone else."""
    if not can_manage_logistics(request.user):
        raise Http404
    return get_object_or_404(Course, slug=course_slug)


def own_participation(request, course_slug):
    """(course, the user's participant seat); 404 for anyone not in the course's cohort."""
    course = get_object_or_404(Course, slug=course_slug)
    participant = participation_of(request.user, course)
    if participant is None:
        raise Http404
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
