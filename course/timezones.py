"""Showing UTC instants in a course's own time zone, always with the offset spelled out."""

from django.utils import timezone


def to_course_time(course, instant):
    return timezone.localtime(instant, course.tzinfo)


def format_offset(local_dt):
    offset = local_dt.utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    sign = "+" if total_minutes >= 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def format_course_datetime(course, instant):
    """“5 February 2024, 23:59 CET (UTC+1)”."""
    local = to_course_time(course, instant)
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()} ({format_offset(local)})"


def format_course_time(course, instant, *, seconds=False):
    """“14:30 CEST (UTC+2)”; with ``seconds``, “14:30:05 CEST (UTC+2)”."""
    local = to_course_time(course, instant)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{clock} {local.tzname()} ({format_offset(local)})"
