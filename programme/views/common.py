import datetime

from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from course.models import Course
from course.permissions import require_facilitator
from programme.domain.releases import latest_release
from programme.domain.snapshots import read_snapshot


def course_or_404(slug):
    return get_object_or_404(Course, slug=slug)


def facilitator_course_or_404(request, slug):
    """Only facilitators may edit; everyone else gets a 404, not a hint that the page exists."""
    require_facilitator(request.user)
    return course_or_404(slug)


def published_programme(course):
    """The latest release read back from its snapshot, or None before the first release (one query)."""
    release = latest_release(course)
    return read_snapshot(release.snapshot, release) if release else None


def pick_day(days, requested, course):
    """The requested day if it is a programme day, else today during the course, else its first day."""
    if requested in days:
        return requested
    today = timezone.localtime(timezone.now(), course.tzinfo).date()
    return today if today in days else (days[0] if days else None)


def wants_partial(request):
    """An htmx swap gets a partial; a history restore (cache miss on Back) needs the full page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def vary_on_htmx(response):
    # The same URL answers with a partial or a full page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def parse_day(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def not_modified(request, etag):
    """Whether the client's If-None-Match matches ``etag``.

    Weak comparison (RFC 9110, 13.1.2): a proxy that compresses a response may hand the client W/"…"."""
    candidates = [tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")]
    return etag in candidates or "*" in candidates


def not_modified_response(etag):
    response = HttpResponseNotModified()
    response["ETag"] = etag
    return response
