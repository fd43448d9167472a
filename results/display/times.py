"""Race times and lengths as pages write them: times and gaps from whole milliseconds, a
session's scheduled length in words.

Times are never floats: 86_304_723 ms prints as "23:58:24.723".
"""

from django.template.defaultfilters import pluralize

from results.models.times import format_time

__all__ = ["format_gap", "format_time", "scheduled_length"]


def format_gap(gap_ms: int | None, gap_laps: int | None) -> str:
    """(7123, None) -> "+7.123"; (None, 1) -> "+1 Lap"; (None, 7) -> "+7 Laps"."""
    if gap_laps:
        return f"+{gap_laps} Lap" if gap_laps == 1 else f"+{gap_laps} Laps"
    if gap_ms is not None:
        return "+" + format_time(gap_ms)
    return ""


def scheduled_length(duration):
    """A session's scheduled length as the sport says it: "24 Hours", "2 Hours 40 Minutes", "45 Minutes"."""
    if not duration:
        return ""
    minutes = int(duration.total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    parts = [(hours, "Hour"), (minutes, "Minute")]
    return " ".join(f"{count} {unit}{pluralize(count)}" for count, unit in parts if count)
