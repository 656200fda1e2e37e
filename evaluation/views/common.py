from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from course.models import Course
from evaluation.rules import can_manage_evaluation


def team_required(view):
    """The course team only; everyone else gets 404 (after a login), as on the other facilitator pages."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_manage_evaluation(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def course_or_404(slug):
    return get_object_or_404(Course, slug=slug)
