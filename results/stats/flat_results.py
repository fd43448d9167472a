"""Results as values, for a CSV of thousands of them: names and numbers, no objects.

A history's CSV read as objects built a model instance a row for the result, session,
event, season, series, entry, class, car, makes, team, crew and drivers; read as values a
row is a few tuples, and the cars, which are few, are read once.
The CSV's columns turn them into words with the same functions the objects use
(results.tables.results).
"""

from collections import namedtuple

from drivers.models import Car
from results.models import Entry, EntryDriver, Result, Session

FlatResult = namedtuple(
    "FlatResult",
    [
        "id",
        "year",
        "event_name",
        "session_name",
        "series_name",
        "number",
        "class_name",
        "car",  # the Car, with its makes, or None
        "entrant_name",
        "team_name",
        "crew",  # (driver id, given name, family name) in the crew's order
        "position",
        "status",
        "class_position",
    ],
)

# Results read at once, so memory stays flat whatever the download's length; each query
# costs a few milliseconds whatever its size, so a chunk is as large as that allows.
CHUNK = 2500


def flat_results(keys: list[int]):
    """The results of `keys`, in that order, as FlatResult: at most five queries per CHUNK of them.

    By key, and a table at a time: read in the order of the query that found them, with
    every joined column, made PostgreSQL sort wide rows; joined in one query by key, it
    hashed the whole entries and sessions tables for every chunk.
    """
    cars = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        results = Result.objects.filter(pk__any=chunk).order_by()
        found = {row[0]: row for row in results.values_list("pk", "session_id", "entry_id", *_OWN)}
        sessions = _by_key(Session, {row[1] for row in found.values()}, _SESSION)
        entries = _by_key(Entry, {row[2] for row in found.values()}, _ENTRY)
        missing = {entry[2] for entry in entries.values()} - cars.keys() - {None}
        cars |= Car.objects.select_related("manufacturer", "engine_manufacturer").in_bulk(missing)
        crews = _crews(entries.keys())
        for pk in chunk:
            if pk not in found:
                continue
            _, session, entry, *own = found[pk]
            year, event_name, session_name, series_name = sessions[session]
            number, class_name, car, entrant_name, team_name = entries[entry]
            yield FlatResult(
                pk,
                year,
                event_name,
                session_name,
                series_name,
                number,
                class_name,
                cars.get(car),
                entrant_name,
                team_name,
                crews.get(entry, []),
                *own,
            )


_OWN = ("position", "status", "class_position")
_SESSION = ("event__year", "event__name", "name", "event__season__series__name")
_ENTRY = ("number", "car_class__name", "car_id", "entrant_name", "team__name")


def _by_key(model, keys, fields) -> dict:
    rows = model.objects.filter(pk__any=keys).order_by().values_list("pk", *fields)
    return {pk: values for pk, *values in rows}


def _crews(entry_keys) -> dict[int, list[tuple]]:
    crews: dict[int, list[tuple]] = {}
    members = EntryDriver.objects.filter(entry__any=entry_keys).order_by("order", "pk")
    for entry, *member in members.values_list("entry_id", "driver_id", "driver__given_name", "driver__family_name"):
        crews.setdefault(entry, []).append(tuple(member))
    return crews
