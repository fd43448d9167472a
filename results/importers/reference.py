"""Companion files for facts a per-result row cannot carry: series, circuits, classes, drivers.

Each is a small CSV (docs/archive-csv.md describes them). A row finds its object by name,
as the archive CSV does, creates it if new and updates the facts the file gives in
place, so loading a file twice changes nothing.
"""

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import ValidationError
from django_countries import countries

from drivers.naming import fold
from results.importers.archive_csv import written_driver
from results.importers.csvfile import read_rows, read_text
from results.importers.errors import ImportValidationError, Problem
from results.importers.matching import Resolver, apply_values, find_named
from results.models import CarClass, Circuit, Race, Series
from results.models.calendar import validate_time_zone


class _Cells:
    """One row of a companion file, read with the problems noted by row and column."""

    def __init__(self, line: int, cells: dict[str, str], problems: list[Problem]):
        self.line, self.cells, self.problems = line, cells, problems

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.problems.append(Problem(self.line, column, "is required"))
        return value

    def whole(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit():
            self.problems.append(Problem(self.line, column, f"“{value}” is not a whole number"))
            return None
        return int(value)

    def check(self, column: str, test: Callable[[str], None]) -> str:
        value = self.text(column)
        if value:
            try:
                test(value)
            except ValidationError as error:
                self.problems.append(Problem(self.line, column, " ".join(error.messages)))
                return ""
        return value


def _country(value: str) -> None:
    if value not in countries:
        raise ValidationError(f"“{value}” is not an ISO 3166 two-letter country code (US, CA, IT)")


def _colour(value: str) -> None:
    if len(value) != 7 or value[0] != "#" or any(ch not in "0123456789abcdefABCDEF" for ch in value[1:]):
        raise ValidationError(f"“{value}” is not a colour written #rrggbb")


def _load(path: Path, required: tuple[str, ...], optional: tuple[str, ...], load_row) -> None:
    problems: list[Problem] = []
    try:
        for line, cells in read_rows(read_text(path), required=required, optional=optional):
            load_row(_Cells(line, cells, problems))
            if problems:
                break
    except ImportValidationError as error:
        raise error.in_file(path.name) from None
    if problems:
        raise ImportValidationError(problems).in_file(path.name)


def _save(resolver: Resolver, kind: str, obj, values: dict) -> None:
    fields = apply_values(obj, values)
    if fields:
        obj.save()
        resolver.changed(kind, obj, fields)


def load_series(path: Path, resolver: Resolver) -> None:
    """series.csv: name, short_name, first_year (of its first season, when known)."""

    def load_row(row: _Cells) -> None:
        name, short_name = row.text("name", required=True), row.text("short_name")
        values = {"short_name": short_name, "first_year": row.whole("first_year")}
        if row.problems:
            return
        found = find_named(Series.objects.all(), name)
        if found:
            _save(resolver, "series", resolver.matched("series", found[0]), values)
        elif name:
            # Created with its short name, from which its URL is made ("imsa").
            resolver.created("series", Series.objects.create(name=name, **values))

    _load(path, ("name",), ("short_name", "first_year"), load_row)


def load_races(path: Path, resolver: Resolver) -> None:
    """races.csv: name, first_year (of the race's first edition, when known)."""

    def load_row(row: _Cells) -> None:
        name = row.text("name", required=True)
        values = {"first_year": row.whole("first_year")}
        if not name or row.problems:
            return
        found = find_named(Race.objects.all(), name)
        if found:
            _save(resolver, "race", resolver.matched("race", found[0]), values)
        else:
            resolver.created("race", Race.objects.create(name=name, **values))

    _load(path, ("name",), ("first_year",), load_row)


def load_circuits(path: Path, resolver: Resolver) -> None:
    """circuits.csv: name, place, country, time_zone, length_m, turns."""

    def load_row(row: _Cells) -> None:
        name = row.text("name", required=True)
        values = {
            "place": row.text("place"),
            "country": row.check("country", _country),
            "time_zone": row.check("time_zone", validate_time_zone) or None,
            "length_m": row.whole("length_m"),
            "turns": row.whole("turns"),
        }
        if not name or row.problems:
            return
        found = find_named(Circuit.objects.all(), name)
        if found:
            _save(resolver, "circuit", resolver.matched("circuit", found[0]), values)
        else:
            circuit = Circuit(name=name)
            apply_values(circuit, values)
            circuit.save()
            resolver.created("circuit", circuit)

    _load(path, ("name", "time_zone"), ("place", "country", "length_m", "turns"), load_row)


def load_classes(path: Path, resolver: Resolver) -> None:
    """classes.csv: series, code, name, order, colour (the organiser's order, a badge colour)."""

    def load_row(row: _Cells) -> None:
        series_name, code = row.text("series", required=True), row.text("code", required=True)
        values = {"name": row.text("name") or code, "order": row.whole("order"), "colour": row.check("colour", _colour)}
        if row.problems:
            return
        series = resolver.series(series_name)
        held = [c for c in CarClass.objects.filter(series=series) if fold(c.code) == fold(code)]
        if held:
            _save(resolver, "class", resolver.matched("class", held[0]), values)
        else:
            car_class = CarClass(series=series, code=code)
            apply_values(car_class, values)
            car_class.save()
            resolver.created("class", car_class, f"{code} ({series})")

    _load(path, ("series", "code", "name", "order"), ("colour",), load_row)


def load_driver_facts(path: Path, resolver: Resolver) -> None:
    """drivers.csv: name ("Given Family" or "Given FAMILY"), nationality, hometown."""

    def load_row(row: _Cells) -> None:
        name = row.text("name", required=True)
        nationality = row.check("nationality", _country)
        hometown = row.text("hometown")
        if not name or row.problems:
            return
        driver = resolver.driver(written_driver(name))
        _save(resolver, "driver", driver, {"nationality": nationality or None, "hometown": hometown or None})

    _load(path, ("name",), ("nationality", "hometown"), load_row)
