"""The printable programme (per day, per track or the whole week) as HTML and as an A4 PDF.

The HTML is the same template the print view serves; WeasyPrint lays it out with static/css/print.css and
fetches nothing (no network, no file outside that stylesheet)."""

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from programme.domain.queries.materials import attach_materials


@dataclass
class PrintScope:
    """What to print: one day, one track, or (neither) the whole week."""

    day: object = None
    track: str = ""

    @property
    def slug(self):
        if self.day:
            return f"day-{self.day.isoformat()}"
        return f"track-{self.track}" if self.track else "week"


def printed_days(course, programme, scope):
    """[(day, sessions)] with at least one session, restricted to the scope."""
    days = []
    for day in programme.days(course):
        if scope.day and day != scope.day:
            continue
        sessions = programme.on_day(course, day)
        if scope.track:
            sessions = [s for s in sessions if s.track == scope.track]
        if sessions:
            days.append((day, sessions))
    return days


def render_programme_html(course, programme, scope, materials, *, for_pdf=False, request=None):
    days = printed_days(course, programme, scope)
    zone = course.tzinfo
    for _day, sessions in days:
        attach_materials(sessions, materials)
        for session in sessions:
            session.local_span = f"{session.starts_at.astimezone(zone):%H:%M}–{session.ends_at.astimezone(zone):%H:%M}"
    context = {"course": course, "programme": programme, "scope": scope, "days": days, "for_pdf": for_pdf}
    return render_to_string("programme/print.html", context, request=request)


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"The programme PDF fetches nothing ({url}).")


def render_programme_pdf(html):
    # WeasyPrint loads Pango and fonts; only the PDF export and the week pack need it.
    from weasyprint import CSS, HTML  # noqa: PLC0415 (slow import)

    stylesheet = CSS(filename=finders.find("css/print.css"), url_fetcher=_refuse_fetch)
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(stylesheets=[stylesheet])
