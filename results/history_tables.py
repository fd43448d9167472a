"""Tables of history pages (django-tables2): race results of a subject, events with their
winners, ranked tallies; and the CSV export of any of them (?_export=csv).

Cells are drawn with the site's template tags (badges, winners, crews); each column that shows more than
text has a `value_` method so the CSV holds plain words ("Felipe Nasr; Dane Cameron").
"""

from dataclasses import dataclass
from functools import partial

import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.html import format_html, format_html_join
from django_countries.fields import Country
from django_tables2 import RequestConfig
from django_tables2.data import TableQuerysetData
from django_tables2.export import TableExport

from results.display.badges import class_badge, flag
from results.display.classification import position_label
from results.display.dates import date_range
from results.display.links import crew, winner
from results.drawn_rows import DrawnRows

EXPORT_FORMAT = "csv"
DRAWN_TABLE = "_partials/_drawn_table.html"
NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}}


def crew_names(entry, *, leaving_out=None) -> str:
    return "; ".join(str(member.driver) for member in entry.crew.all() if member.driver_id != leaving_out)


def link(obj, text=None):
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text if text is not None else obj)


def event_label(result) -> str:
    """The event as named that year, and the race's name when it is not just "Race" ("Race 2")."""
    event = result.session.event
    if result.session.name and result.session.name.lower() != "race":
        return f"{event.name} · {result.session.name}"
    return event.name


class KeysFirst(TableQuerysetData):
    """A table's queryset whose pages are read in two queries: the page's keys, then its rows.

    Sorting a make's 2,000 wins by date with every joined column it shows made PostgreSQL
    carry wide rows through the sort (50 ms for a page of 50); sorting the keys alone and
    then fetching 50 rows by key takes a third of that. Pass it as the table's data.

    `keys`, every row's key in the queryset's order as kept from an earlier request, spare
    even that: the page's keys are read from them and the rows are not counted. Sorting by
    a column drops them (the rows are still the same, so their number holds).
    """

    def __init__(self, data, *, keys: list | None = None):
        super().__init__(data)
        self._keys = keys
        self._length = len(keys) if keys is not None else None

    def order_by(self, aliases):
        self._keys = None
        super().order_by(aliases)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return super().__getitem__(key)
        kept = self._keys is not None
        keys = self._keys[key] if kept else list(self.data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in self.data.filter(pk__in=keys).order_by()}
        return [rows[pk] for pk in keys]


class LabelledCells:
    """Each cell names its column (class "cell-<name>", data-label): a phone shows rows as cards."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.columns:
            td = dict(bound.column.attrs.get("td", {}))
            td["class"] = " ".join(filter(None, (td.get("class"), f"cell-{bound.name.replace('_', '-')}")))
            td["data-label"] = str(bound.verbose_name)
            bound.column.attrs = {**bound.column.attrs, "td": td}


class ResultHistoryTable(DrawnRows, LabelledCells, tables.Table):
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

    def __init__(self, *args, leave_out_driver=None, **kwargs):
        # On a driver's own page the crew column lists the co-drivers only.
        self.leave_out_driver = leave_out_driver
        super().__init__(*args, **kwargs)

    def render_event(self, record):
        return link(record.session.event, event_label(record))

    def value_event(self, record):
        return event_label(record)

    def render_series(self, value):
        return link(value, value.short_name or value.name)

    def value_series(self, value):
        return value.name

    def render_number(self, value):
        return format_html('<span class="car-number">#{}</span>', value)

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

    def value_position(self, record):
        return position_label(record)


def subject_name(subject) -> str:
    """A driver's or car's full name ("March 83G-Porsche"), a country's name, or the name."""
    if isinstance(subject, Country):
        return subject.name
    return getattr(subject, "full_name", None) or str(subject)


def winner_text(result) -> str:
    """A winner in words for the CSV: "#7 Porsche 963, Porsche Penske Motorsport (Felipe Nasr; Dane Cameron)"."""
    entry = result.entry
    car = " ".join(
        part
        for part in (f"#{entry.number}" if entry.number else "", subject_name(entry.car) if entry.car else "")
        if part
    )
    entrant = f", {entry.display_entrant}" if entry.display_entrant else ""
    return f"{car}{entrant} ({crew_names(entry)})"


