"""Import a session's lap file (and weather file): the service the admin and
`manage.py import_laps` share.

`import_laps(...)` reads the files (lapfile.py), finds each lap's car among the session's
results and its driver in the car's crew, refuses what does not fit (a car not in the
session, a lap given twice, a driver not in the crew) with line and column, derives the
race story (results.stats.race_story: places and gaps at every lap, stints, caution
periods) and writes it all in one transaction, replacing the session's laps. A file whose
final laps disagree with the classification (laps, order) is written, with warnings the
preview shows. Importing the same files again changes nothing.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from drivers.naming import fold
from results.importers.csvfile import read_rows, read_text
from results.importers.errors import ImportValidationError, Problem
from results.importers.lapfile import (
    LapRow,
    WeatherRow,
    read_archive_laps,
    read_archive_weather,
    read_lap_file,
    read_weather_file,
)
from results.importers.matching import compact
from results.importers.writer import database_failures_reported
from results.models import CautionPeriod, EntryDriver, Event, Lap, LapFile, Result, Session, Stint, WeatherReading
from results.models.bulk import insert_new
from results.stats import credits, invalidation, race_story

# Disagreements with the classification listed one by one, at most.
DISAGREEMENTS_LISTED = 10


@dataclass
class LapImport:
    """What an import of laps did (or, in a dry run, would do)."""

    session: Session
    file_name: str
    laps: int = 0
    cars: int = 0
    stints: int = 0
    cautions: int = 0
    weather: int = 0
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary_lines(self) -> list[str]:
        if self.unchanged:
            lines = [f"{self.file_name}: the laps of {self.session} are as the archive holds them; nothing changed."]
        else:
            lines = [
                f"{self.file_name}: {self.laps:,} laps of {self.cars} cars into {self.session}: "
                f"{self.stints} stints, {self.cautions} caution periods, {self.weather} weather readings."
            ]
        lines += [f"Warning: {warning}" for warning in self.warnings]
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return lines


def import_laps(
    *,
    data: bytes,
    file_name: str,
    session: Session,
    weather: bytes | None = None,
    weather_name: str = "",
    user=None,
    dry_run: bool = False,
) -> LapImport:
    """Import the IMSA lap file `data` (and the weather file) into `session`; see the module.

    Raises ImportValidationError, writing nothing, for a file that does not fit the session.
    """
    rows = read_lap_file(data, name=file_name)
    readings = read_weather_file(weather, name=weather_name) if weather else []
    return import_lap_rows(
        rows=rows, readings=readings, file_name=file_name, weather_name=weather_name, session=session, user=user,
        dry_run=dry_run,
    )  # fmt: skip


def import_lap_index(path: Path, *, user=None) -> list[LapImport]:
    """Import every session's laps an index names (a CSV of series, season, event, session,
    laps and weather: files in the project's own lap CSV, beside the index in laps/)."""
    problems, done = [], []
    for line, row in read_rows(read_text(path), required=LAP_INDEX_COLUMNS):
        event = Event.objects.filter(
            season__series__name=row["series"], season__year=_year(row["season"]), name=row["event"]
        ).first()
        session = event.sessions.filter(name=row["session"]).first() if event else None
        if session is None:
            where = f"{row['season']} {row['event']} ({row['series']})"
            problems.append(Problem(line, "session", f"the archive holds no session {row['session']} of the {where}"))
            continue
        laps, weather = path.parent / "laps" / row["laps"], path.parent / "laps" / row["weather"]
        readings = read_archive_weather(weather.read_bytes(), name=weather.name) if row["weather"] else []
        done.append(
            import_lap_rows(
                rows=read_archive_laps(laps.read_bytes(), name=laps.name),
                readings=readings,
                file_name=laps.name,
                weather_name=weather.name if row["weather"] else "",
                session=session,
                user=user,
            )
        )
    if problems:
        raise ImportValidationError(problems).in_file(path.name)
    return done


