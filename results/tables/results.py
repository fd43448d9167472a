"""Race results of a driver, team, car or make: one row per car per race (django-tables2).

Each column that shows more than text has a `value_` method so the CSV holds plain words
("Felipe Nasr; Dane Cameron").
"""

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.encoding import force_str

from drivers.naming import person_name
from results.display.badges import class_badge
from results.display.classification import class_place, position_label, position_words
from results.display.html import html
from results.display.links import crew, link
from results.display.words import crew_names
from results.models.sessions import entrant_shown
from results.stats import flat_results
from results.stats.records.occurrences import occurrence_results
from results.tables.cells import DRAWN_TABLE, NUMERIC, ArchiveTable, DrawnRows
from results.tables.paging import PagedData, PagedRows, configure


def event_label(result) -> str:
    """The event as named that year, and the race's name when it is not just "Race" ("Race 2")."""
    return event_and_session(result.session.event.name, result.session.name)


def event_and_session(event_name: str, session_name: str) -> str:
    """`event_label` from the names alone."""
    if session_name and session_name.lower() != "race":
        return f"{event_name} · {session_name}"
    return event_name


# What each column writes in a CSV, from a flat_results.FlatResult: the same words as its
# value_ method (or, without one, its value) writes from the objects; None is an empty cell.
CSV_CELLS = {
    "year": lambda row, table: row.year,
    "event": lambda row, table: event_and_session(row.event_name, row.session_name),
    "series": lambda row, table: row.series_name,
    "number": lambda row, table: row.number or None,
    "car_class": lambda row, table: row.class_name,
    "car": lambda row, table: row.car.full_name if row.car else None,
    "entrant": lambda row, table: entrant_shown(row.entrant_name, row.team_name or ""),
    "crew": lambda row, table: "; ".join(
        person_name(given, family) for driver, given, family in row.crew if driver != table.leave_out_driver
    ),
    "position": lambda row, table: position_words(row.position, row.status),
    "class_position": lambda row, table: row.class_position if row.class_name else None,
}


class ResultHistoryTable(DrawnRows, ArchiveTable):
    """Race results of a driver, team, car or make, one row per car per race."""

    year = tables.Column(
        accessor="session__event__year",
        verbose_name="Year",
        order_by=("session__event__year", "session__event__start_date"),
    )
    event = tables.Column(accessor="session__event", verbose_name="Event", order_by=("session__event__name",))
    series = tables.Column(
        accessor="session__event__season__series",
        verbose_name="Series",
        order_by=("session__event__season__series__name",),
    )
    number = tables.Column(accessor="entry__number", verbose_name="No.", orderable=False)
    car_class = tables.Column(accessor="entry__car_class", verbose_name="Class", order_by=("entry__car_class__name",))
    car = tables.Column(
        accessor="entry__car", verbose_name="Car", order_by=("entry__car__manufacturer__name", "entry__car__model")
    )
    entrant = tables.Column(accessor="entry", verbose_name="Entrant", orderable=False)
    crew = tables.Column(accessor="entry", verbose_name="Drivers", orderable=False)
    position = tables.Column(verbose_name="Pos", attrs=NUMERIC, order_by=("position", "status"), empty_values=())
    class_position = tables.Column(verbose_name="In class", attrs=NUMERIC, order_by=("class_position",))

    class Meta:
        orderable = True
        per_page = 50
        empty_text = "No race results match."
        attrs = {"class": "history-table results-table"}
        template_name = DRAWN_TABLE

    # A subclass's own columns in the CSV: {name: cell(row, table)}.
    csv_cells: dict = {}

    def __init__(self, *args, leave_out_driver=None, **kwargs):
        # On a driver's own page the crew column lists the co-drivers only.
        self.leave_out_driver = leave_out_driver
        super().__init__(*args, **kwargs)

    def export_rows(self):
        """The CSV's rows, read as values (stats.flat_results), not as objects: a history of
        100,000 results is written in seconds, a chunk of rows in memory at a time."""
        columns = [bound for bound in self.columns.iterall() if not bound.column.exclude_from_export]
        yield [force_str(bound.header, strings_only=True) for bound in columns]
        cells = [self.csv_cells.get(bound.name) or CSV_CELLS[bound.name] for bound in columns]
        for row in self._flat_rows():
            yield [cell(row, self) for cell in cells]

    def _flat_rows(self):
        """Every row as a FlatResult, in the table's order (sorted as the reader asked)."""
        rows = self.data.data
        if isinstance(rows, PagedRows):
            keys = rows.keys
        elif getattr(self.data, "kept_keys", None) is not None:  # KeysFirst with its rows' keys kept
            keys = self.data.kept_keys
        elif isinstance(rows, QuerySet):
            keys = list(rows.values_list("pk", flat=True))
        else:
            keys = [row.pk for row in rows]
        return flat_results.flat_results(keys)

    def render_event(self, record):
        return link(record.session.event, event_label(record))

    def value_event(self, record):
        return event_label(record)

    def render_series(self, value):
        return link(value, value.display_name)

    def value_series(self, value):
        return value.name

    def render_number(self, value):
        return html('<span class="car-number">#{}</span>', value)

    def value_number(self, value):
        return value

    def render_car_class(self, value):
        return class_badge(value)

    def value_car_class(self, value):
        return value.name

    def render_car(self, value):
        return link(value, value.full_name)

    def value_car(self, value):
        return value.full_name

    def render_entrant(self, value):
        if value.team_id:
            return link(value.team, value.display_entrant)
        return value.display_entrant or "—"

    def value_entrant(self, value):
        return value.display_entrant

    def render_crew(self, value):
        return crew(value, leaving_out=self.leave_out_driver)

    def value_crew(self, value):
        return crew_names(value, leaving_out=self.leave_out_driver)

    def render_position(self, record):
        return position_label(record) or "—"

    def render_class_position(self, record):
        return class_place(record) or ""

    def value_class_position(self, record):
        return class_place(record)

    def value_position(self, record):
        return position_label(record)


class CareerTable(ResultHistoryTable):
    """A driver's race results: the crew column lists the co-drivers."""

    crew = tables.Column(accessor="entry", verbose_name="Co-drivers", orderable=False)

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No race results match."


class WinsTable(ResultHistoryTable):
    """A make's overall and class wins."""

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No wins match."


class TotalPartsTable(ResultHistoryTable):
    """The results of a total from the lap files, each with its part (the laps led there)."""

    part = tables.Column(verbose_name="Part", attrs=NUMERIC, orderable=False, empty_values=())
    csv_cells = {"part": lambda row, table: table.part_words(table.parts[row.id])}

    def __init__(self, *args, parts: dict, label: str, words=None, **kwargs):
        self.parts, self.part_words = parts, words or (lambda value: value)
        super().__init__(*args, **kwargs)
        self.columns["part"].column.verbose_name = label

    def render_part(self, record):
        return self.part_words(self.parts[record.pk])


def occurrences_table(request, results: list[int], *, parts=None, **kwargs) -> ResultHistoryTable:
    """The results a count is made of (their keys, in order): the page shown is fetched alone.

    With `parts` (by result, and the `label` and `words` of TotalPartsTable) each result's
    part of a total beside it.
    """
    rows = PagedData(PagedRows(results, occurrence_results))
    if parts is not None:
        table = TotalPartsTable(rows, parts=parts, orderable=False, exclude=("number",), **kwargs)
    else:
        table = ResultHistoryTable(rows, orderable=False, exclude=("number",))
    configure(request, table)
    return table
