"""Horizontal bar charts of a history review, drawn as inline SVG.

The charts need nothing from elsewhere: no script, font, stylesheet or image, so they
show with JavaScript off, offline and on paper. They are pictures for sighted readers
(``role="img"``, named by their ``<title>``, described by their ``<desc>``); the report
puts a table with the same numbers right after each one for everybody else.

Widths are percentages of the chart's width and everything vertical is in ``em``, rather
than one ``viewBox`` scaled as a whole: the text stays the size of the page's text
whatever the screen, so a chart is as legible at 320 px as at 1280 px and never makes the
page scroll sideways. Each category's label sits on its own line above its bars, wrapped
when long, and each bar carries its number, so no value needs a hover to be read. Series
differ by fill (solid, striped) as well as by colour; both colours have at least 3:1
contrast against the white background. Nothing moves.

The module knows no language: the report hands it the labels and a number formatter.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

SOLID = "solid"
STRIPED = "striped"

INK = "#333333"  # GC Design System text colour, 12.6:1 on white
MUTED = "#595959"  # GC secondary text, 7:1 on white
GRID = "#d9d9d9"  # decorative: every bar carries its number
# Bar colours, with their contrast against white: GC blue 12.6:1, GC red 7.1:1.
COLOURS = {SOLID: "#26374a", STRIPED: "#a62a1e"}

# The longest bar takes this share of the width; the rest holds its number
# (a seven-digit count in the chart's font still fits at 320 px).
PLOT = 68.0
MIN_BAR = 0.5  # percent: a count above zero always shows, however small beside the others
LABEL_CHARS = 30  # a label line fits a 288 px wide chart in the fallback fonts

LINE = 1.3  # em, one line of text
BAR = 0.9  # em, one bar's thickness
BAR_STEP = 1.2  # em, from one bar to the next of the same category
ROW_GAP = 0.6  # em, between categories


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name (in the legend) and its look (``SOLID`` or ``STRIPED``)."""

    name: str
    look: str


@dataclass(frozen=True)
class Row:
    """One category (a year, a consideration): its label and one count per series."""

    label: str
    counts: tuple[int, ...]


def scale(largest: int) -> list[int]:
    """The value axis' ticks, from 0 to a round number at least ``largest``: at most
    three steps of 1, 2 or 5 times a power of ten, so the tick labels never collide."""
    if largest <= 0:
        return [0, 1]
    power = 10 ** max(0, int(math.log10(largest)) - 1)
    step = next(
        s
        for s in (m * power * 10**k for k in range(3) for m in (1, 2, 5))
        if math.ceil(largest / s) <= 3
    )
    return [step * i for i in range(math.ceil(largest / step) + 1)]


def wrap(label: str, width: int = LABEL_CHARS) -> list[str]:
    """``label`` in lines of at most ``width`` characters, broken between words (a word
    longer than a line gets a line of its own)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _pct(count: int, top: int) -> float:
    if count <= 0:
        return 0.0
    return round(max(MIN_BAR, PLOT * count / top), 2)


def _em(value: float) -> str:
    return f"{round(value, 2):g}em"


def bar_chart(
    chart_id: str,
    rows: Sequence[Row],
    series: Sequence[Series],
    *,
    title: str,
    desc: str,
    axis: str,
    fmt: Callable[[int], str],
) -> str:
    """The SVG of a horizontal bar chart: one group of bars per row, one bar per series,
    on one scale from 0. ``chart_id`` prefixes every id inside, so several charts can
    share a page; ``fmt`` writes a count in the report's language."""
    ticks = scale(max((n for row in rows for n in row.counts), default=0))
    top = ticks[-1]
    body: list[str] = []
    y = 0.0
    if len(series) > 1:
        for s in series:
            body.append(
                f'<rect x="0" y="{_em(y + 0.25)}" width="1.6em" height="{_em(BAR)}" '
                f"{_fill(chart_id, s.look)}/>"
                f'<text x="2.1em" y="{_em(y + 1)}" fill="{INK}">{escape(s.name)}</text>'
            )
            y += LINE
        y += 0.3
    body.append(f'<text x="0" y="{_em(y + 1)}" fill="{INK}">{escape(axis)}</text>')
    y += LINE
    for i, tick in enumerate(ticks):
        anchor = "start" if i == 0 else "middle"
        body.append(
            f'<text x="{_pct_attr(tick, top)}" y="{_em(y + 1)}" fill="{MUTED}" '
            f'text-anchor="{anchor}">{escape(fmt(tick))}</text>'
        )
    y += LINE + 0.2
    plot_top = y
    bars: list[str] = []
    for row in rows:
        lines = wrap(row.label)
        bars.append(f'<text class="chart-label" y="{_em(y + 1)}" fill="{INK}" font-weight="700">')
        for j, line in enumerate(lines):
            bars.append(f'<tspan x="0" dy="{0 if j == 0 else _em(LINE)}">{escape(line)}</tspan>')
        bars.append("</text>")
        y += LINE * len(lines) + 0.1
        for s, count in zip(series, row.counts, strict=True):
            width = _pct(count, top)
            if width:  # no bar at all for 0, only its number
                bars.append(
                    f'<rect class="chart-bar" x="0" y="{_em(y)}" width="{width:g}%" '
                    f'height="{_em(BAR)}" {_fill(chart_id, s.look)}/>'
                )
            bars.append(
                f'<text x="{width:g}%" dx="0.4em" y="{_em(y + 0.75)}" fill="{INK}">'
                f"{escape(fmt(count))}</text>"
            )
            y += BAR_STEP
        y += ROW_GAP
    grid = "".join(
        f'<line x1="{_pct_attr(t, top)}" x2="{_pct_attr(t, top)}" y1="{_em(plot_top)}" '
        f'y2="{_em(y)}" stroke="{INK if t == 0 else GRID}" stroke-width="1"/>'
        for t in ticks
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" width="100%" '
        f'height="{_em(y)}" role="img" aria-labelledby="{chart_id}-title" '
        f'aria-describedby="{chart_id}-desc" focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f"{_defs(chart_id, series)}{''.join(body)}{grid}{''.join(bars)}</svg>"
    )


def _pct_attr(tick: int, top: int) -> str:
    return f"{round(PLOT * tick / top, 2):g}%"


def _fill(chart_id: str, look: str) -> str:
    colour = COLOURS[look]
    if look == STRIPED:
        return f'fill="url(#{chart_id}-stripes)" stroke="{colour}" stroke-width="1"'
    return f'fill="{colour}"'


def _defs(chart_id: str, series: Sequence[Series]) -> str:
    if not any(s.look == STRIPED for s in series):
        return ""
    # White stripes across the red: the bar's outline keeps the red's contrast.
    return (
        f'<defs><pattern id="{chart_id}-stripes" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{COLOURS[STRIPED]}"/>'
        '<rect width="2" height="6" fill="#ffffff"/></pattern></defs>'
    )
