"""Write normalized rows into the archive: the one service every importer calls.

`write_sessions(batches)` checks every batch first (positions, numbers, crews, statuses,
agreement between rows) and then, in one transaction, finds or creates the series,
season, race, event, circuit, session, classes, teams, cars and drivers by name, creates
or updates the entries, crews and results in place, and lets
`results.stats.classification.derive_class_positions` number the class positions. Writing the
same rows again changes nothing; corrected rows update the same records. A session's rows
are its whole known classification: a car no longer in them loses its result there.

With `dry_run=True` everything runs and is reported, then rolled back: a preview.
"""

import datetime
import zoneinfo
from collections.abc import Collection, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import DatabaseError, DataError, IntegrityError, transaction

from drivers.database_errors import connection_lost, lost_a_race
from drivers.history import hand_edits, keep_as_they_are
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from results.importers.errors import ImportValidationError, Problem
from results.importers.matching import Resolver, apply_values
from results.importers.report import HandKept, ImportReport
from results.importers.rows import CarRow, CrewMember, EventTarget, SessionBatch, SessionTarget
from results.models import CarClass, Circuit, Entry, EntryDriver, Event, Race, Result, Series, Session
from results.models.bulk import insert_new
from results.models.times import format_time
from results.stats import credits, invalidation
from results.stats.classification import derive_class_positions, derives_class_position

# How problems name a field, by default the archive CSV's column names. Another parser
# passes its own through `column_names`.
COLUMNS = {
    "event.series": "series",
    "event.year": "season",
    "event.name": "event",
    "event.race": "race",
    "event.circuit": "circuit",
    "event.round": "round",
    "event.start_date": "date",
    "event.end_date": "end_date",
    "event.status": "event_status",
    "session.name": "session",
    "session.kind": "session_kind",
    "session.status": "session_status",
    "session.completeness": "completeness",
    "session.classes": "session_classes",
    "session.time_zone": "time_zone",
    "number": "number",
    "class_code": "class",
    "team": "team",
    "entrant": "entrant",
    "car_make": "car_make",
    "car_model": "car_model",
    "engine_make": "engine_make",
    "crew": "drivers",
    "position": "position",
    "class_position": "class_position",
    "status": "status",
    "reason": "reason",
    "laps": "laps",
    "total_time_ms": "time",
    "gap_ms": "gap",
    "gap_laps": "gap",
    "class_gap_ms": "class_gap",
    "class_gap_laps": "class_gap",
    "best_lap_ms": "best_lap",
    "best_lap_number": "best_lap_number",
    "best_lap_driver": "best_lap_driver",
    "grid": "grid",
    "qualifying_driver": "qualifying_driver",
    "position_at_line": "position_at_line",
    "class_position_at_line": "class_position_at_line",
}

RESULT_FIELDS = (
    "position",
    "class_position",
    "position_at_line",
    "class_position_at_line",
    "status",
    "source_status",
    "reason",
    "laps",
    "total_time_ms",
    "gap_ms",
    "gap_laps",
    "class_gap_ms",
    "class_gap_laps",
    "best_lap_ms",
    "best_lap_number",
    "best_lap_driver_id",
    "grid",
    "qualifying_driver_id",
)
_PLACES = ("position", "class_position", "grid", "position_at_line", "class_position_at_line")
_COUNTS = ("laps", "gap_laps", "class_gap_laps", "best_lap_number")
_TIMES = ("total_time_ms", "gap_ms", "class_gap_ms")
# How alike two names must be (difflib's ratio of their folded forms) to be worth a warning.
SIMILAR_NAMES = 0.85
# Events whose entries, crews and sessions are read at once: SQLite limits a query's parameters.
EVENTS = 2000


def write_session(
    target: SessionTarget,
    rows: Sequence[CarRow],
    *,
    dry_run: bool = False,
    column_names: Mapping[str, str] | None = None,
) -> ImportReport:
    """Write one session's rows; see `write_sessions`."""
    return write_sessions([SessionBatch(target, tuple(rows))], dry_run=dry_run, column_names=column_names)


