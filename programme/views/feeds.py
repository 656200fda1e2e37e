"""Calendar feeds: the public programme and a participant's personal agenda at a secret URL.

Both carry an ETag that changes only with a new release, and answer 304 to a matching If-None-Match."""

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

from course.domain.languages import language_of
from participants.models import Participant
from programme.domain.agenda import personal_sessions
from programme.domain.feeds import build_calendar, feed_etag
from programme.models import CalendarFeedToken

from .common import course_or_404, not_modified, not_modified_response, published_programme

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body, etag, filename):
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["ETag"] = etag
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    return response


def programme_feed(request, slug):
    course = course_or_404(slug)
    programme = published_programme(course)
    # Kinds and tracks are named in the reader's language, so the ETag names it too.
    etag = feed_etag(programme.release if programme else None, f"public-{translation.get_language()}")
    if not_modified(request, etag):
        return not_modified_response(etag)
    sessions = programme.sessions if programme else []
    cancelled = programme.cancelled if programme else []
    body = build_calendar(course, programme, sessions, name=course.title, cancelled=cancelled)
    return _calendar_response(body, etag, f"{course.slug}-programme.ics")


def personal_feed(request, secret):
    if "\x00" in secret:  # PostgreSQL refuses a NUL even in a lookup: 404, not 500
        raise Http404
    token = (
        CalendarFeedToken.objects.filter(secret=secret).select_related("course", "user__language_preference").first()
    )
    if token is None:
        raise Http404
    course = token.course
    participant = Participant.objects.filter(user_id=token.user_id, pair__course=course).first()
    if participant is None:
        raise Http404
    programme = published_programme(course)
    etag = feed_etag(programme.release if programme else None, f"pair{participant.pair_id}")
    if not_modified(request, etag):
        return not_modified_response(etag)
    sessions, cancelled = [], []
    if programme is not None:
        sessions = personal_sessions(programme, participant)
        cancelled = programme.for_pair(participant.pair_id, programme.cancelled)
    # A calendar app sends no useful language: the feed speaks the language its owner chose on the site.
    with translation.override(language_of(token.user)):
        name = gettext("%(course)s – my agenda") % {"course": course.title}
        body = build_calendar(course, programme, sessions, name=name, cancelled=cancelled)
    return _calendar_response(body, etag, "my-agenda.ics")
