"""Read an IMSA lap file ("race laps": every lap of every car) and its weather file; and
the project's own lap and weather CSV (docs/archive-csv.md, "Laps"), which the demo keeps.

How the files read (../shared/data/real/README.md): a byte-order mark, `,` or `;`, header
names with leading spaces, a trailing delimiter; `DRIVER_NUMBER` is the driver's place in
the car's crew and `DRIVER_NAME` the name as written (accents or not);
`CROSSING_FINISH_LINE_IN_PIT` is `B` on an in-lap, and the out-lap after it carries
`PIT_TIME`; `FLAG_AT_FL` the flag at the line. The weather file gives one reading a minute
in °F, mph and inches of mercury, kept here in °C, km/h and hPa. Every problem is named
with its line and column; nothing is read from a file that has one.
"""

import datetime
from dataclasses import dataclass, replace

from results.importers.csvfile import CsvRows, decoded_text, fields_message, long_cells
from results.importers.errors import ImportValidationError, Problem
from results.importers.times import DurationError, parse_time_ms
from results.models.laps import Flag

# The project's own lap and weather CSV: the facts of the files above, in the archive's words.
ARCHIVE_LAP_COLUMNS = (
    "number", "driver", "lap", "time", "s1", "s2", "s3", "elapsed", "time_of_day", "kph", "in_pit", "pit_time", "flag",
)  # fmt: skip
ARCHIVE_WEATHER_COLUMNS = (
    "taken_at", "air_c", "track_c", "humidity", "pressure_hpa", "wind_kph", "wind_direction", "rain",
)  # fmt: skip
# The project's own lap columns, and the IMSA file's that say the same.
_AS_IMSA = {
    "number": "NUMBER", "driver": "DRIVER_NAME", "lap": "LAP_NUMBER", "time": "LAP_TIME", "s1": "S1", "s2": "S2",
    "s3": "S3", "elapsed": "ELAPSED", "time_of_day": "HOUR", "kph": "KPH", "pit_time": "PIT_TIME", "flag": "FLAG_AT_FL",
}  # fmt: skip
_OWN = {imsa: own for own, imsa in _AS_IMSA.items()}
# A 24-hour race of 60 cars is about 50,000 laps, 8 MB.
MAX_BYTES = 30 * 1024 * 1024
LAP_COLUMNS = ("NUMBER", "DRIVER_NUMBER", "LAP_NUMBER", "LAP_TIME", "ELAPSED", "FLAG_AT_FL")
WEATHER_COLUMNS = ("TIME_UTC_SECONDS", "AIR_TEMP", "TRACK_TEMP")
# The flags as timing files write them; a safety car is a full-course yellow here.
FLAGS = {"GF": Flag.GREEN, "G": Flag.GREEN, "FCY": Flag.CAUTION, "SC": Flag.CAUTION, "Y": Flag.CAUTION}
FLAGS |= {"RF": Flag.RED, "RED": Flag.RED, "R": Flag.RED, "FF": Flag.FINISH, "CHK": Flag.FINISH, "F": Flag.FINISH}


@dataclass(frozen=True)
class LapRow:
    """One lap of the file, read."""

    line: int
    number: str  # the car's, as written: "01" and "1" differ
    driver_number: int | None  # the driver's place in the crew
    driver_name: str
    lap: int
    time_ms: int | None
    s1_ms: int | None
    s2_ms: int | None
    s3_ms: int | None
    elapsed_ms: int
    time_of_day_ms: int | None
    kph: float | None
    in_pit: bool
    pit_time_ms: int | None
    flag: str
    class_code: str


@dataclass(frozen=True)
class WeatherRow:
    line: int
    taken_at: datetime.datetime
    air_c: float | None
    track_c: float | None
    humidity: float | None
    pressure_hpa: float | None
    wind_kph: float | None
    wind_direction: int | None
    rain: bool | None


def read_lap_file(data: bytes, *, name: str) -> list[LapRow]:
    """The laps of an IMSA lap file; raises ImportValidationError naming line, column and problem."""
    header, rows = _table(data, LAP_COLUMNS, "a lap file is a few MB")
    problems: list[Problem] = []
    laps = [lap for line, cells in rows(problems) if (lap := _Cells(line, cells, problems).lap()) is not None]
    if not problems and not laps:
        problems.append(Problem(2, "", "the file has a header but no laps"))
    if problems:
        raise ImportValidationError(problems).in_file(name)
    return laps


