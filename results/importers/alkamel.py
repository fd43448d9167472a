"""Al Kamel timing files: the official results CSV of IMSA and of the ACO family (WEC, ELMS, Le Mans).

`read_timing_file(data, name=..., makes=...)` tells the layout from the header (IMSA race
results, IMSA qualifying or practice results, ACO classification) and turns the file into
one `CarRow` per car for the writer. It takes the quirks of real files in its stride
(../shared/data/real/README.md lists them): `;` or `,`, a byte-order mark, a trailing
delimiter, short rows, header names with spaces, "4:00'04.690", "1 Laps", "-12 Laps", a
blank or "-" leader gap. A STATUS it does not know is kept as written, with a warning.
Every problem in the cells is collected with its line and column, then raised at once.

It reads the file only: no database. The makes the archive knows are passed in, to split
"Porsche 963" into Porsche / 963 and "Mercedes AMG GT3" into Mercedes-AMG / GT3.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django_countries import countries

from drivers.naming import fold, split_name
from results.importers.archive_csv import STATUS_WORDS
from results.importers.csvfile import CsvRows, decoded_text, fields_message, long_cells
from results.importers.errors import ImportValidationError, Problem
from results.importers.matching import compact
from results.importers.rows import MAX_CREW, CarRow, CrewMember
from results.importers.times import DurationError, parse_gap, parse_time_ms
from results.models import Result, Session

# A 60-car file is about 20 KB; anything near this is not a results file.
MAX_BYTES = 2 * 1024 * 1024

# Makes of more than one word, for an archive that does not hold them yet.
MULTI_WORD_MAKES = ("Aston Martin", "Mercedes-AMG", "Alfa Romeo", "Rolls-Royce")

RATINGS = ("Platinum", "Gold", "Silver", "Bronze")

# Country codes of the IOC kind that some sheets write where ISO 3166 has another.
SPORTING_COUNTRY_CODES = {"GER": "DE", "NED": "NL", "SUI": "CH", "POR": "PT", "DEN": "DK", "RSA": "ZA", "UAE": "AE"}

_STATUS = {word: status for status, words in STATUS_WORDS.items() for word in words}

# The result fields every layout gives; the rest (reason, grid, qualifying driver...) an
# editor may have typed, and a re-import keeps them.
_COMMON_COVERS = ("position", "class_position", "status", "source_status", "laps", "gap_ms", "gap_laps")


@dataclass(frozen=True)
class Layout:
    """One of the file layouts Al Kamel writes: its columns and what they fill."""

    key: str
    label: str
    kind: str  # the session kind it is, unless told otherwise
    position: str
    time: str  # the total time (race) or the best lap (qualifying)
    lap_number: str
    best_lap: str
    required: tuple[str, ...]
    covers: frozenset[str]

    @property
    def column_names(self) -> dict[str, str]:
        """The writer's field names -> this layout's columns, for messages."""
        crew = "DRIVER_1" if self.key == "aco" else "DRIVER1_FIRSTNAME"
        names = {
            "position": self.position,
            "class_position": "CLASS",
            "number": "NUMBER",
            "class_code": "CLASS",
            "team": "TEAM",
            "car_make": "VEHICLE",
            "car_model": "VEHICLE",
            "engine_make": "VEHICLE",
            "crew": crew,
            "status": "STATUS",
            "laps": "LAPS",
            "gap_ms": "GAP_FIRST",
            "gap_laps": "GAP_FIRST",
            "best_lap_ms": self.best_lap,
            "best_lap_number": self.lap_number,
        }
        if self.time != self.best_lap:
            names["total_time_ms"] = self.time
        return names


_CAR = ("NUMBER", "TEAM", "CLASS", "VEHICLE")
IMSA_RACE = Layout(
    key="imsa-race",
    label="IMSA race results",
    kind=Session.Kind.RACE,
    position="POSITION",
    time="TOTAL_TIME",
    lap_number="FL_LAPNUM",
    best_lap="FL_TIME",
    required=("POSITION", *_CAR, "STATUS", "LAPS", "TOTAL_TIME", "GAP_FIRST", "FL_LAPNUM", "FL_TIME")
    + ("DRIVER1_FIRSTNAME", "DRIVER1_SECONDNAME"),
    covers=frozenset((*_COMMON_COVERS, "total_time_ms", "best_lap_ms", "best_lap_number")),
)
IMSA_QUALIFYING = Layout(
    key="imsa-qualifying",
    label="IMSA qualifying or practice results",
    kind=Session.Kind.QUALIFYING,
    position="POS",
    time="TIME",
    lap_number="LAP",
    best_lap="TIME",
    required=("POS", *_CAR, "LAP", "TIME", "GAP_FIRST", "LAPS", "DRIVER1_FIRSTNAME", "DRIVER1_SECONDNAME"),
    covers=frozenset((*_COMMON_COVERS, "best_lap_ms", "best_lap_number")),
)
# The ACO names its crew one column per driver, and has the race columns of IMSA.
ACO_RACE = replace(
    IMSA_RACE,
    key="aco",
    label="ACO classification (WEC, ELMS, Le Mans)",
    required=("POSITION", *_CAR, "DRIVER_1", "STATUS", "LAPS", "TOTAL_TIME", "GAP_FIRST", "FL_LAPNUM", "FL_TIME"),
)
LAYOUTS = (IMSA_RACE, IMSA_QUALIFYING, ACO_RACE)


@dataclass(frozen=True)
class TimingFile:
    """A timing file read: its layout, one row per car, and what a reader should know."""

    name: str
    layout: Layout
    rows: tuple[CarRow, ...]
    warnings: tuple[str, ...] = ()

    @property
    def class_codes(self) -> list[str]:
        """The file's class codes, in the order they first appear."""
        return list(dict.fromkeys(row.class_code for row in self.rows if row.class_code))


