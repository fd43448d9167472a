"""Events with their overall and class winners: a race's editions, a circuit's events, a calendar."""

import django_tables2 as tables

from results.display.dates import date_range
from results.display.html import html
from results.display.links import flagged_link, link
from results.display.winners import WinnerCells, winner_cells, winner_text
from results.tables.cells import DRAWN_TABLE, NUMERIC, ArchiveTable, DrawnRows


def _winner_cells(event) -> WinnerCells:
    """The cells kept for `event` (event.winner_cells), or drawn from its race_winners."""
    return getattr(event, "winner_cells", None) or winner_cells(event)


def _overall_winners(event):
    return [race.overall for race in event.race_winners if race.overall is not None]


class EventWinnersTable(DrawnRows, ArchiveTable):
    """Events with their overall and class winners: a race's editions, a circuit's events, a calendar.

    Rows are events carrying `race_winners` (results.stats.histories.with_winners).
    """

    round = tables.Column(verbose_name="Rd", attrs=NUMERIC)
    # An undated event says so rather than show a dash: it is listed after the dated ones.
    date = tables.Column(accessor="start_date", verbose_name="Date", order_by=("start_date", "year"), empty_values=())
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
        if value is None:
            return html('<span class="muted">{}</span>', "Date unknown")
        return html('<time datetime="{}">{}</time>', value.isoformat(), date_range(record))

    def value_date(self, value):
        return value.isoformat() if value is not None else ""

    def render_year(self, value, record):
        return link(record, value)

    def value_year(self, value):
        return value

    def render_event(self, record):
        return link(record, record.name)

    def value_event(self, record):
        return record.name

    def render_series(self, value, record):
        return link(record.season, value.display_name)

    def value_series(self, value):
        return value.name

    def render_circuit(self, value):
        return flagged_link(value, value.name)

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
