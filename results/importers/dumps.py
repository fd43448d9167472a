"""The whole archive as open data, and back: a dump written for anyone, and loaded into an
empty database.

`export_dump(directory)` writes, from one consistent read of the archive:

- `csv/<table>.csv`, one file a table, a header of its columns (an empty cell is empty or
  unknown: the other two formats tell them apart);
- `archive.json`, every table as {"columns": [...], "rows": [[...], ...]}, a row a line;
- `archive.sqlite3`, the same tables in a SQLite database, to query with `sqlite3`;
- `manifest.json`: the format version, the latest event it holds ("as of"), each table's
  rows and each file's size and SHA-256.

It holds what the site shows: results, entries and crews, sessions, events and the rest
of the calendar, drivers, teams, makes and cars, the points rules, published reports,
laps, stints, cautions and weather, and the former slugs old addresses redirect from. Not
what is private (editors' accounts, drafts, who imported what, the history of edits,
merge logs) nor what is counted from the rest (the credits and standings places, which a
load recounts). Rows are written in id order, so the same archive gives the same files.

`load_dump(directory)` checks the manifest's checksums and loads the SQLite file into an
empty archive, in one transaction, with the ids it had, then recounts what is counted.
Each table is read and written a chunk at a time: memory does not grow with the archive.
"""

import csv
import datetime
import hashlib
import json
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction

from drivers.models import Car, Driver, FormerSlug, Manufacturer, Team
from results.models import (
    Article,
    CarClass,
    CautionPeriod,
    Championship,
    ChampionshipEvent,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    Lap,
    LapFile,
    MinimumDriveTime,
    PointsScale,
    PointsScaleValue,
    Race,
    Result,
    Season,
    Series,
    Session,
    Stint,
    WeatherReading,
)
from results.models.calendar import newest_first_keys
from results.stats import cache, credits

FORMAT = 1
CHUNK = 5000
JSON_FILE, SQLITE_FILE, MANIFEST = "archive.json", "archive.sqlite3", "manifest.json"
# Who imported a lap file is an editor's account: not open data.
PRIVATE_COLUMNS = {"imported_by_id"}


class DumpError(Exception):
    """A dump that cannot be loaded (or written): the message says what and where."""


def _published_articles():
    return Article.objects.published()


# The tables in an order that loads each after what it refers to, and the rows of each.
TABLES = [
    (Manufacturer, None),
    (Team, None),
    (Driver, None),
    (Car, None),
    (Series, None),
    (Season, None),
    (CarClass, None),
    (Circuit, None),
    (Race, None),
    (Event, None),
    (Session, None),
    (Session.classes.through, None),
    (Entry, None),
    (EntryDriver, None),
    (Result, None),
    (Article, _published_articles),
    (PointsScale, None),
    (PointsScaleValue, None),
    (Championship, None),
    (Championship.classes.through, None),
    (ChampionshipEvent, None),
    (LapFile, None),
    (Lap, None),
    (Stint, None),
    (CautionPeriod, None),
    (WeatherReading, None),
    (MinimumDriveTime, None),
    (FormerSlug, None),
]


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    fields: list[models.Field]

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> list[str]:
        return [field.column for field in self.fields]


def tables() -> list[Table]:
    return [
        Table(model, [f for f in model._meta.concrete_fields if f.column not in PRIVATE_COLUMNS]) for model, _ in TABLES
    ]


def _rows_of(model):
    chosen = dict(TABLES)[model]
    return (chosen() if chosen else model._base_manager.all()).order_by("pk")


def _content_types() -> dict[int, str]:
    return {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.all()}


def _out(field: models.Field, kinds: dict[int, str]):
    """How a column's values are written: dates and times as ISO 8601, a duration in seconds,
    a decimal as text, a content type by name (its id is this database's own), the rest as
    they are."""
    if isinstance(field, models.ForeignKey) and field.related_model is ContentType:
        return kinds.get
    if isinstance(field, models.DateTimeField | models.DateField | models.TimeField):
        return lambda value: value.isoformat() if value is not None else None
    if isinstance(field, models.DurationField):
        return lambda value: value.total_seconds() if value is not None else None
    if isinstance(field, models.DecimalField):  # points: "2.5", exact, as text
        return lambda value: str(value) if value is not None else None
    return None


