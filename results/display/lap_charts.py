"""The race story's charts, drawn on the server: places lap by lap, gaps to the class
leader, every car's stints over the race, the weather. The geometry is worked out here,
templates/results/_lap_chart.html and _stints_chart.html write the SVG, and each chart
is paired with a table of the same numbers. Caution periods are shaded on each.
"""

import math
from dataclasses import dataclass, replace
from html import escape

from django.utils.safestring import SafeString, mark_safe

from results.display.charts import DASHES, PALETTE, Line, LineChart, Tick, nice_step
from results.models.times import format_time

WIDTH, LEFT, RIGHT_MARGIN, TOP, BOTTOM_MARGIN = 720, 40, 44, 10, 26


@dataclass(frozen=True)
class Band:
    """A caution period, shaded across the chart."""

    x: str
    width: str
    title: str
    red: bool


@dataclass(frozen=True)
class Trace(Line):
    """One car's (or reading's) line, and where its label goes at its end."""

    end_x: str
    end_y: str


@dataclass(frozen=True)
class LapChart(LineChart):
    """A LineChart over laps or race time, its caution periods shaded."""

    bands: list[Band]

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top


def _f(value: float) -> str:
    return f"{value:.1f}"


class _Axes:
    """x from 0 to `x_max` across the plot; y from `y_min` at the top to `y_max` at the bottom."""

    def __init__(self, x_max: float, y_min: float, y_max: float, height: int):
        self.x_max, self.y_min, self.y_max, self.height = max(x_max, 1), y_min, max(y_max, y_min + 1), height
        self.left, self.right, self.top, self.bottom = LEFT, WIDTH - RIGHT_MARGIN, TOP, height - BOTTOM_MARGIN

    def x(self, value: float) -> float:
        return self.left + (self.right - self.left) * value / self.x_max

    def y(self, value: float) -> float:
        return self.top + (self.bottom - self.top) * (value - self.y_min) / (self.y_max - self.y_min)

    def points(self, pairs) -> list[tuple[float, float]]:
        """(x, y) of many (x value, y value) at once: a chart of 22 cars over 400 laps has 9,000."""
        x_scale, y_scale = (self.right - self.left) / self.x_max, (self.bottom - self.top) / (self.y_max - self.y_min)
        left, top, y_min = self.left, self.top, self.y_min
        return [(left + x_scale * x, top + y_scale * (y - y_min)) for x, y in pairs]

    def chart(self, title: str, x_ticks, y_ticks, traces, bands) -> LapChart:
        return LapChart(
            title=title,
            width=WIDTH,
            height=self.height,
            left=self.left,
            top=self.top,
            right=self.right,
            bottom=self.bottom,
            y_label_x=self.left - 6,
            x_label_y=self.bottom + 16,
            x_ticks=x_ticks,
            y_ticks=y_ticks,
            lines=_apart(traces),
            bands=bands,
        )

    def bands(self, cautions, *, in_laps: bool) -> list[Band]:
        found = []
        for period in cautions:
            start, end = (period.first_lap - 1, period.last_lap) if in_laps else (period.starts_ms, period.ends_ms)
            title = f"{period.get_kind_display()}: laps {period.first_lap}–{period.last_lap}"
            found.append(Band(_f(self.x(start)), _f(self.x(end) - self.x(start)), title, period.kind == "red"))
        return found


def _lap_ticks(axes: _Axes, laps: int) -> list[Tick]:
    step = nice_step(laps, 8)
    return [Tick(_f(axes.x(n)), str(int(n))) for n in _steps(step, laps)]