def read_timing_file(data: bytes, *, name: str, makes: Iterable[str] = ()) -> TimingFile:
    """Read an Al Kamel results file; raises ImportValidationError naming line, column and problem."""
    try:
        return _read(data, name, makes)
    except ImportValidationError as error:
        raise error.in_file(name) from None


def _read(data: bytes, name: str, makes: Iterable[str]) -> TimingFile:
    text = _text(data)
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    rows = CsvRows(text, delimiter=delimiter)
    header = [cell.strip() for cell in rows.first()]
    layout = detect_layout(header)
    missing = [column for column in layout.required if column not in header]
    if missing:
        raise ImportValidationError(
            [Problem(1, column, f"this column is missing: the {layout.label} have it") for column in missing]
        )
    problems: list[Problem] = []
    warnings: list[str] = []
    splitter = _CarSplitter(makes)
    read = []
    try:
        for start, cells in rows:
            wrong = _shape_problems(start, header, cells)
            if wrong:
                problems += wrong
                continue
            named = {column: cell.strip() for column, cell in zip(header, cells, strict=False) if column}
            read.append(_Row(start, named, layout, problems, warnings).car_row(splitter))
    except ImportValidationError as unreadable:  # the rest of the file cannot be read: say so too
        problems += unreadable.problems
    if problems:
        raise ImportValidationError(problems)
    if not read:
        raise ImportValidationError(Problem(2, "", "the file has a header but no cars"))
    return TimingFile(name=name, layout=layout, rows=tuple(read), warnings=tuple(warnings))


# DRIVER9_FIRSTNAME, DRIVER_9: a crew member's column, and which member.
_DRIVER_COLUMN = re.compile(r"DRIVER_?(\d+)")


