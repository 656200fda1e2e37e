from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Course


def home(request):
    now = timezone.now()
    open_calls = list(Course.objects.open_calls(now).order_by("deadline"))
    upcoming = list(Course.objects.filter(opens_at__gt=now).order_by("opens_at"))
    past = list(Course.objects.filter(deadline__lt=now).order_by("-deadline")[:5])
    return render(
        request, "course/home.html", {"open_calls": open_calls, "upcoming": upcoming, "past": past, "now": now}
    )


def course_detail(request, slug):
    course = get_object_or_404(Course, slug=slug)
    return render(request, "course/course_detail.html", {"course": course, "now": timezone.now()})