def write_sessions(
    batches: Iterable[SessionBatch],
    *,
    dry_run: bool = False,
    column_names: Mapping[str, str] | None = None,
    overwrite_hand_edits: bool = False,
    take_from_file: Collection[str] = (),
) -> ImportReport:
    """Check, then write, every batch in one transaction; return what was done.

    Raises ImportValidationError (and writes nothing) for bad rows. `column_names` maps
    the writer's field names (COLUMNS' keys) to the source's, for the messages. A result's
    value an editor set by hand since the last import is kept, and listed in the report's
    `hand_kept`, unless `overwrite_hand_edits`, or unless its HandKept.choice is one of
    `take_from_file` (the editor chose the file's value for that one).
    """
    batches = list(batches)
    columns = COLUMNS | dict(column_names or {})
    problems = check_batches(batches, columns)
    if problems:
        raise ImportValidationError(problems)
    report = ImportReport(dry_run=dry_run, hand_edits_overwritten=overwrite_hand_edits)
    with database_failures_reported(), transaction.atomic():
        # Each event recounted once, after its last write, before the commit.
        with credits.recounting(rolled_back=dry_run):
            writer = _Writer(report, take_from_file=frozenset(take_from_file))
            writer.prepare(batches)
            writer.write(batches)
        report.warnings += _winners_said_complete([batch for batch in batches if _only_winners_yet_complete(batch)])
        if dry_run:
            transaction.set_rollback(True)
    return report


def _shown(field: str, value) -> object:
    """How a result's value reads in a message: a time as a timing sheet writes it."""
    if value in (None, ""):
        return "none"
    return format_time(value) if field.endswith("_ms") else value


def names_whole_crews(target: SessionTarget) -> bool:
    """Whether a batch names its cars' whole crews, and so may take a driver out of one: a
    race's classification does, and so do an event's entries (rows of no session). A
    qualifying, practice or warm-up file names who drove in that session (an ACO
    qualifying sheet, the one driver who set the time): it adds drivers a crew lacks and
    takes no one away, so one session's file never rewrites the event's crews."""
    return not target.name or target.kind == Session.Kind.RACE


# What an import that lost a race with another is told.
RACED = (
    "another import wrote the same event at the same time, and this one gave way; nothing of it "
    "was kept: import the file again, and it will update what the other wrote"
)


@contextmanager
def database_failures_reported():
    """What the database could not do during an import, as a sentence for the editor: the
    transaction was rolled back, so nothing of the file was kept, and they can try again.

    Only what an editor can act on is worded: another import writing the same event, the
    database going away, a value it refuses. Anything else is a fault of the code and is
    raised as it is, to be logged with its traceback.
    """
    try:
        yield
    except DatabaseError as error:
        if lost_a_race(error):
            raise ImportValidationError(Problem(None, "", RACED)) from error
        if connection_lost(error):
            message = (
                "the database stopped answering while the file was being written (it may have restarted); "
                "nothing of the file was kept: import it again once the archive answers"
            )
            raise ImportValidationError(Problem(None, "", message)) from error
        if isinstance(error, DataError):
            first_line = str(error).strip().splitlines()[0]
            message = f"the database refused a value of the file ({first_line}); nothing of it was kept"
            raise ImportValidationError(Problem(None, "", message)) from error
        raise


def _only_winners_yet_complete(batch: SessionBatch) -> bool:
    """A race whose every car is a winner, overall or in class, for which the source says
    nothing of its completeness: most likely a list of winners (see _winners_said_complete)."""
    target, rows = batch.target, batch.rows
    return (
        target.kind == Session.Kind.RACE
        and not target.completeness
        and bool(rows)
        and all(row.position == 1 or row.class_position == 1 for row in rows)
    )


def _winners_said_complete(batches: list[SessionBatch]) -> list[str]:
    """A warning naming those of `batches` (lists of winners that say nothing of completeness)
    whose session, once written, is held as complete: a new one, or one held so already; a
    session an editor marked winners only keeps that, and is not warned of. One query."""
    if not batches:
        return []
    complete = Session.objects.filter(
        kind=Session.Kind.RACE,
        completeness=Session.Completeness.COMPLETE,
        event__year__in={b.target.event.year for b in batches},
    ).values_list("event__year", "event__name", "name")
    held = {(year, fold(event), fold(name)) for year, event, name in complete}
    batches = [b for b in batches if (b.target.event.year, fold(b.target.event.name), fold(b.target.name)) in held]
    if not batches:
        return []
    named = [f"{b.target.event.year} {b.target.event.name}" for b in batches[:3]]
    more = f" and {len(batches) - 3} more" if len(batches) > 3 else ""
    races = "race holds" if len(batches) == 1 else "races hold"
    return [
        f"{len(batches)} {races} only winners yet will count as complete, since the file gives no "
        f"completeness ({', '.join(named)}{more}): its cars would count as every starter. If the source "
        "gives only the winners, write “winners” in the completeness column."
    ]


# Checks made before anything is written ------------------------------------------------


def event_key(target: EventTarget) -> tuple:
    if target.race:
        return ("race", fold(target.race), target.year)
    return ("series", fold(target.series), target.year, fold(target.name))


def entry_key(target: EventTarget, row: CarRow) -> tuple:
    car = row.number if row.number else "driver:" + (fold(row.crew[0].full_name) if row.crew else "")
    return (*event_key(target), car)