def _shape_problems(line: int, header: list[str], cells: list[str]) -> list[Problem]:
    """What is wrong with a row's fields as a whole: a field beyond the header (a trailing
    empty one is the files' own habit), a row ending before a column that is not a driver's
    (IMSA leaves out the empty columns of drivers a car did not have, nothing else), a
    driver beyond the crews the archive holds, a cell too long."""
    if any(cell.strip() for cell in cells[len(header) :]):
        return [Problem(line, "", fields_message(len(cells), header))]
    cut = [column for column in header[len(cells) :] if column and not _DRIVER_COLUMN.match(column)]
    if cut:
        return [Problem(line, "", fields_message(len(cells), header))]
    problems = long_cells(line, header, cells)
    beyond = {}  # each driver beyond the crew the archive holds, by the first column that names them
    for column, cell in zip(header, cells, strict=False):
        member = _DRIVER_COLUMN.match(column)
        if member and int(member.group(1)) > MAX_CREW and cell.strip():
            beyond.setdefault(int(member.group(1)), column)
    message = f"a driver beyond the {MAX_CREW} of a crew the archive holds"
    return problems + [Problem(line, column, message) for column in beyond.values()]


def _text(data: bytes) -> str:
    return decoded_text(data, max_bytes=MAX_BYTES, usual="a results file is a few tens of KB")


def detect_layout(header: list[str]) -> Layout:
    """The layout a header belongs to; ImportValidationError if it is none of them."""
    columns = set(header)
    if "DRIVER_1" in columns:
        return ACO_RACE
    if "POS" in columns or ("TIME" in columns and "TOTAL_TIME" not in columns):
        return IMSA_QUALIFYING
    if columns & {"POSITION", "TOTAL_TIME", "STATUS"}:
        return IMSA_RACE
    first = ", ".join(cell for cell in header[:4] if cell) or "nothing"
    raise ImportValidationError(
        Problem(
            1,
            "",
            f"this is not an Al Kamel results file: its first line starts with {first}, where the "
            "IMSA race results start POSITION;NUMBER;STATUS, the IMSA qualifying results POS;NUMBER;LAP "
            "and the ACO classification POSITION;NUMBER;TEAM;DRIVER_1",
        )
    )


