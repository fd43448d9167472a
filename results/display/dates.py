"""Dates and starts as people write them: an event's days, a session's start in the circuit's time."""

from django.utils import dateformat


def session_start(session):
    """The start in the circuit's time with its zone ("Sat 27 Jan 2024, 13:40 EST"), or the day alone."""
    local = session.local_start
    if local is None:
        return ""
    if not session.start_time_known:
        return dateformat.format(local, "D j M Y")
    return dateformat.format(local, "D j M Y, H:i ") + local.tzname()


def date_range(event):
    """An event's dates as people write them: "25–28 Jan 2024", "30 Aug – 1 Sep 2024"."""
    start, end = event.start_date, event.end_date or event.start_date
    if start is None:
        return ""
    if start == end:
        return dateformat.format(start, "j M Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{dateformat.format(end, 'j M Y')}"
    if start.year == end.year:
        return f"{dateformat.format(start, 'j M')} – {dateformat.format(end, 'j M Y')}"
    return f"{dateformat.format(start, 'j M Y')} – {dateformat.format(end, 'j M Y')}"