_SQL_TYPES = {
    "AutoField": "INTEGER",
    "BigAutoField": "INTEGER",
    "IntegerField": "INTEGER",
    "BigIntegerField": "INTEGER",
    "PositiveIntegerField": "INTEGER",
    "PositiveSmallIntegerField": "INTEGER",
    "PositiveBigIntegerField": "INTEGER",
    "SmallIntegerField": "INTEGER",
    "BooleanField": "INTEGER",
    "FloatField": "REAL",
    "DurationField": "REAL",
}


def _sql_type(field: models.Field) -> str:
    if isinstance(field, models.ForeignKey):
        return "TEXT" if field.related_model is ContentType else "INTEGER"
    return _SQL_TYPES.get(field.get_internal_type(), "TEXT")


def export_dump(directory: Path) -> dict:
    """Write the archive's dump into `directory` (made if missing; its dump files replaced).
    The manifest, as written."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "csv").mkdir(exist_ok=True)
    database = directory / SQLITE_FILE
    database.unlink(missing_ok=True)
    counts = {}
    # Inside a caller's transaction (a test's), its own isolation holds.
    outermost = not connection.in_atomic_block
    # One transaction, so every table is read as the same moment's archive.
    with (
        transaction.atomic(),
        closing(sqlite3.connect(database)) as sqlite,
        open(directory / JSON_FILE, "w", encoding="utf-8") as json_file,
    ):
        if connection.vendor == "postgresql" and outermost:
            # There each query of a transaction sees its own moment (READ COMMITTED): an import
            # committing between the entries and the results would leave results without their cars.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        as_of = _as_of()
        kinds = _content_types()
        json_file.write(f'{{"format": {FORMAT}, "tables": {{')
        for number, table in enumerate(tables()):
            counts[table.name] = _export_table(table, kinds, directory, sqlite, json_file, first=number == 0)
        json_file.write("\n}}\n")
        sqlite.commit()
    manifest = {
        "format": FORMAT,
        "as_of": as_of,
        "tables": counts,
        "files": {name: _file_facts(directory / name) for name in _dump_files(directory)},
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _export_table(table: Table, kinds, directory: Path, sqlite, json_file, *, first: bool) -> int:
    columns = table.columns
    converters = [(i, convert) for i, field in enumerate(table.fields) if (convert := _out(field, kinds))]
    declared = ", ".join(
        f'"{field.column}" {_sql_type(field)}{" PRIMARY KEY" if field.primary_key else ""}' for field in table.fields
    )
    sqlite.execute(f'CREATE TABLE "{table.name}" ({declared})')
    insert = f'INSERT INTO "{table.name}" VALUES ({", ".join("?" for _ in columns)})'
    json_file.write(f'{"" if first else ","}\n"{table.name}": {{"columns": {json.dumps(columns)}, "rows": [')
    count = 0
    with open(directory / "csv" / f"{table.name}.csv", "w", encoding="utf-8", newline="") as csv_file:
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        attnames = [field.attname for field in table.fields]
        rows = _rows_of(table.model).values_list(*attnames).iterator(chunk_size=CHUNK)
        chunk = []
        for row in rows:
            if converters:
                row = list(row)
                for i, convert in converters:
                    row[i] = convert(row[i])
            chunk.append(row)
            if len(chunk) == CHUNK:
                _write_chunk(chunk, writer, sqlite, insert, json_file, first=count == 0)
                count += len(chunk)
                chunk = []
        if chunk:
            _write_chunk(chunk, writer, sqlite, insert, json_file, first=count == 0)
            count += len(chunk)
    json_file.write("\n]}")
    return count


def _write_chunk(chunk, writer, sqlite, insert, json_file, *, first: bool) -> None:
    writer.writerows(["" if value is None else value for value in row] for row in chunk)
    sqlite.executemany(insert, chunk)
    json_file.write(("\n" if first else ",\n") + ",\n".join(json.dumps(row, ensure_ascii=False) for row in chunk))


def _as_of() -> dict | None:
    """The latest completed event the dump holds: what it is "as of"."""
    event = Event.objects.completed().order_by(*newest_first_keys()).first()
    if event is None:
        return None
    return {
        "id": event.pk,
        "name": str(event),
        "date": event.end_date.isoformat() if event.end_date else None,
    }


def _dump_files(directory: Path) -> list[str]:
    found = [JSON_FILE, SQLITE_FILE, *(f"csv/{path.name}" for path in sorted((directory / "csv").glob("*.csv")))]
    return [name for name in found if (directory / name).exists()]


def _file_facts(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def read_manifest_unchecked(directory: Path) -> dict:
    """The dump's manifest as written, its files not read (a page that lists them)."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise DumpError(f"No {MANIFEST} in {directory}: not a dump of the archive.") from error
    except json.JSONDecodeError as error:
        raise DumpError(f"{directory / MANIFEST} is not JSON (line {error.lineno}): {error.msg}.") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise DumpError(f"{directory / MANIFEST} does not list the dump's files.")
    return manifest


