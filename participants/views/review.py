"""Reviewer views (placeholders until review lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def review_queue(request):
    return HttpResponse("reviews")