LAP_INDEX_COLUMNS = ("series", "season", "event", "session", "laps", "weather")


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def import_lap_rows(
    *,
    rows: list[LapRow],
    readings: list[WeatherRow],
    file_name: str,
    weather_name: str = "",
    session: Session,
    user=None,
    dry_run: bool = False,
) -> LapImport:
    """Import laps and weather readings already read (from an IMSA file, or the project's own
    lap CSV) into `session`: what import_laps does once it has read its files."""
    outcome = LapImport(session=session, file_name=file_name, dry_run=dry_run)
    with database_failures_reported(), transaction.atomic():
        results = {result.entry.number: result for result in session.results.select_related("entry")}
        laps = _Matched(session, results).laps(rows, file_name)
        checksum = _checksum(laps, readings)
        held = LapFile.objects.filter(session=session).first()
        if held is not None and Lap.objects.filter(result__session=session).count() != held.laps:
            held = None  # some of its laps went since (a car's result deleted): derive them all again
        outcome.warnings = _disagreements(laps, results)
        if held is not None and held.checksum == checksum:
            outcome.unchanged, outcome.laps, outcome.cars = True, held.laps, held.cars
            return outcome
        _write(session, laps, readings, outcome)
        LapFile.objects.update_or_create(
            session=session,
            defaults={
                "file_name": file_name[:255],
                "weather_file_name": weather_name[:255] if readings else "",
                "checksum": checksum,
                "laps": outcome.laps,
                "cars": outcome.cars,
                "imported_by": user,
            },
        )
        credits.recount([session.event_id])  # laps led, drive time and fastest laps are credited
        invalidation.touched_events([session.event_id])
        if dry_run:
            transaction.set_rollback(True)
    return outcome


class _Matched:
    """Each lap's car (its result in the session) and driver (in the car's crew)."""

    def __init__(self, session: Session, results: dict[str, Result]):
        self.session, self.results = session, results
        members = EntryDriver.objects.filter(entry__in=[r.entry_id for r in results.values()])
        self.crews: dict[int, list[EntryDriver]] = {}
        for member in members.select_related("driver").order_by("order", "pk"):
            self.crews.setdefault(member.entry_id, []).append(member)
        self._drivers: dict[tuple, int | None] = {}

    def laps(self, rows: list[LapRow], file_name: str) -> list[Lap]:
        problems, laps, seen = [], [], {}
        for row in rows:
            result = self.results.get(row.number)
            if result is None:
                problems.append(
                    Problem(row.line, "NUMBER", f"car #{row.number} is not in the classification of {self.session}")
                )
                continue
            if (row.number, row.lap) in seen:
                message = f"lap {row.lap} of #{row.number} is given twice (first on line {seen[row.number, row.lap]})"
                problems.append(Problem(row.line, "LAP_NUMBER", message))
                continue
            seen[row.number, row.lap] = row.line
            driver_id = self._driver(result, row)
            if driver_id is None:
                crew = ", ".join(str(m.driver) for m in self.crews.get(result.entry_id, [])) or "none held"
                written = row.driver_name or f"driver {row.driver_number}"
                problems.append(
                    Problem(row.line, "DRIVER_NAME", f"{written} is not in the crew of #{row.number} ({crew})")
                )
                continue
            laps.append(_lap(row, result, driver_id))
        if problems:
            raise ImportValidationError(problems).in_file(file_name)
        return laps

    def _driver(self, result: Result, row: LapRow) -> int | None:
        """The crew member the row names: by name (accents or not), else by place in the crew
        when the file gives no name."""
        key = (result.entry_id, row.driver_number, row.driver_name)
        if key not in self._drivers:
            crew = self.crews.get(result.entry_id, [])
            named = [m for m in crew if fold(m.driver.full_name) == fold(row.driver_name)]
            named = named or [m for m in crew if compact(fold(m.driver.full_name)) == compact(fold(row.driver_name))]
            if not row.driver_name and row.driver_number and 1 <= row.driver_number <= len(crew):
                named = [crew[row.driver_number - 1]]
            self._drivers[key] = named[0].driver_id if len(named) == 1 else None
        return self._drivers[key]