def read_weather_file(data: bytes, *, name: str) -> list[WeatherRow]:
    """The readings of an IMSA weather file, in metric units; raises ImportValidationError."""
    header, rows = _table(data, WEATHER_COLUMNS, "a weather file is a few tens of KB")
    problems: list[Problem] = []
    readings = [r for line, cells in rows(problems) if (r := _Cells(line, cells, problems).weather()) is not None]
    problems += _repeated_moments(readings, "TIME_UTC_SECONDS")
    if problems:
        raise ImportValidationError(problems).in_file(name)
    return readings


def read_archive_laps(data: bytes, *, name: str) -> list[LapRow]:
    """The laps of the project's own lap CSV (ARCHIVE_LAP_COLUMNS); raises ImportValidationError."""
    return _read_archive(data, name, ARCHIVE_LAP_COLUMNS, "archive_lap")


def read_archive_weather(data: bytes, *, name: str) -> list[WeatherRow]:
    """The readings of the project's own weather CSV (ARCHIVE_WEATHER_COLUMNS); raises ImportValidationError."""
    return _read_archive(data, name, ARCHIVE_WEATHER_COLUMNS, "archive_weather")


def _read_archive(data: bytes, name: str, columns: tuple[str, ...], reading: str) -> list:
    _, rows = _table(data, columns, "a lap file is a few MB")
    problems: list[Problem] = []
    read = [row for line, cells in rows(problems) if (row := getattr(_Cells(line, cells, problems), reading)())]
    if reading == "archive_weather":
        problems += _repeated_moments(read, "taken_at")
    if problems:
        raise ImportValidationError(problems).in_file(name)
    return read


def _repeated_moments(readings: list[WeatherRow], column: str) -> list[Problem]:
    """A problem for each reading at a moment an earlier one has: a session has one reading a moment."""
    first: dict[datetime.datetime, int] = {}
    problems = []
    for reading in readings:
        if reading.taken_at in first:
            said = f"a reading at this moment is given already, on line {first[reading.taken_at]}"
            problems.append(Problem(reading.line, column, said))
        first.setdefault(reading.taken_at, reading.line)
    return problems


def _table(data: bytes, required: tuple[str, ...], usual: str):
    """The header, and a reader of the rows as {column: cell} that notes their problems."""
    text = decoded_text(data, max_bytes=MAX_BYTES, usual=usual)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    csv_rows = CsvRows(text, delimiter=delimiter)
    header = [cell.strip() for cell in csv_rows.first()]
    missing = [Problem(1, column, "this column is missing") for column in required if column not in header]
    if missing:
        raise ImportValidationError(missing)

    def rows(problems: list[Problem]):
        try:
            for line, cells in csv_rows:
                beyond = any(cell.strip() for cell in cells[len(header) :])  # past the trailing empty column
                short = any(header[len(cells) :])  # a named column missing: a row cut short
                if beyond or short:
                    problems.append(Problem(line, "", fields_message(len(cells), header)))
                elif wrong := long_cells(line, header, cells):
                    problems += wrong
                else:
                    yield line, {column: cell.strip() for column, cell in zip(header, cells, strict=False) if column}
        except ImportValidationError as unreadable:  # a quote left open: the rest cannot be read
            problems += unreadable.problems

    return header, rows


