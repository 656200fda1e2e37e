import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simulations import labels
from simulations.enums import POST_SETTLEMENT_ACTION, RoundAction, RunState, VoteChoice
from simulations.room.clock import clock, iso_ms
from simulations.room.html import HOLES
from simulations.room.pace import low_data_mode

register = template.Library()


@register.simple_tag
def room_poll_url(run, room):
    """The room's poll URL: the stamp the page shows and a signed token (run, user, seat) that lets the poll
    answer "nothing changed" without the session (simulations.room.state). The token is a hole, filled
    for each viewer (simulations.room.html)."""

    path = f"{reverse('simulations:room_updates', args=[run.pk])}?{urlencode({'v': run.room_stamp})}"
    return mark_safe(f"{escape(path)}&amp;t={HOLES['poll-token']}")  # noqa: S308 - escaped path, our marker


@register.simple_tag
def room_push_url(run):
    """The room's stream URL (simulations.room.push): the same signed token as the poll, a hole filled per
    viewer (simulations.room.html)."""

    if not settings.ROOM_PUSH_REDIS_URL:
        return ""  # no push path here (no Redis): the room polls
    path = reverse("simulations:room_stream", args=[run.pk])
    return mark_safe(f"{escape(path)}?t={HOLES['poll-token']}")  # noqa: S308 - escaped path, our marker


@register.simple_tag
def room_hole(name):
    """Where the room partial leaves something per viewer or per moment (simulations.room.html.HOLES)."""

    return mark_safe(HOLES[name])  # noqa: S308 - our own marker


@register.simple_tag(takes_context=True)
def room_low_data(context):
    """The viewer's low-data mode ("on" or "off"); a hole when the page is rendered to be shared by the table
    (no request then: simulations.room.html fills it per viewer)."""

    request = context.get("request")
    return low_data_mode(request) if request is not None else mark_safe(HOLES["low-data"])  # noqa: S308


register.filter("iso_ms", iso_ms)  # simulations.room.clock
register.filter("clock", clock)


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


def _inline(text):
    return _BOLD.sub(r"<strong>\1</strong>", escape(text))


@register.filter
def prose(text):
    """Scenario text as HTML: blank lines separate paragraphs, wrapped lines join, "- " / "1. " lines make
    lists and **bold** is bold. Everything else is escaped."""
    if not text:
        return ""
    blocks = []
    for block in re.split(r"\n\s*\n", str(text).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and _BULLET.match(lines[0]):
            items, current = [], []
            for line in lines:
                if _BULLET.match(line):
                    if current:
                        items.append(" ".join(current))
                    current = [_BULLET.sub("", line)]
                else:
                    current.append(line)
            items.append(" ".join(current))
            tag = "ol" if re.match(r"^\s*\d+\.", lines[0]) else "ul"
            blocks.append(f"<{tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + f"</{tag}>")
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece of text is escaped above


@register.filter
def duration(seconds):
    """A round's length for people: "10 min", "1 min 30 s", "20 s"."""
    if seconds is None:
        return ""
    total = max(0, int(round(float(seconds))))
    minutes, secs = divmod(total, 60)
    if not minutes:
        return gettext("%(seconds)s s") % {"seconds": secs}
    if secs:
        return gettext("%(minutes)s min %(seconds)s s") % {"minutes": minutes, "seconds": secs}
    return gettext("%(minutes)s min") % {"minutes": minutes}


@register.filter
def action_label(action):
    """A round action's name as participants read it ("Opening statement"), the raw value if unknown."""
    if action == POST_SETTLEMENT_ACTION:
        return _("Vote on post-settlement improvements")
    try:
        return RoundAction(action).label
    except ValueError:
        return action


@register.filter
def move_label(move):
    """A dance move's class as people read it (simulations.labels)."""
    return labels.move_label(move)


@register.filter
def kind_label(kind):
    """A timeline entry's or an activity column's kind as people read it (simulations.labels)."""
    return labels.kind_label(kind)


@register.filter
def vote_label(choice):
    """A stored vote ("yes") as people read it, in lower case as in a sentence; the raw value if unknown."""
    try:
        return str(VoteChoice(choice).label).lower()
    except ValueError:
        return choice


@register.filter
def run_state_label(state):
    """A run's state ("running") as people read it; the raw value if unknown."""
    try:
        return RunState(state).label
    except ValueError:
        return state