def _lap(row: LapRow, result: Result, driver_id: int) -> Lap:
    lap = Lap(
        result_id=result.pk,
        number=row.lap,
        driver_id=driver_id,
        time_ms=row.time_ms,
        s1_ms=row.s1_ms,
        s2_ms=row.s2_ms,
        s3_ms=row.s3_ms,
        elapsed_ms=row.elapsed_ms,
        time_of_day_ms=row.time_of_day_ms,
        kph=row.kph,
        in_pit=row.in_pit,
        pit_time_ms=row.pit_time_ms,
        flag=row.flag,
    )
    lap.car_class_id = result.entry.car_class_id  # for race_story.place_laps, not a column
    return lap


def _checksum(laps: list[Lap], readings: list[WeatherRow]) -> str:
    """The laps as matched (the car's result, its class, the driver) and the readings, and
    how the race story is derived from them: the same laps of the same cars, the same sum."""
    digest = hashlib.sha256(f"race story {race_story.VERSION}".encode())
    for lap in laps:
        digest.update(repr([lap.car_class_id, *(getattr(lap, f.attname) for f in _MATCHED)]).encode())
    for reading in readings:
        digest.update(repr((*vars(reading).values(),)[1:]).encode())
    return digest.hexdigest()


# A lap's columns as read and matched, before anything is derived from them.
_DERIVED = {"id", "position", "class_position", "gap_ms", "interval_ms", "class_gap_ms", "class_best"}
_MATCHED = [field for field in Lap._meta.concrete_fields if field.name not in _DERIVED]


def _disagreements(laps: list[Lap], results: dict[str, Result]) -> list[str]:
    """Where the file's final laps differ from the classification: a car's laps, the order."""
    last: dict[int, Lap] = {}
    for lap in laps:
        if lap.result_id not in last or lap.number > last[lap.result_id].number:
            last[lap.result_id] = lap
    found = []
    for number, result in results.items():
        final = last.get(result.pk)
        if final is not None and result.laps is not None and final.number != result.laps:
            found.append(f"#{number} has {final.number} laps in the lap file and {result.laps} in the classification")
    finish = sorted(last.values(), key=lambda lap: (-lap.number, lap.elapsed_ms))
    by_key = {result.pk: result for result in results.values()}
    placed = sorted((r for r in results.values() if r.position), key=lambda r: r.position)
    for place, (classified, crossed) in enumerate(zip(placed, finish, strict=False), start=1):
        if classified.pk != crossed.result_id:
            found.append(
                f"P{place} is #{classified.entry.number} in the classification and "
                f"#{by_key[crossed.result_id].entry.number} by the lap file's last laps"
            )
            break  # the rest of the order follows from the first difference
    if len(found) > DISAGREEMENTS_LISTED:
        found = [*found[:DISAGREEMENTS_LISTED], f"and {len(found) - DISAGREEMENTS_LISTED} more"]
    return found


def _write(session: Session, laps: list[Lap], readings: list[WeatherRow], outcome: LapImport) -> None:
    """Replace the session's laps, stints, cautions and weather with these, derived afresh."""
    race_story.place_laps(laps, class_of=lambda lap: lap.car_class_id)
    race_story.mark_class_bests(laps, class_of=lambda lap: lap.car_class_id)
    by_car: dict[int, list[Lap]] = {}
    for lap in sorted(laps, key=lambda lap: (lap.result_id, lap.number)):
        by_car.setdefault(lap.result_id, []).append(lap)
    stints = [stint for car_laps in by_car.values() for stint in race_story.stints_of(car_laps)]
    cautions = race_story.caution_periods(laps, session.pk)
    Lap.objects.filter(result__session=session).delete()
    Stint.objects.filter(result__session=session).delete()
    CautionPeriod.objects.filter(session=session).delete()
    WeatherReading.objects.filter(session=session).delete()
    insert_new(Lap, laps)
    insert_new(Stint, stints)
    insert_new(CautionPeriod, cautions)
    insert_new(WeatherReading, [WeatherReading(session=session, **_reading(r)) for r in readings])
    outcome.laps, outcome.cars, outcome.stints = len(laps), len(by_car), len(stints)
    outcome.cautions, outcome.weather = len(cautions), len(readings)


def _reading(row: WeatherRow) -> dict:
    values = dict(vars(row))
    del values["line"]
    return values