def check_batches(batches: list[SessionBatch], columns: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    events: dict[tuple, EventTarget] = {}
    sessions: dict[tuple, SessionTarget] = {}
    entries: dict[tuple, CarRow] = {}
    for batch in batches:
        target = batch.target
        problems += _check_target(target, columns)
        first_event = events.setdefault(event_key(target.event), target.event)
        problems += _check_agreement(first_event, target.event, _EVENT_FACTS, "event", columns)
        if target.name:
            key = (event_key(target.event), fold(target.name))
            if key in sessions and sessions[key] is not target:
                problems.append(
                    Problem(target.event.line, columns["session.name"], f"the session “{target.name}” is given twice")
                )
            sessions[key] = target
        problems += _check_rows(batch, columns)
        for row in batch.rows:
            first_row = entries.setdefault(entry_key(target.event, row), row)
            problems += _check_agreement(first_row, row, _ENTRY_FACTS, row.label, columns)
    return problems


_EVENT_FACTS = {
    "name": lambda t: fold(t.name),
    "series": lambda t: fold(t.series),
    "circuit": lambda t: fold(t.circuit),
    "round": lambda t: t.round,
    "start_date": lambda t: t.start_date,
    "end_date": lambda t: t.end_date,
    "status": lambda t: t.status,
}
_ENTRY_FACTS = {
    "class_code": lambda r: fold(r.class_code),
    "team": lambda r: fold(r.team),
    "entrant": lambda r: fold(r.entrant),
    "car_make": lambda r: fold(r.car_make),
    "car_model": lambda r: fold(r.car_model),
    "engine_make": lambda r: fold(r.engine_make),
    "crew": lambda r: tuple(fold(m.full_name) for m in r.crew),
}


def _check_agreement(first, other, facts: dict, what: str, columns: Mapping[str, str]) -> list[Problem]:
    """Facts that two rows of one event or one car both give must be the same."""
    if first is other:
        return []
    problems = []
    prefix = "event." if what == "event" else ""
    for name, value_of in facts.items():
        a, b = value_of(first), value_of(other)
        if a not in ("", None, ()) and b not in ("", None, ()) and a != b:
            problems.append(
                Problem(
                    other.line,
                    columns[prefix + name],
                    f"{what} is given differently in row {first.line}; one event or car has one value",
                )
            )
    return problems


def _longest(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# The longest value the archive keeps in each of the writer's fields. A longer one is
# refused here, on both databases alike: PostgreSQL would refuse it mid-import, and
# SQLite would keep it whole.
MAX_LENGTHS = {
    "event.name": _longest(Event, "name"),
    "event.series": _longest(Series, "name"),
    "event.race": _longest(Race, "name"),
    "event.circuit": _longest(Circuit, "name"),
    "session.name": _longest(Session, "name"),
    "number": _longest(Entry, "number"),
    "class_code": min(_longest(CarClass, "code"), _longest(CarClass, "name")),
    "team": _longest(Team, "name"),
    "entrant": _longest(Entry, "entrant_name"),
    "car_make": _longest(Manufacturer, "name"),
    "car_model": _longest(Car, "model"),
    "engine_make": _longest(Manufacturer, "name"),
    "crew": min(_longest(Driver, "given_name"), _longest(Driver, "family_name")),
    "status": _longest(Result, "source_status"),
    "reason": _longest(Result, "reason"),
}


def _too_long(line: int | None, values: dict[str, str], columns: Mapping[str, str]) -> list[Problem]:
    return [
        Problem(line, columns[field], f"{len(value)} characters, where the archive keeps at most {MAX_LENGTHS[field]}")
        for field, value in values.items()
        if len(value) > MAX_LENGTHS[field]
    ]


def _check_target(target: SessionTarget, columns: Mapping[str, str]) -> list[Problem]:
    line, problems = target.event.line, []
    event = target.event
    names = {"event.name": event.name, "event.series": event.series, "event.race": event.race}
    problems += _too_long(line, names | {"event.circuit": event.circuit, "session.name": target.name}, columns)
    if not target.event.name.strip():
        problems.append(Problem(line, columns["event.name"], "the event has no name"))
    if target.event.year < 1890:
        problems.append(Problem(line, columns["event.year"], f"{target.event.year} is not a season year"))
    if not target.event.series and not target.event.race:
        message = "an event needs a series, or a race it is an edition of"
        problems.append(Problem(line, columns["event.series"], message))
    choices = [
        ("event.status", target.event.status, Event.Status),
        ("session.kind", target.kind, Session.Kind),
        ("session.status", target.status, Session.Status),
        ("session.completeness", target.completeness, Session.Completeness),
    ]
    for column, value, allowed in choices:
        if value and value not in allowed.values:
            problems.append(Problem(line, columns[column], f"“{value}” is not one of {', '.join(allowed.values)}"))
    if target.name and not target.kind:
        problems.append(Problem(line, columns["session.kind"], f"say what kind of session “{target.name}” is"))
    if target.classes and not target.event.series:
        message = "classes belong to a series, and this event has none"
        problems.append(Problem(line, columns["session.classes"], message))
    if target.time_zone and target.time_zone not in zoneinfo.available_timezones():
        problems.append(Problem(line, columns["session.time_zone"], f"“{target.time_zone}” is not an IANA time zone"))
    return problems


def _check_rows(batch: SessionBatch, columns: Mapping[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    taken: dict[tuple, CarRow] = {}

    def once(key: tuple, row: CarRow, column: str, what: str) -> None:
        first = taken.setdefault(key, row)
        if first is not row:
            problems.append(Problem(row.line, columns[column], f"{what} is already given in row {first.line}"))

    has_session = bool(batch.target.name)
    for row in batch.rows:
        problems += _check_row(row, batch.target.event, columns)
        if row.number:
            once(("number", row.number), row, "number", f"car #{row.number}")
        elif row.crew:
            once(("driver", fold(row.crew[0].full_name)), row, "crew", f"the car of {row.crew[0].full_name}")
        if has_session and row.position is not None:
            once(("position", row.position), row, "position", f"position {row.position}")
        if has_session and row.class_position is not None:
            once(("class", fold(row.class_code), row.class_position), row, "class_position", "this class position")
    return problems


def _check_row(row: CarRow, event: EventTarget, columns: Mapping[str, str]) -> list[Problem]:
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(row.line, columns[field], message))

    if not row.number and not row.crew:
        problem("number", "a car without a number needs at least one driver, so that it can be recognised")
    names = {field: getattr(row, field) for field in ("number", "class_code", "team", "entrant", "car_make")}
    names |= {"car_model": row.car_model, "engine_make": row.engine_make, "reason": row.reason}
    names |= {"status": row.source_status}
    longest_name = max((part for m in row.crew for part in (m.given_name, m.family_name)), key=len, default="")
    problems += _too_long(row.line, names | {"crew": longest_name}, columns)
    folded = [fold(m.full_name) for m in row.crew]
    for i, name in enumerate(folded):
        if not name:
            problem("crew", "a driver's name is empty")
        elif name in folded[:i]:
            problem("crew", f"{row.crew[i].full_name} is in this car's crew twice")
    if row.car_model and not row.car_make:
        problem("car_make", "a car model needs its make")
    if row.class_code and not event.series:
        problem("class_code", "a class belongs to a series, and this event has none")
    if row.status not in Result.Status.values:
        problem("status", f"“{row.status}” is not a result status")
    elif row.status in Result.UNPLACED and row.position is not None:
        problem("position", f"a car that is “{Result.Status(row.status).label.lower()}” has no position")
    for field in _PLACES:
        value = getattr(row, field)
        if value is not None and value < 1:
            problem(field, "places are counted from 1")
    for field in _COUNTS:
        value = getattr(row, field)
        if value is not None and value < 0:
            problem(field, f"{field.replace('_', ' ')} cannot be negative")
    for field in _TIMES:
        value = getattr(row, field)
        if value is not None and value < 0:
            problem(field, "a time cannot be negative")
    if row.best_lap_ms is not None and row.best_lap_ms <= 0:
        problem("best_lap_ms", "a lap time must be more than zero")
    for field in ("qualifying_driver", "best_lap_driver"):
        member = getattr(row, field)
        if member is not None and row.crew and fold(member.full_name) not in folded:
            problem(field, f"{member.full_name} is not in this car's crew")
    return problems


# Writing ---------------------------------------------------------------------------------


class _Writer:
    def __init__(self, report: ImportReport, *, take_from_file: frozenset[str] = frozenset()):
        self.report = report
        self.take_from_file = take_from_file  # HandKept.choice of each value an editor chose the file's for
        self.resolve = Resolver(report)
        self._entries: dict[int, list[Entry]] = {}  # event id -> its entries
        self._crews: dict[int, list[EntryDriver]] = {}  # entry id -> its crew, in order
        self._sessions: dict[int, list[Session]] = {}  # event id -> its sessions
        self._event_of: dict[int, Event] = {}  # id(batch) -> its event
        self._created_sessions: set[int] = set()
        self._line: int | None = None
        self._covers: frozenset[str] | None = None

    def prepare(self, batches: list[SessionBatch]) -> None:
        """Read and make at once what the batches share, before any batch is written.

        Read race by race, a file of many races read each one's drivers, entries and
        sessions and made its new drivers, teams and cars on their own: here every event is
        found or made, their entries, crews and sessions read in a few queries, and every
        new name made at once.
        """
        with self._refusals():
            self._prepare(batches)

    def _prepare(self, batches: list[SessionBatch]) -> None:
        named = [m for batch in batches for row in batch.rows for m in _named_in(row)]
        self.resolve.prefetch_drivers(named)
        events = []
        for batch in batches:
            self._line = batch.target.event.line
            self._event_of[id(batch)] = event = self.resolve.event(batch.target.event)
            events.append(event)
        self._hold([event.pk for event in events if event.pk not in self._entries])
        rows = [(event, row) for event, batch in zip(events, batches, strict=True) for row in batch.rows]
        # A car's rows agree on its crew within an event (check_batches), so the crews held
        # before the file are all a name can complete ("Goikhberg", then "Misha Goikhberg").
        self._make_new_names(rows)

    def _hold(self, event_ids: list[int]) -> None:
        """The events' entries, crews and sessions, read in three queries per EVENTS of them."""
        event_ids = sorted(set(event_ids))
        for start in range(0, len(event_ids), EVENTS):
            chunk = event_ids[start : start + EVENTS]
            for event_id in chunk:
                self._entries[event_id], self._sessions[event_id] = [], []
            for entry in Entry.objects.filter(event__in=chunk).select_related("team").order_by("pk"):
                self._entries[entry.event_id].append(entry)
            members = EntryDriver.objects.filter(entry__event__in=chunk).select_related("driver")
            for member in members.order_by("order", "pk"):
                self._crews.setdefault(member.entry_id, []).append(member)
            for session in Session.objects.filter(event__in=chunk).order_by("pk"):
                self._sessions[session.event_id].append(session)

    def write(self, batches: list[SessionBatch]) -> None:
        """Write the batches, in waves that hold each event once: the first batch of every
        event, then the second... so an event's sessions are written in the file's order."""
        waves: list[list[SessionBatch]] = []
        written: dict[int, int] = {}  # event id -> its batches in the waves so far
        for batch in batches:
            event = self._event_of[id(batch)]
            wave = written.get(event.pk, 0)
            written[event.pk] = wave + 1
            if wave == len(waves):
                waves.append([])
            waves[wave].append(batch)
        for wave in waves:
            with self._refusals():
                self._write_wave(wave)

    @contextmanager
    def _refusals(self):
        """A row the database refuses, as an import error on the line being written."""
        try:
            yield
        except IntegrityError as error:
            # Every row was checked against the archive as it was read: a name or a place
            # taken now was taken by a write that committed meanwhile, another import's.
            message = RACED if lost_a_race(error) else f"the archive refused this row: {error}"
            raise ImportValidationError(Problem(self._line, "", message)) from error

    def _write_wave(self, wave: list[SessionBatch]) -> None:
        """Write batches of different events; the new entries, crew members and results of
        them all are each inserted at once.

        Written batch by batch, a history of 200 races made 600 inserts of 50 rows, and
        building each insert cost more than the database took to run it.
        """
        events = [self._event_of[id(batch)] for batch in wave]
        invalidation.writing_events(events)  # bulk writes send no signals: the cache is told here
        credits.recount([event.pk for event in events])  # nor the credits table
        rows = [
            (event, row, names_whole_crews(batch.target))
            for event, batch in zip(events, wave, strict=True)
            for row in batch.rows
        ]
        entries = iter(self._entries_of(rows))
        pending = []
        for event, batch in zip(events, wave, strict=True):
            pairs = [(next(entries), row) for row in batch.rows]
            if batch.target.name:
                self._line, self._covers = batch.target.event.line, batch.covers
                pending.append(self._results(self._session(event, batch.target), pairs))
        insert_new(Result, [result for session_results in pending for result in session_results.new])
        for session_results in pending:
            self._written(session_results)
            self.report.sessions.append(str(session_results.session))

    # The session ---------------------------------------------------------------------

    def _session(self, event: Event, target: SessionTarget) -> Session:
        held = self._sessions[event.pk]
        session = next((s for s in held if fold(s.name) == fold(target.name)), None)
        circuit_zone = event.circuit.time_zone if event.circuit_id else ""
        zone = target.time_zone or circuit_zone or (session.time_zone if session else "UTC")
        values = {
            "kind": target.kind or None,
            "starts_at": _instant(target.starts_at, zone),
            "start_time_known": target.start_time_known,
            "time_zone": zone,
            "status": target.status or None,
            "completeness": target.completeness or None,
            "source": target.source or None,
            "duration": target.duration,
            "caution_periods": target.caution_periods,
            "red_flags": target.red_flags,
            "notes": target.notes or None,
        }
        if session is None:
            order = (max((s.order for s in held), default=0)) + 1
            session = Session(event=event, name=target.name, order=order)
            apply_values(session, values)
            session.save()
            held.append(session)
            self._created_sessions.add(session.pk)
            self.resolve.created("session", session)
        else:
            self.resolve.matched("session", session)
            fields = apply_values(session, values)
            if fields:
                session.save()
                self.resolve.changed("session", session, fields)
        if target.classes:
            series = event.season.series
            wanted = {self.resolve.car_class(series, code).pk for code in target.classes}
            if set(session.classes.values_list("pk", flat=True)) != wanted:
                session.classes.set(wanted)
                self.resolve.changed("session", session, ["classes"])
        return session

    # Entries and crews -----------------------------------------------------------------

    def _held_entries(self, event: Event) -> list[Entry]:
        """The event's entries, with their crews in self._crews (read by prepare())."""
        if event.pk not in self._entries:
            self._hold([event.pk])
        return self._entries[event.pk]

    def _find_entry(self, event: Event, row: CarRow, first_driver: Driver | None) -> Entry | None:
        """The entry with the row's number; without a number, the one whose crew has its first driver."""
        held = self._held_entries(event)
        if row.number:
            return next((entry for entry in held if entry.number == row.number), None)
        return next(
            (
                entry
                for entry in held
                if not entry.number and any(m.driver_id == first_driver.pk for m in self._crews.get(entry.pk, []))
            ),
            None,
        )

    def _entries_of(self, rows: list[tuple[Event, CarRow, bool]]) -> list[Entry]:
        """Each row's entry (each row with its event, each event's car once), found or made,
        with its crew, made whole or added to as the row's flag says (names_whole_crews);
        new entries and crew members are saved in one query each. The drivers, teams and
        cars the rows name were made by prepare()."""
        found = []
        for event, row, whole in rows:
            self._line = row.line
            found.append((event, whole, *self._entry(event, row)))
        new = [entry for _, _, entry, _, _, _ in found if entry.pk is None]
        insert_new(Entry, new)
        created = {id(entry) for entry in new}
        members: list[EntryDriver] = []
        for event, whole, entry, row, drivers, label in found:
            self._line = row.line
            if id(entry) in created:
                self._entries[event.pk].append(entry)
                self.resolve.created("entry", entry, label)
            if drivers:
                members += self._crew(entry, drivers, row, label, whole=whole)
        insert_new(EntryDriver, members)
        return [entry for _, _, entry, _, _, _ in found]

    def _make_new_names(self, rows: list[tuple[Event, CarRow]]) -> None:
        """Create the drivers, teams and cars that the rows (each with its event) name and the
        archive lacks, in bulk."""
        numbered: dict[int, dict[str, Entry]] = {}
        members, teams = [], []
        for event, row in rows:
            if event.pk not in numbered:
                numbered[event.pk] = {entry.number: entry for entry in self._held_entries(event) if entry.number}
            entry = numbered[event.pk].get(row.number) if row.number else None
            crew = [member.driver for member in self._crews.get(entry.pk, [])] if entry else []
            members += [(m, crew) for m in _named_in(row)]
            if row.team and not (entry and entry.team_id):
                teams.append(row.team)
        self.resolve.create_drivers(members)
        self.resolve.create_teams(teams)
        self.resolve.make_cars([(row.car_make, row.car_model, row.engine_make) for _, row in rows if row.car_make])

    def _entry(self, event: Event, row: CarRow) -> tuple[Entry, CarRow, list[Driver], str]:
        """The row's entry (not saved yet when new), its crew's drivers and its label."""
        entry = self._find_entry(event, row, None) if row.number else None
        crew = self._crews.get(entry.pk, []) if entry else []
        drivers = [self.resolve.driver(m, completes=[c.driver for c in crew]) for m in row.crew]
        if entry is None and not row.number:
            entry = self._find_entry(event, row, drivers[0])
        values = self._entry_values(event, row, entry)
        label = f"#{row.number} at {event}" if row.number else f"car of {drivers[0]} at {event}"
        if entry is None:
            entry = Entry(event=event, number=row.number)
            apply_values(entry, values)
        else:
            self.resolve.matched("entry", entry)
            fields = apply_values(entry, values)
            if fields:
                entry.save()
                self.resolve.changed("entry", entry, fields, label)
        return entry, row, drivers, label

    def _entry_values(self, event: Event, row: CarRow, entry: Entry | None) -> dict:
        values: dict = {"entrant_name": row.entrant or None}
        if row.class_code:
            values["car_class"] = self.resolve.car_class(event.season.series, row.class_code)
        if row.team:
            held = entry.team if entry is not None and entry.team_id else None
            values["team"], entered_as = self.resolve.team(row.team, held=held)
            values["entrant_name"] = row.entrant or entered_as or None
        if row.car_make:
            values["car"] = self.resolve.car(row.car_make, row.car_model, row.engine_make)
        return values

    def _crew(self, entry: Entry, drivers: list[Driver], row: CarRow, label: str, *, whole: bool) -> list[EntryDriver]:
        """Make the crew exactly `drivers`, in order, changing only what differs; or, when
        they are not the `whole` crew, add those it lacks after the rest. Return the new
        members, for the caller to save with those of the other cars."""
        crew = self._crews.get(entry.pk, [])
        if not whole:
            return self._add_to_crew(entry, crew, drivers, row, label)
        wanted = {driver.pk for driver in drivers}
        for member in crew:
            if member.driver_id not in wanted:
                member.delete()
                self.report.record("removed", "crew member", f"{member.driver} from {label}")
                self._warn_if_respelled(member.driver, drivers, label)
                if not member.driver.crews.exists():
                    self.report.warnings.append(f"{member.driver} is no longer in any crew.")
        held = {member.driver_id: member for member in crew}
        kept, new = [], []
        for order, (driver, written) in enumerate(zip(drivers, row.crew, strict=True), start=1):
            member = held.get(driver.pk)
            if member is None:
                member = EntryDriver(entry=entry, driver=driver, order=order, fia_rating=written.fia_rating)
                new.append(member)
                self.report.record("created", "crew member", f"{driver} in {label}")
            else:
                fields = apply_values(member, {"order": order, "fia_rating": written.fia_rating or None})
                if fields:
                    member.save(update_fields=fields)
                    self.report.record("changed", "crew member", f"{driver} in {label}", tuple(fields))
            kept.append(member)
        self._crews[entry.pk] = kept
        return new

    def _add_to_crew(self, entry, crew, drivers, row, label) -> list[EntryDriver]:
        """The drivers a session's file names that the crew lacks, after its members; the
        members it does not name stay, in their order."""
        held = {member.driver_id for member in crew}
        new = []
        for driver, written in zip(drivers, row.crew, strict=True):
            if driver.pk not in held:
                order = len(crew) + len(new) + 1
                new.append(EntryDriver(entry=entry, driver=driver, order=order, fia_rating=written.fia_rating))
                self.report.record("created", "crew member", f"{driver} in {label}")
        self._crews[entry.pk] = [*crew, *new]
        return new

    def _warn_if_respelled(self, gone: Driver, drivers: list[Driver], label: str) -> None:
        """Say so when a new driver's name is close to that of the driver it replaces.

        "Anthony Mantella" replacing "Anthony Mantell" is likely one person spelt two ways,
        but it may be two: an editor decides (and merges them), the import does not guess.
        """
        for driver in drivers:
            similar = SequenceMatcher(None, fold(gone.full_name), fold(driver.full_name)).ratio() >= SIMILAR_NAMES
            if similar and self.report.was_created("driver", driver.pk):
                self.report.warnings.append(
                    f"{label}: {driver} is new and replaces {gone} in the crew. "
                    "Check whether they are one driver spelt two ways."
                )

    # Results ---------------------------------------------------------------------------

    def _results(self, session: Session, pairs: list[tuple[Entry, CarRow]]) -> "_SessionResults":
        """Update the session's results in place; the new ones are returned unsaved, for
        the caller to insert with those of other sessions and then hand to `_written`."""
        new_session = session.pk in self._created_sessions  # nothing to read: it has no results yet
        before = {} if new_session else _snapshot(session)
        held = {} if new_session else {r.entry_id: r for r in session.results.select_related("entry")}
        labels = {r.entry_id: _car_label(r.entry) for r in held.values()}
        hand = hand_edits(Result, [r.pk for r in held.values()])
        wanted = {entry.pk: row for entry, row in pairs}
        stale = [r.pk for r in held.values() if r.entry_id not in wanted]
        Result.objects.filter(pk__in=stale).delete()
        # Free every position that moves first, so that two cars can swap places.
        moving = [
            r
            for r in held.values()
            if r.entry_id in wanted and r.position is not None and r.position != wanted[r.entry_id].position
        ]
        keep_as_they_are(Result, moving)  # so that the history has their places, not the cleared ones
        Result.objects.filter(pk__in=[r.pk for r in moving]).update(position=None)
        for r in moving:
            r.position = None
        known_places = {row.position for _, row in pairs if row.position is not None}
        new = []
        for entry, row in pairs:
            self._line = row.line
            labels[entry.pk] = _car_label(entry)
            values = self._result_values(entry, row)
            result = held.get(entry.pk)
            if result is None:
                new.append(Result(session=session, entry=entry, **values))
                continue
            if self._covers is not None:
                # What the source does not give stays as held: an editor's grid, reason, ...
                values = {name: value for name, value in values.items() if name in self._covers}
                values.setdefault("class_position", result.class_position)
            if row.status not in Result.UNPLACED and derives_class_position(session, row.position, known_places):
                del values["class_position"]  # derive_class_positions numbers it below
            changed = [name for name, value in values.items() if getattr(result, name) != value]
            changed = self._respecting_hand_edits(result, changed, values, hand.get(result.pk, {}), labels[entry.pk])
            for name in changed:
                setattr(result, name, values[name])
            if changed:
                result.save(update_fields=changed)
        # Numbered before they are written: a new session is written once, not written and then numbered.
        kept = [r for r in held.values() if r.entry_id in wanted]
        renumbered = [r for r in derive_class_positions(session, [*kept, *new]) if r.pk is not None]
        return _SessionResults(session, new, renumbered, new_session, before, labels)

    def _respecting_hand_edits(self, result, changed, values, edits, label) -> list[str]:
        """The fields of `changed` the import may write: those an editor set by hand since the
        last import are noted in the report, and left as they are unless told otherwise (for
        all of them, or for each one chosen: `take_from_file`). A
        place is the exception: the classification's order is the file's, and two cars
        cannot share a place, so a place set by hand is noted and the file's is taken."""

        def taken(name: str) -> bool:
            chosen = HandKept.choice_of(result.pk, name) in self.take_from_file
            return self.report.hand_edits_overwritten or chosen or name in _PLACES

        for name in [name for name in changed if name in edits]:
            edit = edits[name]
            place = f"{label} in {result.session.name}"
            was, now = _shown(name, values[name]), _shown(name, getattr(result, name))
            kept = HandKept(place, name, was, now, edit.editor, edit.when, taken=taken(name), key=result.pk)
            self.report.hand_kept.append(kept)
        return [name for name in changed if name not in edits or taken(name)]

    def _written(self, written: "_SessionResults") -> None:
        """Finish a session's results once its new ones are saved, and report them."""
        Result.objects.bulk_update(written.renumbered, ["class_position"])  # the event is recounted already
        after = _snapshot_of(written.new) if written.new_session else _snapshot(written.session)
        self._report_results(written.session, written.before, after, written.labels)

    def _result_values(self, entry: Entry, row: CarRow) -> dict:
        values = {name: getattr(row, name) for name in RESULT_FIELDS if not name.endswith("_id")}
        values["best_lap_driver_id"] = self._crew_driver(entry, row.best_lap_driver)
        values["qualifying_driver_id"] = self._crew_driver(entry, row.qualifying_driver)
        return values

    def _crew_driver(self, entry: Entry, member: CrewMember | None) -> int | None:
        return None if member is None else self.resolve.driver(member).pk

    def _report_results(self, session: Session, before: dict, after: dict, labels: dict) -> None:
        for entry_id in sorted(before.keys() | after.keys(), key=lambda pk: labels.get(pk, "")):
            label = f"{labels.get(entry_id, entry_id)} in {session.name}"
            key = (session.pk, entry_id)
            if entry_id not in before:
                self.report.record("created", "result", label, key=key)
            elif entry_id not in after:
                self.report.record("removed", "result", label)
            else:
                fields = [name for name in RESULT_FIELDS if before[entry_id][name] != after[entry_id][name]]
                if fields:
                    fields = [name.removesuffix("_id") for name in fields]
                    self.report.record("changed", "result", label, tuple(fields))
                else:
                    self.report.note_match("result", key)


@dataclass
class _SessionResults:
    """A session's results, planned by _Writer._results: the new ones not saved yet."""

    session: Session
    new: list[Result]
    renumbered: list[Result]  # held results whose class position was derived afresh
    new_session: bool
    before: dict[int, dict]  # entry id -> its result's values before the import (_snapshot)
    labels: dict[int, str]  # entry id -> the car, as the report names it


def _named_in(row: CarRow) -> list[CrewMember]:
    """The drivers a row names: its crew, and who set its qualifying time and best lap."""
    return [member for member in (*row.crew, row.qualifying_driver, row.best_lap_driver) if member]


def _snapshot(session: Session) -> dict[int, dict]:
    return {row["entry_id"]: row for row in session.results.values("entry_id", *RESULT_FIELDS)}


def _snapshot_of(results: list[Result]) -> dict[int, dict]:
    """`_snapshot` of results just written, from the objects."""
    return {r.entry_id: {name: getattr(r, name) for name in ("entry_id", *RESULT_FIELDS)} for r in results}


def _car_label(entry: Entry) -> str:
    return f"#{entry.number}" if entry.number else f"car {entry.pk}"


def _instant(when: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """An aware time as it is; a naive one read as local time in `zone`."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=zoneinfo.ZoneInfo(zone))