class _Cells:
    """One row's cells, read one by one; each problem is noted with its column."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]):
        self.line, self.cells, self.problems = line, cells, problems

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def read(self, column: str, parse, what: str):
        text = self.cells.get(column, "")
        if not text:
            return None
        try:
            return parse(text)
        except (ValueError, DurationError):
            self.problem(column, f"“{text}” is not {what}")
            return None

    def time(self, column: str) -> int | None:
        return self.read(column, parse_time_ms, "a time")

    def whole(self, column: str) -> int | None:
        return self.read(column, int, "a whole number")

    def number(self, column: str) -> float | None:
        return self.read(column, float, "a number")

    def lap(self) -> LapRow | None:
        before = len(self.problems)
        number, lap, elapsed = self.cells.get("NUMBER", ""), self.whole("LAP_NUMBER"), self.time("ELAPSED")
        for column, value in (("NUMBER", number), ("LAP_NUMBER", lap), ("ELAPSED", elapsed)):
            if value in (None, "") and not self.cells.get(column):
                self.problem(column, "this is required")
        if lap is not None and lap < 1:
            self.problem("LAP_NUMBER", "laps are counted from 1")
        place = self.whole("DRIVER_NUMBER")
        if place is not None and place < 1:
            self.problem("DRIVER_NUMBER", "a driver's place in the crew is counted from 1")
        flag_text = self.cells.get("FLAG_AT_FL", "").upper()
        flag = FLAGS.get(flag_text, Flag.GREEN if not flag_text else None)
        if flag is None:
            self.problem("FLAG_AT_FL", f"“{flag_text}” is not a flag the archive knows ({', '.join(sorted(FLAGS))})")
        in_pit = self.cells.get("CROSSING_FINISH_LINE_IN_PIT", "").upper()
        if in_pit not in ("", "B"):
            self.problem("CROSSING_FINISH_LINE_IN_PIT", f"“{in_pit}” is neither B (in the pit lane) nor empty")
        values = {
            "driver_number": self.whole("DRIVER_NUMBER"),
            "time_ms": self.time("LAP_TIME"),
            "s1_ms": self.time("S1"),
            "s2_ms": self.time("S2"),
            "s3_ms": self.time("S3"),
            "time_of_day_ms": self.time("HOUR"),
            "kph": self.number("KPH"),
            "pit_time_ms": self.time("PIT_TIME"),
        }
        if len(self.problems) > before:
            return None
        return LapRow(
            line=self.line,
            number=number,
            driver_name=" ".join(self.cells.get("DRIVER_NAME", "").split()),
            lap=lap,
            elapsed_ms=elapsed,
            in_pit=in_pit == "B",
            flag=flag,
            class_code=self.cells.get("CLASS", ""),
            **values,
        )

    def archive_lap(self) -> LapRow | None:
        """A row of the project's own lap CSV, read as the IMSA file's would be."""
        cells = self.cells
        in_pit = {"yes": "B", "": ""}.get(cells.get("in_pit", "").lower())
        if in_pit is None:
            self.problem("in_pit", f"“{cells['in_pit']}” is neither yes nor empty")
            return None
        self.cells = {imsa: cells.get(own, "") for own, imsa in _AS_IMSA.items()} | {
            "CROSSING_FINISH_LINE_IN_PIT": in_pit
        }
        before = len(self.problems)
        lap = self.lap()
        # Its problems name the columns as this file does.
        self.problems[before:] = [replace(p, column=_OWN.get(p.column, p.column)) for p in self.problems[before:]]
        return lap

    def archive_weather(self) -> WeatherRow | None:
        """A row of the project's own weather CSV: already in metric units, the time in ISO 8601 UTC."""
        before = len(self.problems)
        taken_at = self.read("taken_at", datetime.datetime.fromisoformat, "a time written 2024-10-12T16:11:07Z")
        if taken_at is None and not self.cells.get("taken_at"):
            self.problem("taken_at", "this is required")
        values = {name: self.number(name) for name in ("air_c", "track_c", "humidity", "pressure_hpa", "wind_kph")}
        direction, rain = self.whole("wind_direction"), self.cells.get("rain", "").lower()
        if rain not in ("", "yes", "no"):
            self.problem("rain", f"“{rain}” is neither yes, no nor empty")
        if len(self.problems) > before:
            return None
        if taken_at.tzinfo is None:
            self.problem("taken_at", "give the time zone: UTC, written Z")
            return None
        return WeatherRow(
            self.line, taken_at, wind_direction=direction, rain={"": None, "yes": True, "no": False}[rain], **values
        )

    def weather(self) -> WeatherRow | None:
        before = len(self.problems)
        seconds = self.read("TIME_UTC_SECONDS", _utc_seconds, "a time in seconds since 1970")
        if seconds is None and not self.cells.get("TIME_UTC_SECONDS"):
            self.problem("TIME_UTC_SECONDS", "this is required")
        air, track, pressure = self.number("AIR_TEMP"), self.number("TRACK_TEMP"), self.number("PRESSURE")
        wind, direction, rain = self.number("WIND_SPEED"), self.whole("WIND_DIRECTION"), self.number("RAIN")
        humidity = self.number("HUMIDITY")
        if len(self.problems) > before:
            return None
        return WeatherRow(
            line=self.line,
            taken_at=seconds,
            air_c=_celsius(air),
            track_c=_celsius(track),
            humidity=humidity,
            pressure_hpa=None if pressure is None else round(pressure * 33.8639, 1),  # inches of mercury
            wind_kph=None if wind is None else round(wind * 1.609344, 1),  # miles an hour
            wind_direction=None if direction is None else direction % 360,
            rain=None if rain is None or rain < 0 else rain > 0,  # -1: the station does not say
        )


def _utc_seconds(text: str) -> datetime.datetime:
    """A moment written as whole seconds since 1970 (UTC); ValueError for one no calendar holds."""
    try:
        return datetime.datetime.fromtimestamp(int(text), tz=datetime.UTC)
    except (OverflowError, OSError) as error:
        raise ValueError(text) from error


def _celsius(fahrenheit: float | None) -> float | None:
    return None if fahrenheit is None else round((fahrenheit - 32) * 5 / 9, 1)
