"""Race times as timing sheets and editors write them, read into whole milliseconds.

Times are never floats: "23:58:24.723" is 86_304_723 ms (results.display.times prints it
back the same).
"""

import re

_TIME = re.compile(r"^(?:(?:(?P<h>\d+):)?(?P<m>\d+)[:'])?(?P<s>\d+)(?:\.(?P<frac>\d{1,3}))?$")


_LAPS = re.compile(r"^(?P<n>-?\d+)\s*laps?$", re.IGNORECASE)


class DurationError(ValueError):
    pass


def parse_time_ms(text: str) -> int | None:
    """ "1:35.605" -> 95605; "23:58:24.723"; "58.123"; "4:00'04.690" (ACO apostrophe); "" -> None."""
    text = (text or "").strip().lstrip("+")
    if text in {"", "-"}:
        return None
    # The ACO's "4:00'04.690" writes hours:minutes'seconds; read the apostrophe as a colon.
    match = _TIME.match(text.replace("'", ":").replace(" ", "")) if text.count("'") + text.count(":") <= 2 else None
    if not match:
        raise DurationError(f"“{text}” is not a time (expected h:mm:ss.fff, m:ss.fff or ss.fff)")
    hours = int(match["h"] or 0)
    minutes = int(match["m"] or 0)
    seconds = int(match["s"])
    if (match["m"] is not None and seconds >= 60) or (match["h"] is not None and minutes >= 60):
        raise DurationError(f"“{text}” is not a time: minutes and seconds run to 59")
    millis = int((match["frac"] or "0").ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse_gap(text: str) -> tuple[int | None, int | None]:
    """A gap to the leader as (milliseconds, laps): "+2.112" -> (2112, None); "1 Lap" -> (None, 1).

    The leader's "-" or blank gives (None, None). A negative lap gap, which ACO files show
    for cars not classified, is read as its size.
    """
    text = (text or "").strip()
    if text in {"", "-"}:
        return None, None
    laps = _LAPS.match(text.lstrip("+"))
    if laps:
        return None, abs(int(laps["n"]))
    return parse_time_ms(text), None