def read_manifest(directory: Path) -> dict:
    """The dump's manifest, checked: its format, and each file's size and checksum."""
    manifest = read_manifest_unchecked(directory)
    if manifest.get("format") != FORMAT:
        raise DumpError(f"The dump is in format {manifest.get('format')!r}; this archive reads format {FORMAT}.")
    for name, facts in manifest.get("files", {}).items():
        path = directory / name
        if not path.exists():
            raise DumpError(f"{name} is named in the manifest but missing from {directory}.")
        if _file_facts(path) != facts:
            raise DumpError(f"{name} is not the file the manifest describes (size or SHA-256 differs): re-download it.")
    return manifest


def load_dump(directory: Path, *, progress=None) -> dict[str, int]:
    """Load the dump in `directory` into an empty archive; the rows loaded, by table.

    Nothing is written if the archive is not empty, the dump does not check out, or a row
    does not fit (the error names the table and row).
    """
    manifest = read_manifest(directory)
    if Event.objects.exists() or Driver.objects.exists() or Series.objects.exists():
        raise DumpError("The archive is not empty: a dump is loaded into an empty database (migrate a new one).")
    loaded = {}
    with transaction.atomic(), closing(sqlite3.connect(directory / SQLITE_FILE)) as sqlite, _times_as_given():
        kinds = {f"{ct.app_label}.{ct.model}": ct.pk for ct in ContentType.objects.all()}
        for table in tables():
            loaded[table.name] = _load_table(table, sqlite, kinds)
            if progress is not None:
                progress(table.name, loaded[table.name])
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables()]):
                cursor.execute(statement)
        expected = manifest.get("tables", {})
        if loaded != expected:
            raise DumpError(f"The dump's tables hold other counts than its manifest says: {expected} != {loaded}.")
        credits.rebuild()
        # bulk_create tells no signal: what was kept while the archive was empty is forgotten.
        transaction.on_commit(cache.forget_everything)
    return loaded


def _load_table(table: Table, sqlite, kinds) -> int:
    columns = ", ".join(f'"{column}"' for column in table.columns)
    try:
        cursor = sqlite.execute(f'SELECT {columns} FROM "{table.name}" ORDER BY "id"')
    except sqlite3.Error as error:
        raise DumpError(f"The dump has no table {table.name} as this archive has it: {error}.") from error
    converters = [_in(field, kinds) for field in table.fields]
    attnames = [field.attname for field in table.fields]
    count = 0
    while rows := cursor.fetchmany(CHUNK):
        objects = []
        for row in rows:
            values = {name: convert(value) for name, convert, value in zip(attnames, converters, row, strict=True)}
            objects.append(table.model(**values))
        try:
            table.model._base_manager.bulk_create(objects)
        except Exception as error:  # a constraint, a value out of range: say where
            raise DumpError(f"{table.name}, rows {count + 1}–{count + len(rows)}: {error}") from error
        count += len(rows)
    return count


def _in(field: models.Field, kinds):
    if isinstance(field, models.ForeignKey) and field.related_model is ContentType:
        return lambda value: kinds[value]
    if isinstance(field, models.DurationField):
        return lambda value: datetime.timedelta(seconds=value) if value is not None else None
    return lambda value: field.to_python(value) if value is not None else None


@contextmanager
def _times_as_given():
    """Fields that stamp the time of a save keep the dump's instead while it loads."""
    stamped = [
        field
        for model, _ in TABLES
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    before = [(field.auto_now, field.auto_now_add) for field in stamped]
    for field in stamped:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, (auto_now, auto_now_add) in zip(stamped, before, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
