"""The archive CSV: the project's own format for history and the demo archive.

One row per car result (docs/archive-csv.md describes every column). This module turns a
file into `SessionBatch`es and hands them to the writer, a chunk of events at a time, so
that a long history is read in bounded memory; every problem of the file is collected
and reported with its row (the file's line number, the header being row 1), its column
and what is wrong, and then nothing is written.
"""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import transaction

from drivers.history import by_import
from drivers.naming import fold, recase_family, split_name
from results.importers.csvfile import CsvTable, open_text
from results.importers.errors import ImportValidationError, Problem
from results.importers.report import ImportReport
from results.importers.rows import MAX_CREW, CarRow, CrewMember, EventTarget, SessionBatch, SessionTarget
from results.importers.times import DurationError, parse_gap, parse_time_ms
from results.importers.writer import event_key, write_sessions
from results.models import Event, Result, Session

# DESIGN.md section 5: a file with only these columns is valid.
REQUIRED_COLUMNS = (
    "series",
    "season",
    "event",
    "race",
    "circuit",
    "date",
    "session",
    "position",
    "class",
    "number",
    "team",
    "car_make",
    "car_model",
    "engine_make",
    "drivers",
    "laps",
    "status",
    "reason",
    "time",
    "best_lap",
)

EVENT_COLUMNS = ("round", "end_date", "event_status")
SESSION_COLUMNS = (
    "session_kind",
    "session_start",
    "start_time_known",
    "time_zone",
    "session_status",
    "completeness",
    "source",
    "duration",
    "cautions",
    "red_flags",
    "session_notes",
    "session_classes",
)
CAR_COLUMNS = ("number", "team", "entrant", "car_make", "car_model", "engine_make", "drivers")
RESULT_COLUMNS = (
    "position",
    "class_position",
    "laps",
    "status",
    "reason",
    "time",
    "gap",
    "class_gap",
    "best_lap",
    "best_lap_number",
    "best_lap_driver",
    "grid",
    "qualifying_driver",
    "position_at_line",
    "class_position_at_line",
)
OPTIONAL_COLUMNS = (
    "entrant",
    "class_position",
    "gap",
    "class_gap",
    "grid",
    "qualifying_driver",
    "best_lap_number",
    "best_lap_driver",
    "position_at_line",
    "class_position_at_line",
    *EVENT_COLUMNS,
    *SESSION_COLUMNS,
)

# The status words a person writes, folded, and what they mean.
STATUS_WORDS = {
    Result.Status.CLASSIFIED: ("classified", "finished", "running", "fin"),
    Result.Status.RETIRED: ("retired", "ret", "dnf", "did not finish"),
    Result.Status.NOT_CLASSIFIED: ("not classified", "nc"),
    Result.Status.DID_NOT_START: ("did not start", "not started", "dns"),
    Result.Status.DISQUALIFIED: ("disqualified", "dsq", "dq"),
    Result.Status.EXCLUDED: ("excluded", "exc"),
}
_STATUS = {word: status for status, words in STATUS_WORDS.items() for word in words}
_KINDS_BY_WORD = (
    ("race", Session.Kind.RACE),
    ("qualif", Session.Kind.QUALIFYING),
    ("warm", Session.Kind.WARMUP),
    ("practice", Session.Kind.PRACTICE),
    ("test", Session.Kind.PRACTICE),
)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


# Rows read before they are written, a chunk of whole events at a time (archive_chunks):
# what a long file costs in memory, whatever its length.
CHUNK_ROWS = 20_000
# Problems listed at most: past these, a file is not what it should be, and the list says so.
MAX_PROBLEMS = 500


def import_archive_file(path: str | Path, *, dry_run: bool = False, overwrite_hand_edits: bool = False) -> ImportReport:
    """Read and write one archive CSV file, a chunk of events at a time, in one transaction
    (all of it or nothing); raises ImportValidationError."""
    path = Path(path)
    report = ImportReport(dry_run=dry_run, hand_edits_overwritten=overwrite_hand_edits)
    try:
        with open_text(path) as stream, transaction.atomic(), by_import(path.name):
            for batches in archive_chunks(stream, source=path.name):
                report.absorb(write_sessions(batches, overwrite_hand_edits=overwrite_hand_edits))
            if dry_run:
                transaction.set_rollback(True)
    except ImportValidationError as error:
        raise error.in_file(path.name) from None
    return report