@dataclass(frozen=True)
class WinnerCells:
    """An event's winners as its row shows them: HTML, cheap to keep in the cache."""

    overall: str
    classes: str  # the winners of the classes other than the overall winner's, in the organiser's order
    known: bool  # the archive knows a winner of the event


def winner_cells(event) -> WinnerCells:
    """`event`'s winner cells, drawn from its race_winners (results.stats.histories.with_winners)."""
    races = event.race_winners
    overall = _winner_lines(races, ((race, race.overall) for race in races if race.overall))
    return WinnerCells(
        overall=overall if races else format_html('<span class="muted">{}</span>', "No results"),
        classes=_winner_lines(races, ((race, result) for race in races for result in race.other_class_winners)),
        known=bool(races),
    )


def _winner_cells(event) -> WinnerCells:
    """The cells kept for `event` (event.winner_cells), or drawn from its race_winners."""
    return getattr(event, "winner_cells", None) or winner_cells(event)


def _winner_lines(races, winners) -> str:
    """A line per winner: its class and car, and the race's name when the event had more than one."""
    several = len(races) > 1
    return format_html_join(
        "",
        '<div class="winner-cell">{}{} {}</div>',
        (
            (
                format_html('<span class="session-name">{}</span> ', race.session.name) if several else "",
                class_badge(result.entry.car_class),
                winner(result),
            )
            for race, result in winners
        ),
    )


def _overall_winners(event):
    return [race.overall for race in event.race_winners if race.overall is not None]


class EventWinnersTable(DrawnRows, LabelledCells, tables.Table):
    """Events with their overall and class winners: a race's editions, a circuit's events, a calendar.

    Rows are events carrying `race_winners` (results.stats.histories.with_winners).
    """

    round = tables.Column(verbose_name="Rd", attrs=NUMERIC)
    date = tables.Column(accessor="start_date", verbose_name="Date", order_by=("start_date", "year"))
    year = tables.Column(verbose_name="Year", order_by=("year", "start_date"))
    event = tables.Column(accessor="name", verbose_name="Event", order_by=("name",))
    series = tables.Column(
        accessor="season__series",
        verbose_name="Series",
        order_by=("season__series__name", "year"),
    )
    circuit = tables.Column(verbose_name="Circuit", order_by=("circuit__name",))
    status = tables.Column(verbose_name="Status", orderable=False)
    overall = tables.Column(verbose_name="Overall winner", orderable=False, accessor="pk")
    classes = tables.Column(verbose_name="Class winners", orderable=False, accessor="pk")

    class Meta:
        orderable = True
        per_page = 50
        empty_text = "No events match."
        attrs = {"class": "history-table winners-table"}
        template_name = DRAWN_TABLE

    def render_date(self, value, record):
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), date_range(record))

    def value_date(self, value):
        return value.isoformat()

    def render_year(self, value, record):
        return link(record, value)

    def value_year(self, value):
        return value

    def render_event(self, record):
        return link(record, record.name)

    def value_event(self, record):
        return record.name

    def render_series(self, value, record):
        return link(record.season, value.short_name or value.name)

    def value_series(self, value):
        return value.name

    def render_circuit(self, value):
        return format_html("{}{}", flag(value.country), link(value, value.name))

    def value_circuit(self, value):
        return value.name

    def render_status(self, record):
        return record.get_status_display()

    def value_status(self, record):
        return record.get_status_display()

    def render_overall(self, record):
        return _winner_cells(record).overall

    def render_classes(self, record):
        return _winner_cells(record).classes

    def value_overall(self, record):
        return " | ".join(winner_text(result) for result in _overall_winners(record))

    def value_classes(self, record):
        # The CSV names every class winner, the overall winner's class included.
        return " | ".join(
            f"{result.entry.car_class.name}: {winner_text(result)}"
            for race in record.race_winners
            for result in race.class_winners
        )


