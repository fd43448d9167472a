"""Line charts drawn on the server: this module works out the geometry, a template writes the SVG.

The marks a chart repeats (gridlines, tick labels, lines, legend entries) are written here
as HTML (grid_and_lines, legend): a season page carries a chart per class, with a line
and a tick per competitor and round, too many for template loops to write fast.

No JavaScript: the page carries the finished drawing, and every chart is paired with a
table of the same numbers for readers who cannot see it.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString

from results.display.framestack import with_room
from results.display.html import escape
from results.stats.standings.points import from_hundredths

# Told apart by colour and, for the second four, by dash, so print and colour-blind readers
# can follow a line too (Okabe-Ito colours, which stay distinct for the common deficiencies).
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#999933")
DASHES = ("", "", "", "", "6 3", "6 3", "2 3", "2 3")


@dataclass(frozen=True)
class Tick:
    at: str  # a coordinate, written in Python so no locale formats it
    label: str


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    points: str  # "x,y x,y …" for <polyline points="…">
    summary: str  # the values as text, for the line's <title>


@dataclass(frozen=True)
class LineChart:
    title: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    y_label_x: int
    x_label_y: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `ticks` gridlines up to `maximum`."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _number(value: float) -> str:
    return f"{value:g}"


def line_chart(
    *,
    title: str,
    x_labels: list[str],
    series: list[tuple[str, list[Decimal]]],
    width: int = 720,
    height: int = 300,
) -> LineChart:
    """Lines from a common start at 0 through one value per x label (cumulative points after each round)."""
    left, right, top, bottom = 48, width - 16, 12, height - 28
    highest = max((float(v) for _, values in series for v in values), default=0.0)
    step = nice_step(highest)
    y_max = max(step, math.ceil(highest / step) * step)
    steps = len(x_labels)

    def x(i: int) -> float:
        return left + (right - left) * i / max(steps, 1)

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / y_max

    y_ticks = [Tick(f"{y(k * step):.1f}", _number(k * step)) for k in range(int(round(y_max / step)) + 1)]
    x_ticks = [Tick(f"{x(i):.1f}", label) for i, label in enumerate(x_labels, start=1)]
    lines = []
    for n, (label, values) in enumerate(series):
        coords = [(x(0), y(0))] + [(x(i), y(float(v))) for i, v in enumerate(values, start=1)]
        lines.append(
            Line(
                label=label,
                colour=PALETTE[n % len(PALETTE)],
                dash=DASHES[n % len(DASHES)],
                points=" ".join(f"{px:.1f},{py:.1f}" for px, py in coords),
                summary=f"{label}: " + ", ".join(f"{x_label} {v}" for x_label, v in zip(x_labels, values, strict=True)),
            )
        )
    return LineChart(
        title=title,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        y_label_x=left - 6,
        x_label_y=bottom + 18,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        lines=lines,
    )


@with_room  # a call per competitor and round: see framestack
def points_chart(table, rounds) -> LineChart | None:
    """A standings table's leaders (its `charted` rows) as lines of their points after each of `rounds`.

    `table` is a stats.standings StandingsTable; None when it ranks no one.
    """
    if not table.rows:
        return None
    return line_chart(
        title=f"{table.title}: points after each round",
        x_labels=[r.label for r in rounds],
        series=[(row.competitor.name, [from_hundredths(h) for h in row.running_totals]) for row in table.charted],
    )


def _dashed(line: Line) -> str:
    return f' stroke-dasharray="{line.dash}"' if line.dash else ""


@with_room  # a call per point and gridline: see framestack
def grid_and_lines(chart: LineChart) -> SafeString:
    """The chart's gridlines with their values, its x labels, and a line per competitor titled with its values."""
    marks = []
    for tick in chart.y_ticks:
        marks.append(
            f'<line x1="{chart.left}" x2="{chart.right}" y1="{tick.at}" y2="{tick.at}" stroke="#d9dee4"/>'
            f'<text x="{chart.y_label_x}" y="{tick.at}" text-anchor="end" dominant-baseline="middle"'
            f' fill="#5a6370">{escape(tick.label)}</text>'
        )
    marks.extend(
        f'<text x="{tick.at}" y="{chart.x_label_y}" text-anchor="middle" fill="#5a6370">{escape(tick.label)}</text>'
        for tick in chart.x_ticks
    )
    marks.extend(
        f'<polyline points="{line.points}" fill="none" stroke="{line.colour}" stroke-width="2"'
        f' stroke-linejoin="round"{_dashed(line)}><title>{escape(line.summary)}</title></polyline>'
        for line in chart.lines
    )
    return SafeString("\n".join(marks))


def legend(chart: LineChart) -> SafeString:
    """The chart's key: each line's colour and dash beside its label, as list items."""
    return SafeString(
        "\n".join(
            f'<li><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" y2="5"'
            f' stroke="{line.colour}" stroke-width="3"{_dashed(line)}/></svg> {escape(line.label)}</li>'
            for line in chart.lines
        )
    )
