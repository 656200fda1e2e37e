from django.shortcuts import render
from django.utils import timezone

from course.permissions import facilitator_required

from .domain.dashboard import summarise_courses


@facilitator_required
def facilitator_home(request):
    return render(request, "overview/facilitator_home.html", {"courses": summarise_courses(), "now": timezone.now()})
