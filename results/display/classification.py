"""A result in words, as a classification shows it: its position or status, its time or gap, and
what a penalty changed after the finish.

Everything here works on rows already fetched, so it adds no queries however many cars a
session has.
"""

from django.contrib.humanize.templatetags.humanize import ordinal

from results.display.times import format_gap, format_time
from results.models import Result

# What the position column shows for a car without a place.
STATUS_SHORT = {
    Result.Status.NOT_CLASSIFIED: "NC",
    Result.Status.RETIRED: "DNF",
    Result.Status.DID_NOT_START: "DNS",
    Result.Status.DISQUALIFIED: "DSQ",
    Result.Status.EXCLUDED: "EXC",
}


def time_or_gap(result: Result) -> str:
    """The winner's race time, or another car's gap to it: "23:58:24.723", "+7.123", "+1 Lap".

    Where a source gives only the gap to the class leader ("seven laps down" in a report),
    that is what shows: "+7 Laps in class".
    """
    if result.position == 1:
        return format_time(result.total_time_ms)
    gap = format_gap(result.gap_ms, result.gap_laps)
    if gap:
        return gap
    class_gap = format_gap(result.class_gap_ms, result.class_gap_laps)
    return f"{class_gap} in class" if class_gap else ""


def time_or_gap_in_class(result: Result, leader: Result | None) -> str:
    """`time_or_gap` within one class: the class winner's time, another car's gap to it.

    The gap the source gives to the class leader where it gives one; else worked out from
    the laps and times of the two cars; else nothing, rather than a gap to another car.
    """
    if leader is None:
        return time_or_gap(result)
    if result is leader:
        return format_time(result.total_time_ms)
    given = format_gap(result.class_gap_ms, result.class_gap_laps)
    if given or result.position is None:
        return given  # a car out of the classification has no gap but the one given
    if result.laps is not None and leader.laps is not None and result.laps < leader.laps:
        return format_gap(None, leader.laps - result.laps)
    if result.laps == leader.laps and None not in (result.total_time_ms, leader.total_time_ms):
        return format_gap(result.total_time_ms - leader.total_time_ms, None)
    return ""


def class_place(result: Result) -> int | None:
    """The class position a reader is shown: none for a car without a class.

    Such cars are still ranked among themselves (the Overall podium and the standings of a
    series without classes count on it); a page must not call that rank a class place.
    """
    return result.class_position if result.entry.car_class_id is not None else None


def position_label(result: Result) -> str:
    """The overall position, or what the car was instead: "DNF", "DSQ"."""
    return position_words(result.position, result.status)


def position_words(position: int | None, status: str) -> str:
    """`position_label` from the values alone."""
    return str(position) if position is not None else STATUS_SHORT.get(status, "")


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
