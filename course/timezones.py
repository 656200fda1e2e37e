"""Showing UTC instants in a course's own time zone, always with the offset spelled out.

Dates and clocks follow the active language's formats (Django's, with config/formats for British English and
Arabic date-times): “5 February 2024, 23:59 CET (UTC+1)”, “5 février 2024 23:59 CET (UTC+1)”. The zone's
abbreviation and the UTC offset are the same in every language.
"""

from django.utils import timezone
from django.utils.formats import date_format, get_format, time_format


def to_course_time(course, instant):
    return timezone.localtime(instant, course.tzinfo)


def format_offset(local_dt):
    offset = local_dt.utcoffset()
    total_minutes = int(offset.total_seconds() // 60)
    sign = "+" if total_minutes >= 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def format_zone(local_dt):
    """“CET (UTC+1)”: the zone's abbreviation, then the offset from UTC."""
    return f"{local_dt.tzname()} ({format_offset(local_dt)})"


def format_clock(local_dt, *, seconds=False):
    """The wall-clock time in the active language's TIME_FORMAT; ``seconds`` adds the seconds after the minutes
    (TIME_FORMAT has none, and logs need the order of events within a minute)."""
    if not seconds:
        return time_format(local_dt, "TIME_FORMAT")
    pattern = get_format("TIME_FORMAT")
    pattern = pattern.replace("i", "i:s", 1) if "i" in pattern and "s" not in pattern else "H:i:s"
    return time_format(local_dt, pattern)


def format_course_datetime(course, instant):
    """“5 February 2024, 23:59 CET (UTC+1)” (in English)."""
    local = to_course_time(course, instant)
    return f"{date_format(local, 'DATETIME_FORMAT')} {format_zone(local)}"


def format_course_time(course, instant, *, seconds=False):
    """“14:30 CEST (UTC+2)”; with ``seconds``, “14:30:05 CEST (UTC+2)” (in English)."""
    local = to_course_time(course, instant)
    return f"{format_clock(local, seconds=seconds)} {format_zone(local)}"
