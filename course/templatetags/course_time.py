"""Instants shown in the course's time zone with its UTC offset, formatted for the active language."""

from django import template
from django.templatetags.tz import do_timezone
from django.utils.html import format_html

from course.timezones import format_clock, format_course_datetime, format_course_time, format_zone, to_course_time

register = template.Library()


@register.filter
def course_datetime(instant, course):
    """{{ course.deadline|course_datetime:course }} → “5 February 2024, 23:59 CET (UTC+1)”."""
    if instant is None:
        return ""
    return format_course_datetime(course, instant)


@register.filter
def course_time(instant, course):
    if instant is None:
        return ""
    return format_course_time(course, instant)


@register.filter
def course_time_seconds(instant, course):
    """{{ e.created_at|course_time_seconds:course }} → “14:30:05 CEST (UTC+2)”: for logs, where the order of
    events within a minute matters."""
    if instant is None:
        return ""
    return format_course_time(course, instant, seconds=True)


@register.filter
def course_local(instant, course):
    """The instant in the course's zone, for use with |date ({{ s.starts_at|course_local:course|date:"l j F" }}).

    Built by Django's own |timezone filter, which marks it so that |date does not convert it back to UTC."""
    if instant is None:
        return None
    return do_timezone(instant, course.tzinfo)


@register.simple_tag
def course_time_range(course, start, end):
    """{% course_time_range course s.starts_at s.ends_at %} → “09:00–10:30 CEST (UTC+2)” in <time> elements;
    both zones are named when a clock change falls in between (“01:30 CEST (UTC+2) – 03:30 CET (UTC+1)”)."""
    local_start, local_end = to_course_time(course, start), to_course_time(course, end)
    if local_start.utcoffset() == local_end.utcoffset():
        return format_html(
            '<time datetime="{}">{}</time>–<time datetime="{}">{}</time> {}',
            start.isoformat(),
            format_clock(local_start),
            end.isoformat(),
            format_clock(local_end),
            format_zone(local_end),
        )
    return format_html(
        '<time datetime="{}">{}</time> – <time datetime="{}">{}</time> {}',
        start.isoformat(),
        format_course_time(course, start),
        end.isoformat(),
        format_clock(local_end),
        format_zone(local_end),
    )
