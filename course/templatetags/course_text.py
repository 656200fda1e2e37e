from django import template
from django.utils.safestring import mark_safe

from course.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """{{ course.call_text|markdown }}: Markdown rendered and sanitised by nh3 (course.markdown)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has sanitised it