def _steps(step: float, maximum: float) -> list[float]:
    return [k * step for k in range(1, int(maximum // step) + 1)]


def _drawn(coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points a line needs: one that moves less than half a pixel up or down from the
    last one kept, with the next one no further, is not seen; a line of 400 laps of one
    place is two points, not 400."""
    if len(coords) < 3:
        return list(coords)
    kept, kept_y = [coords[0]], coords[0][1]
    # A plain loop over indexes: a laps page draws some 20,000 points, and this is its hot spot.
    for i in range(1, len(coords) - 1):
        y = coords[i][1]
        if abs(y - kept_y) < 0.5 and abs(coords[i + 1][1] - kept_y) < 0.5:
            continue
        kept.append(coords[i])
        kept_y = y
    kept.append(coords[-1])
    return kept


# A label is 10 px high; labels closer than this, and near each other along the line, overlap.
LABEL_HEIGHT, LABEL_WIDTH = 11, 30


def _apart(traces: list[Trace]) -> list[Trace]:
    """The traces with their end labels moved down, where needed, so that none covers another:
    cars that finish close together (a gap chart's leaders) would write their numbers on top
    of one another. Each label keeps its line's end where it is free."""
    placed: list[tuple[float, float]] = []
    moved = {}
    for trace in sorted(traces, key=lambda trace: (float(trace.end_y), float(trace.end_x))):
        x, y = float(trace.end_x), float(trace.end_y)
        for other_x, other_y in sorted(placed, key=lambda at: at[1]):
            if abs(other_x - x) < LABEL_WIDTH and abs(other_y - y) < LABEL_HEIGHT:
                y = other_y + LABEL_HEIGHT
        placed.append((x, y))
        moved[id(trace)] = y
    return [
        trace if moved[id(trace)] == float(trace.end_y) else replace(trace, end_y=_f(moved[id(trace)]))
        for trace in traces
    ]


def _trace(n: int, label: str, coords: list[tuple[float, float]], summary: str) -> Trace:
    coords = _drawn(coords)
    end_x, end_y = coords[-1] if coords else (0, 0)
    return Trace(
        label=label,
        colour=PALETTE[n % len(PALETTE)],
        dash=DASHES[n % len(DASHES)],
        points=" ".join(f"{x:.1f},{y:.1f}" for x, y in coords),
        end_x=_f(end_x + 3),
        end_y=_f(end_y),
        summary=summary,
    )


def position_chart(*, title: str, cars: list[tuple[str, list[tuple[int, int]]]], laps: int, cautions) -> LapChart:
    """The lap chart: each car's place (in its class) at the end of every lap, 1 at the top."""
    places = max((place for _, progress in cars for _, place in progress), default=1)
    axes = _Axes(laps, 0.5, places + 0.5, height=max(160, 24 + 18 * places))
    y_ticks = [Tick(_f(axes.y(place)), str(place)) for place in range(1, places + 1)]
    traces = [
        _trace(n, label, axes.points(progress), _places_said(label, progress))
        for n, (label, progress) in enumerate(cars)
    ]
    return axes.chart(title, _lap_ticks(axes, laps), y_ticks, traces, axes.bands(cautions, in_laps=True))


def gap_chart(*, title: str, cars: list[tuple[str, list[tuple[int, int]]]], laps: int, cautions) -> LapChart:
    """Each car's gap to the class leader at every lap's end, in seconds, the leader's 0 at the
    top; gaps beyond the chart's reach (a car laps down) run along its bottom edge."""
    gaps = sorted(gap for _, progress in cars for _, gap in progress if gap is not None)
    # The chart reaches the gap most laps stay within, so that one car far behind does not flatten the rest.
    reach_s = max(10.0, gaps[int(len(gaps) * 0.9)] / 1000) if gaps else 10.0
    step = nice_step(reach_s, 5)
    reach_s = math.ceil(reach_s / step) * step
    axes = _Axes(laps, 0, reach_s, height=260)
    y_ticks = [Tick(_f(axes.y(s)), f"{s:g} s") for s in [0.0, *_steps(step, reach_s)]]
    traces = []
    for n, (label, progress) in enumerate(cars):
        coords = axes.points([(lap, min(gap / 1000, reach_s)) for lap, gap in progress if gap is not None])
        summary = f"{label}: " + ", ".join(f"lap {lap} +{format_time(gap)}" for lap, gap in progress[::25] if gap)
        traces.append(_trace(n, label, coords, summary))
    return axes.chart(title, _lap_ticks(axes, laps), y_ticks, traces, axes.bands(cautions, in_laps=True))


def _places_said(label: str, progress: list[tuple[int, int]]) -> str:
    """A car's places as text, where they changed: "#7: P1 from lap 1, P2 from lap 40, …"."""
    changes, last = [], None
    for lap, place in progress:
        if place != last:
            changes.append(f"P{place} from lap {lap}")
            last = place
    return f"{label}: " + ", ".join(changes)


def weather_chart(*, title: str, readings, starts_at, duration_ms: int, cautions) -> LapChart | None:
    """Air and track temperatures (°C) through the race, hours from the start along the bottom."""
    points = [(r, (r.taken_at - starts_at).total_seconds() * 1000) for r in readings]
    points = [(r, at) for r, at in points if 0 <= at <= duration_ms]
    temperatures = [t for r, _ in points for t in (r.air_c, r.track_c) if t is not None]
    if not temperatures:
        return None
    low, high = math.floor(min(temperatures)) - 1, math.ceil(max(temperatures)) + 1
    axes = _Axes(duration_ms, -high, -low, height=200)  # warmer higher: the axis runs down from -high
    step = nice_step(high - low, 4)
    y_ticks = [Tick(_f(axes.y(-t)), f"{t:g}°") for t in _steps(step, high) if t >= low]
    traces = []
    for n, (label, attribute) in enumerate((("Air", "air_c"), ("Track", "track_c"))):
        coords = [(axes.x(at), axes.y(-getattr(r, attribute))) for r, at in points if getattr(r, attribute) is not None]
        traces.append(_trace(n, label, coords, f"{label} temperature, °C"))
    return axes.chart(title, _hour_ticks(axes, duration_ms), y_ticks, traces, axes.bands(cautions, in_laps=False))


def _hour_ticks(axes: _Axes, duration_ms: int) -> list[Tick]:
    hour = 3_600_000
    step = hour if duration_ms <= 12 * hour else 3 * hour
    return [Tick(_f(axes.x(at)), f"{int(at // hour)} h") for at in _steps(step, duration_ms)]


@dataclass(frozen=True)
class Timeline:
    title: str
    width: int
    height: int
    axis_y: int
    rows: SafeString  # the cars' rows, drawn: hundreds of stints, written here rather than by a template loop
    x_ticks: list[Tick]
    bands: list[Band]


ROW = 16


def stints_timeline(*, title: str, cars, duration_ms: int, cautions) -> Timeline:
    """Every car's stints along the race's time, one row a car, each driver of its crew in a
    colour of their own; a mark at every stop. `cars`: (label, crew's driver ids, stints)."""
    height = TOP + ROW * len(cars) + BOTTOM_MARGIN
    axes = _Axes(duration_ms, 0, 1, height=height)
    axes.left = 64
    drawn = []
    for n, (label, crew, car_stints) in enumerate(cars):
        y, text_y, bar = TOP + ROW * n + 2, _f(TOP + ROW * n + ROW / 2 + 1), ROW - 4
        drawn.append(
            f'<text x="{axes.left - 4}" y="{text_y}" text-anchor="end" dominant-baseline="middle" '
            f'fill="#1f2933">{escape(label)}</text>'
        )
        for stint in car_stints:
            place = crew.index(stint.driver_id) if stint.driver_id in crew else len(PALETTE) - 1
            x0, x1 = axes.x(stint.starts_ms), axes.x(stint.ends_ms)
            said = (
                f"{label}, stint {stint.order}: {stint.driver}, laps {stint.first_lap}–{stint.last_lap}, "
                f"{format_time(stint.duration_ms)}"
            )
            drawn.append(
                f'<rect x="{_f(x0)}" y="{y}" width="{_f(max(x1 - x0, 0.5))}" height="{bar}" '
                f'fill="{PALETTE[place % len(PALETTE)]}"><title>{escape(said)}</title></rect>'
            )
            if stint.pit_time_ms is not None:
                drawn.append(f'<rect x="{_f(x0)}" y="{y}" width="1.5" height="{bar}" fill="#fff"/>')
    return Timeline(
        title=title,
        width=WIDTH,
        height=height,
        axis_y=height - BOTTOM_MARGIN + 16,
        rows=mark_safe("\n".join(drawn)),  # noqa: S308 -- every text in it is escaped above
        x_ticks=_hour_ticks(axes, duration_ms),
        bands=axes.bands(cautions, in_laps=False),
    )
