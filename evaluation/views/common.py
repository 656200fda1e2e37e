from django.shortcuts import get_object_or_404

from course.models import Course


def course_or_404(slug):
    return get_object_or_404(Course, slug=slug)
