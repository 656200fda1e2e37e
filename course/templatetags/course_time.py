from django import template

from course.timezones import format_course_datetime, format_course_time, to_course_time

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
def course_local(instant, course):
    """The instant as an aware datetime in the course's zone, for use with |date."""
    if instant is None:
        return None
    return to_course_time(course, instant)
