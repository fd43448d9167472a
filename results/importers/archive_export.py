"""The archive CSV written from the archive: a series, a season or a race's editions as the
rows import_archive reads (docs/archive-csv.md), so that the file imported into another
archive holds the same events, sessions, cars and results, and exported from there gives
the same file.

Every value is written the way the importer reads it back to what is held: a driver's
name in the one spelling that splits into their given and family names, a start as the
instant it is (UTC, "Z"), a status as the word the source wrote, a gap as the importer
parses it. Events are written oldest first, each with its sessions in order, each
session's cars in finishing order; a car entered with no result is an entry-only row, a
session with no result a session-only row, an event with no session an event-only row.
"""

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import F, Prefetch

from results.importers.archive_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, written_driver
from results.models import Entry, EntryDriver, Event, Result, Session
from results.models.times import format_time

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)


def written_name(driver) -> str:
    """The driver's name as the archive CSV writes it so that it is read back as it is held:
    "Given Family", else "Given FAMILY", else the family name alone."""
    given, family = driver.given_name, driver.family_name
    candidates = [f"{given} {family}", f"{given} {family.upper()}"] if given else [family, family.upper()]
    for written in candidates:
        read = written_driver(written)
        if (read.given_name, read.family_name) == (given, family):
            return written
    return candidates[0]  # no spelling reads back exactly (a rare family name of several words)


def _gap(ms, laps) -> str:
    if laps:
        return f"{laps} Lap" if laps == 1 else f"{laps} Laps"
    return f"+{format_time(ms)}" if ms is not None else ""


def _text(value) -> str:
    return "" if value is None else str(value)


def _start(session: Session) -> str:
    if session.starts_at is None:
        return ""
    utc = session.starts_at.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S" if utc.second else "%Y-%m-%dT%H:%M") + "Z"


def _duration(duration) -> str:
    if duration is None:
        return ""
    seconds = int(duration.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _event_cells(event: Event) -> dict:
    return {
        "series": event.season.series.name if event.season_id else "",
        "season": str(event.year),
        "event": event.name,
        "race": event.race.name if event.race_id else "",
        "circuit": event.circuit.name if event.circuit_id else "",
        "date": event.start_date.isoformat() if event.start_date else "",
        "round": _text(event.round),
        "end_date": event.end_date.isoformat() if event.end_date else "",
        "event_status": event.status,
    }


def _session_cells(session: Session) -> dict:
    return {
        "session": session.name,
        "session_kind": session.kind,
        "session_start": _start(session),
        "start_time_known": "no" if session.starts_at and not session.start_time_known else "",
        "time_zone": session.time_zone,
        "session_status": session.status,
        "completeness": session.completeness,
        "source": session.source,
        "duration": _duration(session.duration),
        "cautions": _text(session.caution_periods),
        "red_flags": _text(session.red_flags),
        "session_notes": session.notes,
        "session_classes": ";".join(sorted(car_class.code for car_class in session.classes.all())),
    }


def _car_cells(entry: Entry) -> dict:
    car = entry.car
    team = entry.team.name if entry.team_id else ""
    return {
        "number": entry.number,
        "class": entry.car_class.code if entry.car_class_id else "",
        "team": team,
        "entrant": entry.entrant_name if entry.entrant_name and entry.entrant_name != team else "",
        "car_make": car.manufacturer.name if car else "",
        "car_model": car.model if car else "",
        "engine_make": car.engine_manufacturer.name if car and car.engine_manufacturer_id else "",
        "drivers": ";".join(written_name(member.driver) for member in entry.crew.all()),
    }


def _result_cells(result: Result) -> dict:
    return {
        "position": _text(result.position),
        "class_position": _text(result.class_position),
        "laps": _text(result.laps),
        "status": result.source_status or ("" if result.status == Result.Status.CLASSIFIED else result.status),
        "reason": result.reason,
        "time": format_time(result.total_time_ms),
        "gap": _gap(result.gap_ms, result.gap_laps),
        "class_gap": _gap(result.class_gap_ms, result.class_gap_laps),
        "best_lap": format_time(result.best_lap_ms),
        "best_lap_number": _text(result.best_lap_number),
        "best_lap_driver": written_name(result.best_lap_driver) if result.best_lap_driver_id else "",
        "grid": _text(result.grid),
        "qualifying_driver": written_name(result.qualifying_driver) if result.qualifying_driver_id else "",
        "position_at_line": _text(result.position_at_line),
        "class_position_at_line": _text(result.class_position_at_line),
    }


def _events_with_everything(events):
    crews = Prefetch("crew", queryset=EntryDriver.objects.select_related("driver").order_by("order", "id"))
    entries = Entry.objects.select_related(
        "team", "car_class", "car__manufacturer", "car__engine_manufacturer"
    ).prefetch_related(crews)
    results = Result.objects.select_related("best_lap_driver", "qualifying_driver").order_by(
        F("position").asc(nulls_last=True), F("class_position").asc(nulls_last=True), "id"
    )
    sessions = Session.objects.prefetch_related("classes", Prefetch("results", queryset=results)).order_by(
        "order", "starts_at", "id"
    )
    return events.select_related("season__series", "race", "circuit").prefetch_related(
        Prefetch("sessions", queryset=sessions), Prefetch("entries", queryset=entries.order_by("number", "id"))
    )


def archive_rows(events) -> Iterator[dict]:
    """The archive CSV's rows of `events` (a queryset), oldest first, a few events at a time."""
    ordered = events.order_by("year", F("start_date").asc(nulls_first=True), "round", "name", "id")
    ids = list(ordered.values_list("id", flat=True))
    for start in range(0, len(ids), 50):
        chunk = _events_with_everything(Event.objects.filter(pk__in=ids[start : start + 50]))
        by_id = {event.pk: event for event in chunk}
        for pk in ids[start : start + 50]:
            yield from _event_rows(by_id[pk])


def _event_rows(event: Event) -> Iterator[dict]:
    event_cells = _event_cells(event)
    entries = {entry.pk: entry for entry in event.entries.all()}
    with_results = set()
    sessions = list(event.sessions.all())
    for session in sessions:
        session_cells = _session_cells(session)
        results = list(session.results.all())
        for result in results:
            with_results.add(result.entry_id)
            yield {**event_cells, **session_cells, **_car_cells(entries[result.entry_id]), **_result_cells(result)}
        if not results:
            yield {**event_cells, **session_cells}
    for entry in entries.values():
        if entry.pk not in with_results:
            yield {**event_cells, **_car_cells(entry)}
    if not sessions and not entries:
        yield event_cells


def write_archive_csv(stream, events: Iterable) -> int:
    """Write `events` as an archive CSV to `stream` (text, newline=""); the rows written."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in archive_rows(events):
        writer.writerow(row)
        count += 1
    return count
