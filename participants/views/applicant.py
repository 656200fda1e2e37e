"""Applicant journey views (placeholders until the journey lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def dashboard(request):
    return HttpResponse("dashboard")


@login_required
def start_application(request, course_slug):
    return HttpResponse("start")
