"""Server-rendered SVG charts for the debrief (no JavaScript charting library).

Which picture:

- **Two delegations**: the classic negotiation plot. Every package is a point (x = the first delegation's points,
  y = the second's); the Pareto frontier is highlighted and joined; dashed lines mark each BATNA, so the zone of
  agreement is the upper-right box; each table's agreement is a labelled marker (no agreement sits on the
  BATNA corner).
- **Three or more delegations**: a scatter cannot show every axis, so each package is projected onto
  x = joint gain (Σ points − BATNA: how much value the package creates) and y = the smallest margin over the
  delegations (how well it treats the delegation that gains least; above 0 everyone beats its BATNA). Frontier
  packages are highlighted; the dashed lines are "no agreement" (joint gain 0) and "someone is at its BATNA"
  (smallest margin 0). Up and to the right is better on both counts, and each table's agreement is marked.
- **Per table**: a bar chart of every delegation's points with its BATNA as a tick, for the delegations' own
  view of the result.

Identical points are drawn once, so even a 5×5×5×5×5 scenario draws a few hundred circles. Every chart has a
<title>, a <desc> and role="img" with aria-labelledby for screen readers.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi, gettext, pgettext

from simulations import analysis
from simulations.labels import move_label

WIDTH, HEIGHT = 640, 420
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 24, 24, 56
TABLE_COLOURS = ("#b3261e", "#1e7a46", "#9a5b00", "#6a3d9a", "#0f5c8c", "#c2185b", "#00796b", "#5d4037")


@dataclass(frozen=True)
class TableMark:
    """One table's result on the chart: its label and its agreed package (None: no agreement)."""

    label: str
    package: dict | None
    current: bool = False


def _ticks(low, high, count=5):
    if high <= low:
        return [low]
    raw = (high - low) / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = min((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), default=raw)
    start = np.ceil(low / step) * step
    return [float(v) for v in np.arange(start, high + step / 2, step)]