class TallyTable(DrawnRows, tables.Table):
    """A ranked tally (results.records.tally): rank, who, count, and the years of the first and last."""

    rank = tables.Column(verbose_name="#", attrs=NUMERIC, order_by=("rank",))
    subject = tables.Column(verbose_name="Who", order_by=("subject__name",))
    count = tables.Column(verbose_name="Count", attrs=NUMERIC, order_by=("count",))
    years = tables.Column(
        verbose_name="Years", accessor="first", attrs=NUMERIC, order_by=("first__year",), exclude_from_export=True
    )
    # The CSV names the first and last events in full; the page shows their years as links.
    first = tables.Column(verbose_name="First", visible=False)
    last = tables.Column(verbose_name="Last", visible=False)

    class Meta:
        orderable = True
        per_page = 25
        empty_text = "None yet in the archive."
        attrs = {"class": "history-table tally-table"}
        template_name = DRAWN_TABLE

    def __init__(self, data, *, subject_label="Who", count_label="Count", **kwargs):
        super().__init__(data, **kwargs)
        self.columns["subject"].column.verbose_name = subject_label
        self.columns["count"].column.verbose_name = count_label

    def render_subject(self, value):
        if isinstance(value, Country):
            return format_html("{}{}", flag(value), value.name)
        country = getattr(value, "nationality", None) or getattr(value, "country", None)
        return format_html("{}{}", flag(country), link(value, subject_name(value)))

    def value_subject(self, value):
        return subject_name(value)

    def render_years(self, record):
        if record.first.year == record.last.year:
            return link(record.first, record.first.year)
        return format_html("{}–{}", link(record.first, record.first.year), link(record.last, record.last.year))

    def value_first(self, value):
        return str(value)

    def value_last(self, value):
        return str(value)


class MakeTallyTable(TallyTable):
    """Wins by chassis make, with the make's count as an engine maker beside it where they differ."""

    with_engines = tables.Column(
        verbose_name="Engine", attrs=NUMERIC, orderable=False, empty_values=(None,), default=""
    )

    class Meta(TallyTable.Meta):
        sequence = ("rank", "subject", "count", "with_engines", "years", "first", "last")


class FixedPageSize(Paginator):
    """A table's own page size, whatever ?per_page= asks.

    django-tables2 takes the page size from the query string: a page of a whole history
    would be slow to draw, and a negative size is an error (a 500).
    """

    def __init__(self, object_list, per_page, *args, size: int, **kwargs):
        super().__init__(object_list, size, *args, **kwargs)


def fixed_pages(size: int) -> dict:
    """django-tables2's `paginate` options for pages of `size` rows."""
    return {"paginator_class": partial(FixedPageSize, size=size)}


def configure(request, *tables_to_show, paginate=True):
    """Sorting and pagination from the query string; a bad page number shows the nearest page."""
    for table in tables_to_show:
        RequestConfig(request, paginate=fixed_pages(table._meta.per_page) if paginate else False).configure(table)


def exporting(request) -> bool:
    """Whether the request asks for the CSV (anything else in ?_export= shows the page)."""
    return request.GET.get("_export") == EXPORT_FORMAT


def export_response(request, named_tables: dict, *, filename: str):
    """The CSV of the table named by ?_table= (the first by default) when ?_export=csv, else None."""
    if not exporting(request) or not named_tables:
        return None
    name = request.GET.get("_table", "")
    if name not in named_tables:
        name = next(iter(named_tables))
    return TableExport(EXPORT_FORMAT, named_tables[name]).response(f"{filename}-{name}.{EXPORT_FORMAT}")


class CareerTable(ResultHistoryTable):
    """A driver's race results: the crew column lists the co-drivers."""

    crew = tables.Column(accessor="entry", verbose_name="Co-drivers", orderable=False)

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No race results match."


class WinsTable(ResultHistoryTable):
    """A make's overall and class wins."""

    class Meta(ResultHistoryTable.Meta):
        empty_text = "No wins match."
