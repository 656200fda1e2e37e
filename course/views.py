from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .domain.languages import remember_language
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


@require_POST
def set_language(request):
    """The switcher in every page's footer: Django's own view sets the cookie and goes back; a signed-in person's
    choice is also remembered for their next login, on any device."""

    response = django_set_language(request)
    code = request.POST.get("language", "")
    if response.status_code in (302, 303):
        remember_language(request.user, request.session, code)
    return response
