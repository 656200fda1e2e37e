"""Placeholder views; the applicant journey replaces them."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def dashboard(request):
    return HttpResponse("dashboard")


@login_required
def review_queue(request):
    return HttpResponse("reviews")


@login_required
def start_application(request, course_slug):
    return HttpResponse("start")
