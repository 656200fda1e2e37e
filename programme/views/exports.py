"""Exports of the published programme: print view, PDF, JSON schedule and Frab XML.

Each export's ETag changes only with a new release or a change in the public materials it lists; a matching
If-None-Match gets 304, as the calendar feeds do."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation

from programme.domain.feeds import feed_etag
from programme.domain.queries.materials import materials_by_session, materials_stamp
from programme.enums import Track
from programme.exporters.printed import PrintScope, render_programme_html, render_programme_pdf
from programme.exporters.schedule import schedule_json, schedule_xml

from .common import course_or_404, not_modified, not_modified_response, parse_day, published_programme


def _published_or_404(slug):
    course = course_or_404(slug)
    programme = published_programme(course)
    if programme is None:
        raise Http404("The programme has not been published yet.")
    return course, programme


def _scope(request, course, programme):
    day = parse_day(request.GET.get("day"))
    track = request.GET.get("track", "")
    return PrintScope(day=day if day in programme.days(course) else None, track=track if track in Track.values else "")


def _etag(programme, kind, course):
    return feed_etag(programme.release, f"{kind}-{materials_stamp(course)}")


def _respond(body, content_type, etag, filename, *, attachment=False):
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response


def print_programme(request, slug):
    course, programme = _published_or_404(slug)
    scope = _scope(request, course, programme)
    html = render_programme_html(course, programme, scope, materials_by_session(course, cohort=False), request=request)
    return HttpResponse(html)


def programme_pdf(request, slug):
    course, programme = _published_or_404(slug)
    scope = _scope(request, course, programme)
    # The printed programme is in the reader's language, so its ETag names the language.
    etag = _etag(programme, f"pdf-{scope.slug}-{translation.get_language()}", course)
    if not_modified(request, etag):
        return not_modified_response(etag)
    html = render_programme_html(course, programme, scope, materials_by_session(course, cohort=False), for_pdf=True)
    pdf = render_programme_pdf(html)
    return _respond(pdf, "application/pdf", etag, f"{course.slug}-programme-{scope.slug}.pdf", attachment=True)


def programme_json(request, slug):
    course, programme = _published_or_404(slug)
    etag = _etag(programme, "json", course)
    if not_modified(request, etag):
        return not_modified_response(etag)
    # For apps, not people: one stable language (the site's), whatever the client's Accept-Language says.
    with translation.override(settings.LANGUAGE_CODE):
        data = schedule_json(course, programme, materials_by_session(course, cohort=False))
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return _respond(body, "application/json; charset=utf-8", etag, f"{course.slug}-schedule.json")


def programme_xml(request, slug):
    course, programme = _published_or_404(slug)
    etag = _etag(programme, "xml", course)
    if not_modified(request, etag):
        return not_modified_response(etag)
    with translation.override(settings.LANGUAGE_CODE):
        body = schedule_xml(course, programme, materials_by_session(course, cohort=False))
    return _respond(body, "application/xml; charset=utf-8", etag, f"{course.slug}-schedule.xml")
