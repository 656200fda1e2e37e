import datetime

from django import template

register = template.Library()


@register.filter
def iso_ms(instant):
    """An instant as ISO 8601 in UTC with milliseconds, which every browser's Date.parse reads."""
    if instant is None:
        return ""
    return instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@register.filter
def clock(seconds):
    """Seconds as m:ss (or h:mm:ss), e.g. for the time left in a paused round."""
    if seconds is None:
        return ""
    total = max(0, int(round(float(seconds))))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
