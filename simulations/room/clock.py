"""The round clock of a room: its formats (also the templates' ``clock`` and ``iso_ms`` filters,
simulations.templatetags.simulation_tags) and its HTML, rendered once per table stamp and language.

Rendering the clock's template for every room load cost more CPU than the rest of a prepared room
(docs/performance.md, "The round-start burst"), so it is rendered once with two stand-ins, the server's instant
and the time left, which each request replaces with its own.
"""

import datetime

from django.template.loader import get_template
from django.utils import translation

from simulations.enums import RunState
from simulations.models import Run

CLOCK = "simulations/_round_clock.html"


def iso_ms(instant):
    """An instant as ISO 8601 in UTC with milliseconds, which every browser's Date.parse reads."""
    if instant is None:
        return ""
    return instant.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def clock(seconds):
    """Seconds as m:ss (or h:mm:ss), e.g. for the time left in a paused round."""
    if seconds is None:
        return ""
    total = max(0, int(round(float(seconds))))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


_CLOCK_NOW = datetime.datetime(2999, 1, 1, 0, 0, 0, 123000, tzinfo=datetime.UTC)
_CLOCK_LEFT = 9_999_999.0


class _ClockRun:
    """What the clock template reads of a run, with the time left as a stand-in."""

    def __init__(self, run):
        self.state, self.ends_at, self.remaining_seconds = run.state, run.ends_at, run.remaining_seconds

    def seconds_left(self):
        return _CLOCK_LEFT if self.state == RunState.RUNNING else Run.seconds_left(self)


def clock_html(run, now, rendered, language=None):
    """The round clock of ``run`` at ``now`` in ``language`` (default: the active one): the template rendered
    once per stamp and language (kept in ``rendered``, the table's prepared rooms) with the instant and the time
    left filled in."""
    language = language or translation.get_language()
    key = ("clock", run.room_stamp, language)
    shape = rendered.get(key)
    if shape is None:
        context = {"run": _ClockRun(run), "server_now": _CLOCK_NOW}
        with translation.override(language):
            shape = rendered.setdefault(key, get_template(CLOCK).render(context))
    return shape.replace(iso_ms(_CLOCK_NOW), iso_ms(now)).replace(clock(_CLOCK_LEFT), clock(run.seconds_left(now)))
