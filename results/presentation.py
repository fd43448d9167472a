"""A session's results shaped for a page: classes in the organiser's order, podiums and
poles, and the words for times, gaps and changes made after the finish.

Everything here works on rows already fetched (`Session.objects.for_event_page()`), so it
adds no queries however many cars a session has.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import ordinal

from results import durations
from results.models import CarClass, Result

# What the position column shows for a car without a place.
STATUS_SHORT = {
    Result.Status.NOT_CLASSIFIED: "NC",
    Result.Status.RETIRED: "DNF",
    Result.Status.DID_NOT_START: "DNS",
    Result.Status.DISQUALIFIED: "DSQ",
    Result.Status.EXCLUDED: "EXC",
}

PARTIAL_NOTICE = "Partial classification: only the cars named in the source are listed"


@dataclass(frozen=True)
class ClassGroup:
    """The placed cars of one class of a session, best first."""

    car_class: CarClass | None
    label: str
    results: list[Result]


def _class_key(car_class: CarClass | None):
    # The organiser's order; cars without a class come after every class.
    return (1, 0, "") if car_class is None else (0, car_class.order, car_class.name)


def by_class(results: list[Result], *, up_to: int | None = None) -> list[ClassGroup]:
    """Placed results grouped by class, classes in the organiser's order, each in class order.

    `up_to` keeps the cars placed up to that class position: 3 for podiums, 1 for winners
    and poles. A partial classification may lack a class's first cars; they are not
    replaced by the next ones known (the 6th is no podium).
    """
    groups: dict[int | None, list[Result]] = defaultdict(list)
    classes: dict[int | None, CarClass | None] = {}
    for result in results:
        if result.class_position is None or (up_to is not None and result.class_position > up_to):
            continue
        groups[result.entry.car_class_id].append(result)
        classes[result.entry.car_class_id] = result.entry.car_class
    only_unclassed = list(groups) == [None]
    ordered = sorted(groups, key=lambda key: _class_key(classes[key]))
    return [
        ClassGroup(
            car_class=classes[key],
            label=classes[key].name if classes[key] else ("Overall" if only_unclassed else "No class"),
            results=sorted(groups[key], key=lambda r: r.class_position),
        )
        for key in ordered
    ]


def classification_order(results: list[Result]) -> list[Result]:
    """Results in the order a classification reads: placed cars by position; then cars a
    partial source places only in class, classes in the organiser's order; then the
    unplaced, most laps first."""

    def key(result: Result):
        placed_in_class = result.class_position is not None
        return (
            result.position is None,
            result.position or 0,
            not placed_in_class,
            _class_key(result.entry.car_class) if placed_in_class else (),
            result.class_position or 0,
            -(result.laps or 0),
            result.entry.number,
        )

    return sorted(results, key=key)


def best_time_ms(result: Result) -> int | None:
    """The time that ranks a car in qualifying or practice: its best lap."""
    return result.best_lap_ms if result.best_lap_ms is not None else result.total_time_ms


def time_or_gap(result: Result) -> str:
    """The winner's race time, or another car's gap to it: "23:58:24.723", "+7.123", "+1 Lap".

    Where a source gives only the gap to the class leader ("seven laps down" in a report),
    that is what shows: "+7 Laps in class".
    """
    if result.position == 1:
        return durations.format_time(result.total_time_ms)
    gap = durations.format_gap(result.gap_ms, result.gap_laps)
    if gap:
        return gap
    class_gap = durations.format_gap(result.class_gap_ms, result.class_gap_laps)
    return f"{class_gap} in class" if class_gap else ""


def position_label(result: Result) -> str:
    """The overall position, or what the car was instead: "DNF", "DSQ"."""
    if result.position is not None:
        return str(result.position)
    return STATUS_SHORT.get(result.status, "")


def line_change(result: Result) -> str:
    """How the official classification differs from the order at the line, or "".

    "8th at the line, 7th after a penalty to another car": a car can only gain places
    after the finish when another car is penalised, and only lose them by its own penalty.
    """
    if result.position_at_line is not None and result.position_at_line != result.position:
        return _change(result, result.position_at_line, result.position, "")
    if result.class_position_at_line is not None and result.class_position_at_line != result.class_position:
        return _change(result, result.class_position_at_line, result.class_position, " in class")
    return ""


def moved_after_finish(result: Result) -> str:
    """ "up" or "down" when the official classification moved the car from its place at the line."""
    at_line, now = result.position_at_line, result.position
    if at_line is None or at_line == now:
        at_line, now = result.class_position_at_line, result.class_position
    if at_line is None or at_line == now:
        return ""
    return "up" if now is not None and now < at_line else "down"


def _change(result: Result, at_line: int, now: int | None, scope: str) -> str:
    before = f"{ordinal(at_line)}{scope} at the line"
    if now is None:
        return f"{before}, then {result.get_status_display().lower()}"
    if now < at_line:
        return f"{before}, {ordinal(now)} after a penalty to another car"
    return f"{before}, {ordinal(now)} after a penalty"


def text_colour_on(hex_colour: str) -> str:
    """Black or white, whichever reads better on a badge of `hex_colour` (#rrggbb)."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    # The luminance where black and white text have equal contrast (WCAG formula).
    return "#000" if luminance > 0.179 else "#fff"
