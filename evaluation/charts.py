"""Server-rendered SVG charts for the impact report (no JavaScript), drawn like the debrief's
(simulations.charts): role="img", a <title> and <desc>, and the page puts a table beside each chart."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 560
ROW = 30
LEFT, RIGHT, TOP, BOTTOM = 190, 56, 16, 30
INK, MUTED, ACCENT, ACCENT_2 = "#1f2933", "#5b6472", "#0f5c8c", "#b3261e"


def _label(text, limit=30):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value):
    return f"{value:.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.1f}"


def _frame(chart_id, title, desc, height, body):
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>{body}</svg>'
    )


def bar_chart(chart_id, title, desc, bars, top, target=None):
    """Horizontal bars: ``bars`` = [(label, value or None)], from 0 to ``top``; a None bar reads "too few".
    ``target`` draws a dashed line (e.g. a response-rate target)."""
    height = TOP + BOTTOM + ROW * max(1, len(bars))
    span = WIDTH - LEFT - RIGHT
    top = top or 1
    parts = []
    for i, (label, value) in enumerate(bars):
        y = TOP + i * ROW
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 19}" text-anchor="end" font-size="12" fill="{INK}">{escape(_label(label))}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{LEFT + 4}" y="{y + 19}" font-size="12" fill="{MUTED}">{escape(_("too few answers"))}</text>'
            )
            continue
        w = max(0.0, min(1.0, value / top)) * span
        parts.append(f'<rect x="{LEFT}" y="{y + 6}" width="{w:.1f}" height="{ROW - 12}" fill="{ACCENT}"/>')
        parts.append(f'<text x="{LEFT + w + 4:.1f}" y="{y + 19}" font-size="12" fill="{INK}">{_num(value)}</text>')
    axis_y = TOP + ROW * max(1, len(bars))
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{axis_y}" stroke="{MUTED}"/>')
    parts.append(f'<text x="{LEFT}" y="{axis_y + 18}" font-size="11" fill="{MUTED}">0</text>')
    parts.append(
        f'<text x="{LEFT + span}" y="{axis_y + 18}" text-anchor="end" font-size="11" fill="{MUTED}">{_num(top)}</text>'
    )
    if target is not None:
        x = LEFT + min(1.0, target / top) * span
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{axis_y}" stroke="{ACCENT_2}" stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{axis_y + 18}" text-anchor="middle" font-size="11" fill="{ACCENT_2}">'
            f"{escape(_('target %(value)s') % {'value': _num(target)})}</text>"
        )
    return _frame(chart_id, title, desc, height + 6, "".join(parts))


def change_chart(chart_id, title, desc, rows):
    """A forest plot of paired changes: ``rows`` = [(label, PairedChange)]; a dot at the mean difference, a
    line for its 95 % interval, a vertical line at no change. Suppressed rows read "too few"."""
    shown = [c for _l, c in rows if not c.suppressed and c.mean_difference is not None]
    lows = [c.ci_low if c.ci_low is not None else c.mean_difference for c in shown]
    highs = [c.ci_high if c.ci_high is not None else c.mean_difference for c in shown]
    bound = max([abs(v) for v in lows + highs] + [1.0]) * 1.1
    height = TOP + BOTTOM + ROW * max(1, len(rows))
    span = WIDTH - LEFT - RIGHT

    def x(v):
        return LEFT + (v + bound) / (2 * bound) * span

    parts = []
    axis_y = TOP + ROW * max(1, len(rows))
    parts.append(f'<line x1="{x(0):.1f}" y1="{TOP}" x2="{x(0):.1f}" y2="{axis_y}" stroke="{MUTED}"/>')
    for i, (label, change) in enumerate(rows):
        y = TOP + i * ROW + ROW / 2
        parts.append(
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{INK}">{escape(_label(label))}</text>'
        )
        if change.suppressed or change.mean_difference is None:
            parts.append(
                f'<text x="{x(0) + 6:.1f}" y="{y + 4:.1f}" font-size="12" fill="{MUTED}">{escape(_("too few pairs"))}</text>'
            )
            continue
        if change.ci_low is not None:
            parts.append(
                f'<line x1="{x(change.ci_low):.1f}" y1="{y:.1f}" x2="{x(change.ci_high):.1f}" y2="{y:.1f}" '
                f'stroke="{ACCENT}" stroke-width="2"/>'
            )
        parts.append(f'<circle cx="{x(change.mean_difference):.1f}" cy="{y:.1f}" r="5" fill="{ACCENT}"/>')
    for v in (-bound, 0, bound):
        anchor = "start" if v < 0 else "end" if v > 0 else "middle"
        parts.append(
            f'<text x="{x(v):.1f}" y="{axis_y + 18}" text-anchor="{anchor}" font-size="11" fill="{MUTED}">'
            f"{'+' if v > 0 else ''}{_num(v)}</text>"
        )
    return _frame(chart_id, title, desc, height + 6, "".join(parts))