def format_figure(value):
    """A figure as people read it: 8.0 → "8", 7.25 → "7.2" (one decimal)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class _Plot:
    def __init__(self, x_range, y_range):
        (self.x0, self.x1), (self.y0, self.y1) = x_range, y_range
        if self.x1 == self.x0:
            self.x1 = self.x0 + 1
        if self.y1 == self.y0:
            self.y1 = self.y0 + 1

    def x(self, value):
        return MARGIN_LEFT + (value - self.x0) / (self.x1 - self.x0) * (WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

    def y(self, value):
        return HEIGHT - MARGIN_BOTTOM - (value - self.y0) / (self.y1 - self.y0) * (HEIGHT - MARGIN_TOP - MARGIN_BOTTOM)

    def axes(self, x_label, y_label):
        parts = [
            f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - MARGIN_RIGHT}" '
            f'y2="{HEIGHT - MARGIN_BOTTOM}" stroke="#5b6472"/>',
            f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_TOP}" x2="{MARGIN_LEFT}" y2="{HEIGHT - MARGIN_BOTTOM}" stroke="#5b6472"/>',
        ]
        for tick in _ticks(self.x0, self.x1):
            x = self.x(tick)
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle" font-size="11" '
                f'fill="#5b6472">{format_figure(tick)}</text>'
            )
        for tick in _ticks(self.y0, self.y1):
            y = self.y(tick)
            parts.append(
                f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                f'fill="#5b6472">{format_figure(tick)}</text>'
            )
        parts.append(
            f'<text x="{(MARGIN_LEFT + WIDTH - MARGIN_RIGHT) / 2:.1f}" y="{HEIGHT - 14}" text-anchor="middle" '
            f'font-size="12" fill="#1d2430">{_svg_words(x_label)}</text>'
        )
        parts.append(
            f'<text x="14" y="{(MARGIN_TOP + HEIGHT - MARGIN_BOTTOM) / 2:.1f}" text-anchor="middle" font-size="12" '
            f'fill="#1d2430" transform="rotate(-90 14 {(MARGIN_TOP + HEIGHT - MARGIN_BOTTOM) / 2:.1f})">'
            f"{_svg_words(y_label)}</text>"
        )
        return parts

    def vline(self, value, label):
        x = self.x(value)
        return (
            f'<line class="batna-line" x1="{x:.1f}" y1="{MARGIN_TOP}" x2="{x:.1f}" y2="{HEIGHT - MARGIN_BOTTOM}" '
            f'stroke="#9a5b00" stroke-dasharray="5 4"/><text x="{x + 4:.1f}" y="{MARGIN_TOP + 12}" font-size="11" '
            f'fill="#9a5b00">{_svg_words(label)}</text>'
        )

    def hline(self, value, label):
        y = self.y(value)
        return (
            f'<line class="batna-line" x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y:.1f}" '
            f'stroke="#9a5b00" stroke-dasharray="5 4"/><text x="{WIDTH - MARGIN_RIGHT - 4}" y="{y - 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="#9a5b00">{_svg_words(label)}</text>'
        )


def _svg(chart_id, title, desc, parts, css_class="chart"):
    return mark_safe(
        # direction="ltr": a chart is not mirrored on a right-to-left page, its number axes read left to right
        f'<svg class="{css_class}" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'direction="ltr" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>'
        + "".join(parts)
        + "</svg>"
    )


def _projection(sheet):
    """(x, y, axis labels, batna lines) for every package, per the module docstring."""
    space = sheet.space
    if len(sheet.delegations) == 2:
        first, second = sheet.delegations
        return (
            space.scores[:, 0],
            space.scores[:, 1],
            (_points_of(first), _points_of(second)),
            (sheet.batna[first], sheet.batna[second]),
        )
    return (
        space.joint_gains,
        space.margins.min(axis=1),
        (gettext("Joint gain (Σ points − BATNA)"), gettext("Smallest margin over the delegations")),
        (0.0, 0.0),
    )


def _mark_xy(sheet, package):
    if package is None:
        if len(sheet.delegations) == 2:
            return sheet.batna[sheet.delegations[0]], sheet.batna[sheet.delegations[1]]
        return 0.0, 0.0
    points = analysis.score_package(sheet, package)
    if len(sheet.delegations) == 2:
        return points[sheet.delegations[0]], points[sheet.delegations[1]]
    margins = [points[d] - sheet.batna[d] for d in sheet.delegations]
    return sum(margins), min(margins)


def _short(text, limit):
    """Text cut to ``limit`` characters with an ellipsis (the full text stays in the element's <title>)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:  # end on a whole word when one ends in the second half
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,(–-") + "…"


# A generous estimate of 12 px semi-bold text (Chromium measures 7.1 px a character, 14.2 px a line).
LABEL_CHAR_WIDTH, LABEL_ASCENT, LABEL_DESCENT, LABEL_STEP = 7.5, 13.0, 4.0, 18


def _label_box(x, y, anchor, text):
    width = LABEL_CHAR_WIDTH * len(text)
    left = x if anchor == "start" else x - width
    return (left, y - LABEL_ASCENT, left + width, y + LABEL_DESCENT)


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place_label(text, cx, cy, size, taken):
    """(x, y, anchor) for a table's name beside its diamond: the preferred side first (the left when the diamond
    sits in the right third, so it is never clipped), then the other side, then above, then further down, until
    the label overlaps no label placed before it and stays inside the chart. ``taken`` grows by its box."""
    right_side = cx < MARGIN_LEFT + (WIDTH - MARGIN_LEFT - MARGIN_RIGHT) * 2 / 3
    sides = [("start", cx + size + 3), ("end", cx - size - 3)]
    if not right_side:
        sides.reverse()
    candidates = []
    for step in range(12):
        for dy in (size + 12,) if step == 0 else (size + 12 + 14 * step, -(size + 2) - 14 * (step - 1)):
            candidates.extend((x, cy + dy, anchor) for anchor, x in sides)
    for x, y, anchor in candidates:
        box = _label_box(x, y, anchor, text)
        if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > HEIGHT:
            continue
        if not any(_overlaps(box, other) for other in taken):
            taken.append(box)
            return x, y, anchor
    x, y, anchor = candidates[0]  # nowhere free (dozens of tables): the first place, as before
    taken.append(_label_box(x, y, anchor, text))
    return x, y, anchor


def _mark_label(label, cx, cy, size, colour, taken=None):
    """A table's name beside its diamond, placed so that it overlaps no label placed before (``taken``)."""
    text = _short(label, 28)
    x, y, anchor = _place_label(text, cx, cy, size, [] if taken is None else taken)
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" font-weight="600" '
        f'fill="{colour}">{escape(text)}</text>'
    )


def agreement_chart(sheet, marks, *, names=None, chart_id="agreement-chart"):
    """The frontier chart with each table's agreement marked (see the module docstring)."""
    names = names or {}
    xs, ys, (x_label, y_label), (bx, by) = _projection(sheet)
    if len(sheet.delegations) == 2:
        first, second = sheet.delegations
        x_label = _points_of(names.get(first, first))
        y_label = _points_of(names.get(second, second))
    mark_points = [(_mark_xy(sheet, m.package), m) for m in marks]
    all_x = [float(xs.min()), float(xs.max()), bx, *(p[0][0] for p in mark_points)]
    all_y = [float(ys.min()), float(ys.max()), by, *(p[0][1] for p in mark_points)]
    pad_x = (max(all_x) - min(all_x)) * 0.05 or 1
    pad_y = (max(all_y) - min(all_y)) * 0.05 or 1
    plot = _Plot((min(all_x) - pad_x, max(all_x) + pad_x), (min(all_y) - pad_y, max(all_y) + pad_y))
    parts = plot.axes(x_label, y_label)
    two = len(sheet.delegations) == 2
    parts.append(
        plot.vline(bx, _batna_of(names.get(sheet.delegations[0], sheet.delegations[0])) if two else _no_agreement())
    )
    parts.append(
        plot.hline(by, _batna_of(names.get(sheet.delegations[1], sheet.delegations[1])) if two else _someone_at_batna())
    )

    frontier = sheet.space.on_frontier
    others = {(float(x), float(y)) for x, y in zip(xs[~frontier], ys[~frontier], strict=True)}
    front = sorted({(float(x), float(y)) for x, y in zip(xs[frontier], ys[frontier], strict=True)})
    others -= set(front)
    parts.append('<g class="packages" fill="#9aa3b0" fill-opacity="0.55">')
    parts.extend(f'<circle cx="{plot.x(x):.1f}" cy="{plot.y(y):.1f}" r="2.5"/>' for x, y in sorted(others))
    parts.append("</g>")
    if two and len(front) > 1:
        path = " ".join(f"{plot.x(x):.1f},{plot.y(y):.1f}" for x, y in sorted(front, key=lambda p: (p[0], -p[1])))
        parts.append(f'<polyline class="frontier-line" points="{path}" fill="none" stroke="#0f5c8c" stroke-width="2"/>')
    parts.append('<g class="frontier" fill="#0f5c8c">')
    frontier_title = escape(gettext("Pareto frontier"))
    parts.extend(
        f'<circle cx="{plot.x(x):.1f}" cy="{plot.y(y):.1f}" r="4"><title>{frontier_title}</title></circle>'
        for x, y in front
    )
    parts.append("</g>")
    taken = []  # label boxes placed so far: no two table names overlap
    for n, ((x, y), mark) in enumerate(mark_points):
        colour = TABLE_COLOURS[n % len(TABLE_COLOURS)]
        cx, cy = plot.x(x), plot.y(y)
        size = 9 if mark.current else 7
        outcome = gettext("agreement") if mark.package else _no_agreement()
        label = f"{mark.label}: {outcome}"
        parts.append(
            f'<g class="agreement-point{" current" if mark.current else ""}" data-table="{escape(mark.label)}">'
            f"<title>{escape(label)} ({format_figure(x)}, {format_figure(y)})</title>"
            f'<path d="M {cx:.1f} {cy - size:.1f} L {cx + size:.1f} {cy:.1f} L {cx:.1f} {cy + size:.1f} '
            f'L {cx - size:.1f} {cy:.1f} Z" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
            f"{_mark_label(mark.label, cx, cy, size, colour, taken)}</g>"
        )
    if two:
        desc = gettext(
            "Every package as a point: x the points of %(first)s, y those of %(second)s. Blue: the Pareto frontier. "
            "Dashed: each BATNA. Diamonds: each table's agreement."
        ) % {
            "first": names.get(sheet.delegations[0], sheet.delegations[0]),
            "second": names.get(sheet.delegations[1], sheet.delegations[1]),
        }
    else:
        desc = gettext(
            "Every package projected onto joint gain (x) and the smallest margin over the delegations (y). Blue: "
            "packages on the Pareto frontier. Dashed: no agreement (x = 0) and a delegation at its BATNA (y = 0). "
            "Diamonds: each table's agreement."
        )
    listed = "; ".join(
        gettext("%(table)s at (%(x)s, %(y)s)") % {"table": m.label, "x": format_figure(x), "y": format_figure(y)}
        for (x, y), m in mark_points
    )
    return _svg(chart_id, gettext("Agreements against the Pareto frontier"), f"{desc} {listed}", parts)


def points_bar_chart(rows, *, chart_id="points-chart", title=None):
    """Horizontal bars of each delegation's points with its BATNA as a tick. rows: [(name, points, batna)]."""
    if not rows:
        return ""
    title = title or gettext("Points against BATNA")
    height = MARGIN_TOP + 30 * len(rows) + 40
    top = max(max(p, b) for _, p, b in rows) or 1
    low = min(0, *(min(p, b) for _, p, b in rows))
    left, right = 200, WIDTH - MARGIN_RIGHT

    def x(value):
        return left + (value - low) / (top - low) * (right - left)

    parts = []
    for n, (name, points, batna) in enumerate(rows):
        y = MARGIN_TOP + 30 * n
        beats = points > batna
        parts.append(
            f'<g class="bar" data-beats="{str(beats).lower()}"><title>'
            + escape(
                gettext("%(name)s: %(points)s points, BATNA %(batna)s")
                % {"name": name, "points": format_figure(points), "batna": format_figure(batna)}
            )
            + "</title>"
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" font-size="12" fill="#1d2430">{escape(_short(name, 28))}</text>'
            f'<rect x="{x(min(0, points)):.1f}" y="{y + 3}" width="{abs(x(points) - x(0)):.1f}" height="16" '
            f'fill="{"#1e7a46" if beats else "#b3261e"}"/>'
            f'<line x1="{x(batna):.1f}" y1="{y}" x2="{x(batna):.1f}" y2="{y + 22}" stroke="#1d2430" stroke-width="2"/>'
            f'<text x="{x(points) + 4:.1f}" y="{y + 15}" font-size="11" fill="#1d2430">{format_figure(points)}</text></g>'
        )
    desc = gettext(
        "Bars: each delegation's points (green beats its BATNA, red does not); the black tick marks its BATNA."
    )
    legend_y = MARGIN_TOP + 30 * len(rows) + 16
    beats, beats_not, its_batna = (
        _svg_words(gettext("beats its BATNA")),
        _svg_words(gettext("does not")),
        _svg_words(gettext("its BATNA")),
    )
    parts.append(
        f'<g class="legend" font-size="11" fill="#5b6472"><rect x="{left}" y="{legend_y - 9}" width="12" height="10" '
        f'fill="#1e7a46"/><text x="{left + 16}" y="{legend_y}">{beats}</text>'
        f'<rect x="{left + 120}" y="{legend_y - 9}" width="12" height="10" fill="#b3261e"/>'
        f'<text x="{left + 136}" y="{legend_y}">{beats_not}</text>'
        f'<line x1="{left + 210}" y1="{legend_y - 11}" x2="{left + 210}" y2="{legend_y + 2}" stroke="#1d2430" '
        f'stroke-width="2"/><text x="{left + 216}" y="{legend_y}">{its_batna}</text></g>'
    )
    svg = _svg(chart_id, title, desc, parts, css_class="chart bar-chart")
    return mark_safe(svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"'))


# --- The negotiation dance (simulations.dance) ------------------------------------------------------------

MOVE_COLOURS = {
    "concession": "#1e7a46",
    "selfish": "#b3261e",
    "fortunate": "#0f5c8c",
    "unfortunate": "#5d4037",
    "nice": "#6a3d9a",
    "silent": "#5b6472",
    None: "#ffffff",  # an opening: a ring
}
PANEL_WIDTH, PANEL_HEIGHT = 320, 170


def _move_legend():
    items = "".join(
        f'<li><svg class="legend-dot" viewBox="0 0 10 10" aria-hidden="true"><circle cx="5" cy="5" r="4" '
        f'fill="{colour}" stroke="#1d2430" stroke-width="1"/></svg> {escape(move_label(name or "opening"))}</li>'
        for name, colour in MOVE_COLOURS.items()
    )
    return f'<ul class="dance-legend small">{items}</ul>'


def dance_points_chart(dance, names=None, *, chart_id="dance-points"):
    """One small chart per delegation, laid out by CSS (two or more a row on a wide screen, one on a phone),
    so no label can overlap another and text stays legible: x = each tabled package in the order of the table,
    y = the points it gives the delegation, its BATNA dashed; its own moves are dots coloured by class (a ring:
    its opening). Returns the panels and a legend in one ``div``."""
    names = names or {}
    steps = dance.steps
    if not steps:
        return ""
    last = max(1, len(steps) - 1)
    panels = []
    for n, delegation in enumerate(dance.batna):
        values = [step.points[delegation] for step in steps]
        batna = dance.batna[delegation]
        low, high = min(*values, batna), max(*values, batna)
        if high == low:
            high = low + 1
        top, bottom, left, right = 26, PANEL_HEIGHT - 16, 36, PANEL_WIDTH - 8

        def px(i, left=left, right=right):
            return left + i / last * (right - left)

        def py(v, low=low, high=high, top=top, bottom=bottom):
            return bottom - (v - low) / (high - low) * (bottom - top)

        name = names.get(delegation, delegation)
        panel_id = f"{chart_id}-{n + 1}"
        parts = [
            f'<text x="4" y="16" font-size="13" font-weight="600" fill="#1d2430">{escape(_short(name, 40))}</text>',
            f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" fill="none" stroke="#d5dae1"/>',
            f'<text x="{left - 4}" y="{top + 9}" text-anchor="end" font-size="11" fill="#5b6472">{format_figure(high)}</text>',
            f'<text x="{left - 4}" y="{bottom}" text-anchor="end" font-size="11" fill="#5b6472">{format_figure(low)}</text>',
            f'<text x="{left}" y="{PANEL_HEIGHT - 3}" font-size="10" fill="#5b6472">1</text>',
            f'<text x="{right}" y="{PANEL_HEIGHT - 3}" text-anchor="end" font-size="10" fill="#5b6472">{len(steps)}</text>',
            f'<line class="batna-line" x1="{left}" y1="{py(batna):.1f}" x2="{right}" y2="{py(batna):.1f}" '
            f'stroke="#9a5b00" stroke-dasharray="5 4"><title>BATNA {format_figure(batna)}</title></line>',
            f'<polyline points="{" ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(values))}" fill="none" '
            f'stroke="#5b6472" stroke-width="1.5"/>',
        ]
        for i, step in enumerate(steps):
            if step.mover != delegation:
                continue
            kind = step.move_class or "opening"
            parts.append(
                f'<circle class="move move-{kind}" cx="{px(i):.1f}" cy="{py(values[i]):.1f}" r="4" '
                f'fill="{MOVE_COLOURS[step.move_class]}" stroke="#1d2430" stroke-width="1">'
                "<title>"
                + escape(
                    gettext("%(package)s: %(move)s, %(points)s points")
                    % {"package": step.label, "move": move_label(kind), "points": format_figure(values[i])}
                )
                + "</title></circle>"
            )
        desc = gettext(
            "The points each of the %(count)s tabled packages gives %(name)s, in the order tabled, against its "
            "BATNA of %(batna)s (dashed); dots are its own moves. The table below lists every package."
        ) % {"count": len(steps), "name": name, "batna": format_figure(batna)}
        title = gettext("%(name)s: points over the dance") % {"name": name}
        svg = _svg(panel_id, title, desc, parts, css_class="chart dance-panel")
        panels.append(
            svg.replace(f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {PANEL_WIDTH} {PANEL_HEIGHT}"').replace(
                "<svg ", f'<svg data-delegation="{escape(delegation)}" ', 1
            )
        )
    group_label = escape(gettext("The negotiation dance: each delegation’s points"))
    return mark_safe(
        f'<div class="dance-panels" id="{chart_id}" role="group" aria-label="{group_label}">{"".join(panels)}</div>'
        f"{_move_legend()}"
    )


def dance_path_chart(sheet, dance, names=None, *, chart_id="dance-path"):
    """The tabled packages in the space of the agreement chart (two delegations: their points; more: joint gain
    and the smallest margin), joined in the order tabled, so the table is seen moving toward or away from the
    frontier. Only the first and the last package are numbered; each dot names its package in a <title>."""
    names = names or {}
    if not dance.steps:
        return ""
    xs, ys, (x_label, y_label), (bx, by) = _projection(sheet)
    two = len(sheet.delegations) == 2
    if two:
        x_label = _points_of(names.get(sheet.delegations[0], sheet.delegations[0]))
        y_label = _points_of(names.get(sheet.delegations[1], sheet.delegations[1]))
    pts = [_mark_xy(sheet, step.package) for step in dance.steps]
    pad_x = (float(xs.max()) - float(xs.min())) * 0.05 or 1
    pad_y = (float(ys.max()) - float(ys.min())) * 0.05 or 1
    plot = _Plot(
        (min(float(xs.min()), bx) - pad_x, max(float(xs.max()), bx) + pad_x),
        (min(float(ys.min()), by) - pad_y, max(float(ys.max()), by) + pad_y),
    )
    parts = plot.axes(x_label, y_label)
    parts.append(plot.vline(bx, "BATNA" if two else _no_agreement()))
    parts.append(plot.hline(by, "BATNA" if two else _someone_at_batna()))
    frontier = sheet.space.on_frontier
    front = sorted({(float(x), float(y)) for x, y in zip(xs[frontier], ys[frontier], strict=True)})
    parts.append('<g class="frontier" fill="#0f5c8c" fill-opacity="0.25">')
    parts.extend(f'<circle cx="{plot.x(x):.1f}" cy="{plot.y(y):.1f}" r="3"/>' for x, y in front)
    parts.append("</g>")
    path = " ".join(f"{plot.x(x):.1f},{plot.y(y):.1f}" for x, y in pts)
    parts.append(f'<polyline class="dance-line" points="{path}" fill="none" stroke="#1d2430" stroke-width="1"/>')
    for step, (x, y) in zip(dance.steps, pts, strict=True):
        kind = step.move_class or "opening"
        parts.append(
            f'<circle class="move move-{kind}" cx="{plot.x(x):.1f}" cy="{plot.y(y):.1f}" r="4" '
            f'fill="{MOVE_COLOURS[step.move_class]}" stroke="#1d2430" stroke-width="1">'
            "<title>"
            + escape(
                gettext(
                    "%(number)s. %(package)s by %(name)s: %(move)s; joint gain %(gain)s, distance to the frontier "
                    "%(distance)s"
                )
                % {
                    "number": step.index + 1,
                    "package": step.label,
                    "name": names.get(step.mover, step.mover),
                    "move": move_label(kind),
                    "gain": format_figure(step.joint_gain),
                    "distance": format_figure(step.distance_to_frontier),
                }
            )
            + "</title></circle>"
        )
    taken = []
    ends = [(pgettext("dance chart", "first"), pts[0])] + (
        [(pgettext("dance chart", "last"), pts[-1])] if len(pts) > 1 else []
    )
    for text, (x, y) in ends:
        lx, ly, anchor = _place_label(text, plot.x(x), plot.y(y), 4, taken)
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="11" fill="#1d2430">{_svg_words(text)}</text>'
        )
    desc = gettext(
        "Each tabled package placed like the agreement chart, joined in the order tabled; faint blue: the Pareto "
        "frontier. Dots are coloured by the class of the move that tabled them."
    )
    title = gettext("The negotiation dance against the frontier")
    return _svg(chart_id, title, desc, parts, css_class="chart dance-chart")


def _points_of(name):
    return gettext("Points of %(name)s") % {"name": name}


def _batna_of(name):
    return gettext("BATNA of %(name)s") % {"name": name}


def _no_agreement():
    return gettext("no agreement")


def _someone_at_batna():
    return gettext("someone at its BATNA")


def _svg_words(text):
    """The app's words in an SVG <text>, escaped. A chart is drawn left to right on every page (direction="ltr");
    in a right-to-left language its words form a right-to-left isolate (U+2067 … U+2069), so they read in their
    own order while the label keeps its place on the chart."""
    text = escape(text)
    return f"\u2067{text}\u2069" if get_language_bidi() else text