def archive_chunks(stream, *, source: str = "", chunk_rows: int | None = None) -> Iterator[list[SessionBatch]]:
    """The batches of an archive CSV (one per session, and one per event for bare entries),
    read a row at a time and given a chunk of about `chunk_rows` rows of whole events at a time.

    So a file longer than a chunk keeps each event's rows together: a row of an event whose
    chunk was given already is refused (that chunk was checked and written without it).
    After a problem no chunk is given; the file is read on, for its other problems, and
    they are raised at its end. `source` is what a session records as its source where the
    file has no `source` column.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    table = CsvTable(stream, required=tuple(REQUIRED_COLUMNS), optional=OPTIONAL_COLUMNS)
    problems = table.problems
    groups: dict[tuple, _Group] = {}
    given: set[tuple] = set()  # the events of the chunks given
    held, last = 0, None
    for line, cells in table:
        row = _Row(line, cells, problems)
        event = row.event()
        if event is None:
            continue
        key = event_key(event)
        if key != last and held >= chunk_rows:
            if not problems:
                yield [group.batch() for group in groups.values()]
            given |= {group_key[0] for group_key in groups}
            groups, held = {}, 0
        last = key
        if key in given:
            written = f"the {event.year} {event.name} has rows above, written already"
            row.problem("event", f"{written}: in a file this long, keep each event's rows together")
        else:
            row.read_into(groups, event, source)
            held += 1
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(None, "", f"the file was read no further: it has {MAX_PROBLEMS} problems and more"))
            break
    if problems:
        raise ImportValidationError(problems)
    if groups:
        yield [group.batch() for group in groups.values()]


class _Group:
    """The rows of one session (or one event's bare entries) and its facts from its first row."""

    def __init__(self, target: SessionTarget, cells: dict[str, str], line: int):
        self.target = target
        self.cells = cells
        self.line = line
        self.rows: list[CarRow] = []

    def batch(self) -> SessionBatch:
        return SessionBatch(self.target, tuple(self.rows))


class _Row:
    """One row of the file, read cell by cell; each problem is noted with its column."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]):
        self.line = line
        self.cells = cells
        self.problems = problems

    def cell(self, column: str) -> str:
        return self.cells.get(column, "") or ""

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, message))

    def read(self, column: str, parse: Callable[[str], object], what: str):
        text = self.cell(column)
        if not text:
            return None
        try:
            return parse(text)
        except (ValueError, DurationError) as error:
            detail = str(error) if isinstance(error, DurationError) else f"“{text}” is not {what}"
            self.problem(column, detail)
            return None

    def whole(self, column: str):
        return self.read(column, _integer, "a whole number")

    def day(self, column: str):
        return self.read(column, datetime.date.fromisoformat, "a date written YYYY-MM-DD")

    # The row's parts --------------------------------------------------------------------

    def read_into(self, groups: dict[tuple, _Group], event: EventTarget, source: str) -> None:
        session_name = self.cell("session")
        has_car = any(self.cell(column) for column in CAR_COLUMNS)
        if not has_car:
            given = next((c for c in RESULT_COLUMNS if self.cell(c) and c != "status"), None)
            if given:
                self.problem(given, "a result needs a car: give its number, team, car or drivers")
        if not session_name:
            given = next((c for c in (*RESULT_COLUMNS, *SESSION_COLUMNS) if self.cell(c)), None)
            if given:
                self.problem(given, "this needs a session: fill in the session column")
        key = (event_key(event), fold(session_name))
        group = groups.get(key)
        if group is None:
            target = self.session(event, session_name, source)
            group = groups[key] = _Group(target, self.cells, self.line)
        else:
            self.agree_with(group)
        if has_car:
            row = self.car_row()
            if row is not None:
                group.rows.append(row)

    def event(self) -> EventTarget | None:
        year = self.whole("season")
        if year is None:
            if not self.cell("season"):
                self.problem("season", "the season (the year) is required")
            return None
        start, end = self.day("date"), self.day("end_date")
        if start and start.year != year:
            self.problem("date", f"{start} is not in the {year} season")
        event_round = self.whole("round")
        status = self.cell("event_status").lower()
        if status and status not in Event.Status.values:
            self.problem("event_status", f"“{status}” is not one of {', '.join(Event.Status.values)}")
        if not self.cell("event"):
            self.problem("event", "the event's name is required")
        return EventTarget(
            year=year,
            name=self.cell("event"),
            series=self.cell("series"),
            race=self.cell("race"),
            circuit=self.cell("circuit"),
            round=event_round,
            start_date=start,
            end_date=end,
            status=status,
            line=self.line,
        )

    def session(self, event: EventTarget, name: str, source: str) -> SessionTarget:
        if not name:
            return SessionTarget(event=event)
        kind = self.cell("session_kind").lower() or _kind_from_name(name)
        if not kind:
            self.problem("session_kind", f"cannot tell what kind of session “{name}” is: give session_kind")
        elif kind not in Session.Kind.values:
            self.problem("session_kind", f"“{kind}” is not one of {', '.join(Session.Kind.values)}")
        starts_at, has_time = self.start()
        known = self.yes_no("start_time_known")
        if known and not has_time:
            self.problem("start_time_known", "the start time is said to be known, but session_start gives none")
        status = self.cell("session_status").lower()
        completeness = self.cell("completeness").lower()
        for column, value, allowed in (
            ("session_status", status, Session.Status.values),
            ("completeness", completeness, Session.Completeness.values),
        ):
            if value and value not in allowed:
                self.problem(column, f"“{value}” is not one of {', '.join(allowed)}")
        duration_ms = self.read("duration", parse_time_ms, "a duration")
        return SessionTarget(
            event=event,
            name=name,
            kind=kind,
            starts_at=starts_at,
            start_time_known=known if known is not None else (has_time if starts_at else None),
            time_zone=self.cell("time_zone"),
            status=status,
            completeness=completeness,
            source=self.cell("source") or source,
            duration=None if duration_ms is None else datetime.timedelta(milliseconds=duration_ms),
            caution_periods=self.count("cautions"),
            red_flags=self.count("red_flags"),
            notes=self.cell("session_notes"),
            classes=tuple(code.strip() for code in self.cell("session_classes").split(";") if code.strip()),
        )

    def start(self) -> tuple[datetime.datetime | None, bool]:
        text = self.cell("session_start")
        if not text:
            return None, False
        try:
            if len(text) == 10:
                day = datetime.date.fromisoformat(text)
                return datetime.datetime(day.year, day.month, day.day), False
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")), True
        except ValueError:
            self.problem("session_start", f"“{text}” is not a day or time written 2024-01-20 or 2024-01-20T14:05")
            return None, False

    def yes_no(self, column: str) -> bool | None:
        text = self.cell(column).lower()
        if not text:
            return None
        if text in _YES | _NO:
            return text in _YES
        self.problem(column, f"“{text}” is not yes or no")
        return None

    def count(self, column: str) -> int | None:
        value = self.whole(column)
        if value is not None and value < 0:
            self.problem(column, "cannot be negative")
        return value

    def agree_with(self, group: _Group) -> None:
        """Event and session facts are given once: later rows may repeat them, not change them."""
        for column in ("series", "event", "circuit", "date", *EVENT_COLUMNS, *SESSION_COLUMNS):
            mine, first = self.cell(column), group.cells.get(column, "") or ""
            # A blank repeats nothing, except for the series: no series is a fact about the event.
            if (column == "series" or (mine and first)) and fold(mine) != fold(first):
                self.problem(column, f"differs from row {group.line} of the same session (“{first}”)")

    def car_row(self) -> CarRow | None:
        crew = self.crew("drivers")
        status_text = self.cell("status")
        status = _STATUS.get(fold(status_text).replace("_", " ")) if status_text else Result.Status.CLASSIFIED
        if status is None:
            self.problem("status", f"unknown status “{status_text}” (docs/archive-csv.md lists the words)")
            status = Result.Status.CLASSIFIED
        gap_ms, gap_laps = self.read("gap", parse_gap, "a gap") or (None, None)
        class_gap_ms, class_gap_laps = self.read("class_gap", parse_gap, "a gap") or (None, None)
        number = self.cell("number").removeprefix("#")
        return CarRow(
            line=self.line,
            number=number,
            class_code=self.cell("class"),
            team=self.cell("team"),
            entrant=self.cell("entrant"),
            car_make=self.cell("car_make"),
            car_model=self.cell("car_model"),
            engine_make=self.cell("engine_make"),
            crew=crew,
            position=self.whole("position"),
            class_position=self.whole("class_position"),
            status=status,
            source_status=status_text,
            reason=self.cell("reason"),
            laps=self.whole("laps"),
            total_time_ms=self.read("time", parse_time_ms, "a time"),
            gap_ms=gap_ms,
            gap_laps=gap_laps,
            class_gap_ms=class_gap_ms,
            class_gap_laps=class_gap_laps,
            best_lap_ms=self.read("best_lap", parse_time_ms, "a lap time"),
            best_lap_number=self.whole("best_lap_number"),
            best_lap_driver=self.one_driver("best_lap_driver"),
            grid=self.whole("grid"),
            qualifying_driver=self.one_driver("qualifying_driver"),
            position_at_line=self.whole("position_at_line"),
            class_position_at_line=self.whole("class_position_at_line"),
        )

    def crew(self, column: str) -> tuple[CrewMember, ...]:
        names = [name.strip() for name in self.cell(column).split(";")]
        if any(not name for name in names) and len(names) > 1:
            self.problem(column, "an empty name between two “;”")
        if len(names) > MAX_CREW:
            self.problem(column, f"{len(names)} drivers: a crew the archive holds has at most {MAX_CREW}")
            return ()
        return tuple(written_driver(name) for name in names if name)

    def one_driver(self, column: str) -> CrewMember | None:
        crew = self.crew(column)
        if len(crew) > 1:
            self.problem(column, "name one driver")
        return crew[0] if crew else None


def written_driver(text: str) -> CrewMember:
    """A driver as the archive CSV writes one: "Given Family", "Given FAMILY", or a family name alone.

    A name all in capitals is a family name alone, "DE FRANCESCO" for a report that
    gives no given name; one word alone ("Goikhberg") is a family name too.
    """
    words = text.split()
    if len(words) > 1 and all(word.isupper() for word in words):
        family = recase_family(text)
        return CrewMember("", family[:1].upper() + family[1:])
    return CrewMember(*split_name(text))


def _integer(text: str) -> int:
    # int() would take "+7", "1_000" and " 7": a cell holds digits, with a minus sign at most.
    if not text.lstrip("-").isdigit():
        raise ValueError(text)
    return int(text)


def _kind_from_name(name: str) -> str:
    folded = fold(name)
    return next((kind for word, kind in _KINDS_BY_WORD if word in folded), "")
