"""How a race time, kept in whole milliseconds, is written: as timing sheets write it.

Pages (results.display.times) and importers' messages write times the same way, and
results.importers.times reads them back.
"""


def format_time(ms: int | None) -> str:
    """95605 -> "1:35.605"; 86304723 -> "23:58:24.723"; 58123 -> "58.123"."""
    if ms is None:
        return ""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    if minutes:
        return f"{minutes}:{seconds:02d}.{millis:03d}"
    return f"{seconds}.{millis:03d}"