class _Row:
    """One line of the file, read cell by cell; each problem is noted with its column."""

    def __init__(self, line: int, cells: dict[str, str], layout: Layout, problems: list, warnings: list):
        self.line, self.cells, self.layout = line, cells, layout
        self.problems, self.warnings = problems, warnings

    def cell(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def whole(self, column: str) -> int | None:
        text = self.cell(column)
        if text in ("", "-"):
            return None
        if not text.isdigit():
            self.problem(column, f"“{text}” is not a whole number")
            return None
        return int(text)

    def time(self, column: str) -> int | None:
        try:
            return parse_time_ms(self.cell(column))
        except DurationError as error:
            self.problem(column, str(error))
            return None

    def gap(self, column: str) -> tuple[int | None, int | None]:
        try:
            return parse_gap(self.cell(column))
        except DurationError as error:
            self.problem(column, f"{error}, nor laps (“2 Laps”)")
            return None, None

    def car_row(self, splitter: "_CarSplitter") -> CarRow:
        layout = self.layout
        number = self.cell("NUMBER").removeprefix("#")
        if not number:
            self.problem("NUMBER", "the car number is empty")
        position = self.whole(layout.position)
        status, written = self.status(position, number)
        if status in Result.UNPLACED:
            position = None  # the order of cars not classified is no place
        best_lap = self.time(layout.best_lap)
        lap_number = self.whole(layout.lap_number)
        gap_ms, gap_laps = self.gap("GAP_FIRST")
        make, model, engine = splitter.split(self.cell("VEHICLE"))
        return CarRow(
            line=self.line,
            number=number,
            class_code=self.cell("CLASS"),
            team=" ".join(self.cell("TEAM").split()),
            car_make=make,
            car_model=model,
            engine_make=engine,
            crew=self.crew(),
            position=position,
            status=status,
            source_status=written,
            laps=self.whole("LAPS"),
            total_time_ms=self.time(layout.time) if layout.time != layout.best_lap else None,
            gap_ms=gap_ms,
            gap_laps=gap_laps,
            best_lap_ms=best_lap,
            # A car without a time shows lap 0 for its best lap.
            best_lap_number=lap_number if best_lap is not None and lap_number else None,
        )

    def status(self, position: int | None, number: str) -> tuple[str, str]:
        written = self.cell("STATUS")
        if not written:
            return Result.Status.CLASSIFIED, ""
        status = _STATUS.get(fold(written))
        if status is None:
            # An unknown word is data, not an error: kept as written, the car placed as the file places it.
            status = Result.Status.CLASSIFIED if position is not None else Result.Status.NOT_CLASSIFIED
            self.warnings.append(
                f"Row {self.line}, #{number}: the status “{written}” is kept as written; "
                f"the car counts as {Result.Status(status).label.lower()}."
            )
        return status, written

    def crew(self) -> tuple[CrewMember, ...]:
        if self.layout is ACO_RACE:
            names = [self.cell(f"DRIVER_{n}") for n in range(1, MAX_CREW + 1)]
            return tuple(CrewMember(*split_name(name)) for name in names if name)
        crew = []
        for n in range(1, MAX_CREW + 1):
            prefix = f"DRIVER{n}_"
            given, family = self.cell(prefix + "FIRSTNAME"), self.cell(prefix + "SECONDNAME")
            if not given and not family:
                continue
            if not family:
                given, family = "", given
            # IMSA's DRIVERn_COUNTRY is where the driver lives, beside the hometown: Farfus and
            # Blomqvist live in Monaco. It is kept as part of the hometown, never as a
            # nationality, which only a source that states it gives (the demo's drivers.csv).
            country = self.country(prefix + "COUNTRY")
            hometown = ", ".join(part for part in (self.cell(prefix + "HOMETOWN"), country) if part)
            crew.append(
                CrewMember(
                    given_name=" ".join(given.split()),
                    family_name=" ".join(family.split()),
                    fia_rating=self.rating(prefix),
                    hometown=hometown,
                )
            )
        return tuple(crew)

    def country(self, column: str) -> str:
        """The name of the country in `column` (an IOC, FIA or ISO code), or "" if unknown."""
        code = self.cell(column).upper()
        if not code:
            return ""
        alpha2 = countries.alpha2(code) or SPORTING_COUNTRY_CODES.get(code, "")
        if not alpha2:
            self.warnings.append(f"Row {self.line}: the country “{code}” is not known; it is left out of the hometown.")
            return ""
        return str(countries.name(alpha2))

    def rating(self, prefix: str) -> str:
        for column in ("IMSA_DriverRatingLong", "LICENSE"):
            word = self.cell(prefix + column).capitalize()
            if word in RATINGS:
                return word
        return ""


class _CarSplitter:
    """VEHICLE into make, model and engine make: "Zytek Z11SN - Nissan" -> Zytek, Z11SN, Nissan."""

    def __init__(self, makes: Iterable[str]):
        self.makes = {compact(make): make for make in (*MULTI_WORD_MAKES, *makes)}
        self._done: dict[str, tuple[str, str, str]] = {}

    def split(self, vehicle: str) -> tuple[str, str, str]:
        if vehicle not in self._done:
            self._done[vehicle] = self._split(vehicle)
        return self._done[vehicle]

    def _split(self, vehicle: str) -> tuple[str, str, str]:
        chassis, _, engine = (part.strip() for part in vehicle.partition(" - "))
        words = chassis.split()
        if not words:
            return "", "", ""
        # The longest known make the name starts with: "Aston Martin Vantage", not "Aston".
        for n in range(len(words), 0, -1):
            make = self.makes.get(compact(" ".join(words[:n])))
            if make:
                return make, " ".join(words[n:]), " ".join(engine.split())
        return words[0], " ".join(words[1:]), " ".join(engine.split())
