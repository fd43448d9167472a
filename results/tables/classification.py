"""The race page's tables (django-tables2): a classification for each session, grouped as races,
qualifying and the rest, each with its podiums or poles.

A classification keeps the organiser's order, so its columns are not sortable: the order
of the cars is the result. Every cell is drawn by a `render_<column>(record)` method and
exported by `value_<column>(record)` where the page shows more than the file needs.
"""

from dataclasses import dataclass, field

import django_tables2 as tables

from results.display.badges import class_badge
from results.display.classification import (
    class_place,
    line_change,
    moved_after_finish,
    position_label,
    time_or_gap_in_class,
)
from results.display.html import html
from results.display.links import crew, driver_link, link
from results.display.times import format_gap, format_time
from results.models import Event, Session
from results.stats.classification import ClassGroup, best_time_ms, by_class, classification_order
from results.tables.cells import NUMERIC, ArchiveTable, DrawnRows
from results.tables.export import csv_download


def column(header: str, *, numeric: bool = False, **kwargs) -> tables.Column:
    # Every cell goes to its render_ method, blanks included: the method says what a blank shows.
    return tables.Column(header, empty_values=(), attrs=NUMERIC if numeric else {}, **kwargs)


CLASS_FIRST = (
    '<span class="class-win">1<span class="win-mark" aria-hidden="true"> ★</span>'
    '<span class="visually-hidden"> ({})</span></span>'
)


class ClassificationTable(DrawnRows, ArchiveTable):
    """A race classification: overall and class positions, crews, laps, time or gap, best lap."""

    position = column("Pos", numeric=True)
    car_class = column("Class")
    class_position = column("In class", numeric=True)
    number = column("No.", numeric=True)
    entrant = column("Entrant")
    drivers = column("Drivers")
    car = column("Car")
    laps = column("Laps", numeric=True)
    time = column("Time / gap", numeric=True)
    best_lap = column("Best lap", numeric=True)
    status = column("Status")
    at_line = column("At the line", visible=False)

    class Meta:
        orderable = False
        template_name = "_partials/_classification_table.html"
        attrs = {"class": "classification"}
        row_attrs = {
            "class": lambda table, record: table.row_class(record),
            "id": lambda table, record: table.row_id(record),
        }

    # What first in class is called in this kind of session.
    class_first = "class winner"
    first_row_class = "class-winner"

    def __init__(self, *args, anchor_rows=False, one_class=False, drawn_cells=None, **kwargs):
        self.anchor_rows = anchor_rows
        # A car runs in every session of its weekend: its entrant, crew and car are drawn
        # once per page, in a dict the page's tables share (build() passes one). Drawn
        # again, not kept: it lives as long as the objects it was drawn from.
        self.drawn_cells = {} if drawn_cells is None else drawn_cells
        super().__init__(*args, **kwargs)
        # One class shown alone: times and gaps are to its leader, not to the overall winner.
        rows = self.data.data if one_class else []
        self.class_leader = next((row for row in rows if row.class_position == 1), None)

    def drawn_once(self, draw, thing) -> str:
        """draw(thing) for a car or a driver, drawn once per page whatever its sessions."""
        key = (draw, thing.pk)
        cell = self.drawn_cells.get(key)
        if cell is None:
            cell = self.drawn_cells[key] = draw(thing)
        return cell

    def row_class(self, record) -> str | None:
        return self.first_row_class if record.class_position == 1 else None

    def row_id(self, record) -> str | None:
        # Entry.get_absolute_url() points at #car-<number>: one table on the page carries them.
        return f"car-{record.entry.number}" if self.anchor_rows and record.entry.number else None

    def render_position(self, record):
        # The words of a change after the finish are in the status column; here only its arrow.
        moved = moved_after_finish(record)
        if not moved:
            return position_label(record)
        arrow = "▲" if moved == "up" else "▼"
        return html(
            '{} <span class="moved moved--{}" aria-hidden="true">{}</span>',
            position_label(record),
            moved,
            arrow,
        )

    def value_position(self, record):
        return position_label(record)

    def render_car_class(self, record):
        return class_badge(record.entry.car_class)

    def value_car_class(self, record):
        return record.entry.car_class.code if record.entry.car_class else ""

    def render_class_position(self, record):
        place = class_place(record)
        if place == 1:
            return html(CLASS_FIRST, self.class_first)
        return place or ""

    def value_class_position(self, record):
        return class_place(record)

    def render_number(self, record):
        return f"#{record.entry.number}" if record.entry.number else ""

    def value_number(self, record):
        # As written: "01" and "1" are different cars.
        return record.entry.number

    def render_entrant(self, record):
        return self.drawn_once(entrant_link, record.entry)

    def value_entrant(self, record):
        return record.entry.display_entrant

    def render_drivers(self, record):
        return self.drawn_once(crew, record.entry)

    def value_drivers(self, record):
        return "; ".join(member.driver.full_name for member in record.entry.crew.all())

    def render_car(self, record):
        return self.drawn_once(car_link, record.entry)

    def value_car(self, record):
        return record.entry.car.full_name if record.entry.car else ""

    def render_laps(self, record):
        return "" if record.laps is None else record.laps

    def render_time(self, record):
        return time_or_gap_in_class(record, self.class_leader)

    def render_best_lap(self, record):
        return format_time(record.best_lap_ms)

    def render_status(self, record):
        change = line_change(record)
        if not change:
            return self.value_status(record)
        return html('{}<small class="line-change">{}</small>', self.value_status(record), change)

    def value_status(self, record):
        label = "" if record.status == record.Status.CLASSIFIED else record.get_status_display()
        return ": ".join(part for part in (label, record.reason) if part)

    def render_at_line(self, record):
        return record.position_at_line or ""


class TimedSessionTable(ClassificationTable):
    """Qualifying, practice, warm-up: ranked by each car's best time, with its gap."""

    drivers = column("Driver")
    time = column("Time", numeric=True)
    gap = column("Gap", numeric=True)

    class_first = "fastest in class"
    first_row_class = "class-fastest"

    class Meta(ClassificationTable.Meta):
        exclude = ("best_lap", "at_line")
        sequence = ("position", "car_class", "class_position", "number", "entrant", "drivers", "car", "time", "gap")

    def render_drivers(self, record):
        """The driver who set the time where the source names one, else the crew."""
        if record.qualifying_driver_id is None:
            return super().render_drivers(record)
        return self.drawn_once(driver_link, record.qualifying_driver)

    def value_drivers(self, record):
        if record.qualifying_driver is None:
            return super().value_drivers(record)
        return record.qualifying_driver.full_name

    def render_time(self, record):
        return format_time(best_time_ms(record))

    def render_gap(self, record):
        leader = self.class_leader
        if leader is None:
            return "" if record.position == 1 else format_gap(record.gap_ms, record.gap_laps)
        if record is leader or None in (best_time_ms(record), best_time_ms(leader)):
            return ""
        return format_gap(best_time_ms(record) - best_time_ms(leader), None)


def entrant_link(entry) -> str:
    return link(entry.team, entry.display_entrant)


def car_link(entry) -> str:
    return link(entry.car, entry.car.full_name) if entry.car else ""


# Formats tablib writes with no optional dependency; anything else asked for is ignored.
EXPORT_FORMATS = ("csv",)


@dataclass(frozen=True)
class SessionSheet:
    """One session on the page: its classification table and the cars it puts first per class."""

    session: Session
    table: ClassificationTable
    groups: list[ClassGroup] = field(default_factory=list)  # podiums of a race, poles of a qualifying

    def export(self, export_format: str, *, event: Event):
        """The classification as a downloadable file, named for the event and the session."""
        return csv_download(self.table, filename=f"{event.year}-{event.slug}-{self.session.slug}.{export_format}")


@dataclass(frozen=True)
class EventPage:
    event: Event
    sessions: list[Session]
    races: list[SessionSheet]
    qualifying: list[SessionSheet]
    others: list[SessionSheet]

    def sheet(self, slug: str) -> SessionSheet | None:
        return next((sheet for sheet in self.sheets if sheet.session.slug == slug), None)

    @property
    def sheets(self) -> list[SessionSheet]:
        return [*self.races, *self.qualifying, *self.others]

    @property
    def has_results(self) -> bool:
        return any(sheet.session.classification for sheet in self.sheets)


def build(event: Event, sessions: list[Session], *, one_class: bool = False) -> EventPage:
    """Sort the sessions for the page; the first race's rows carry the cars' anchors (#car-7).

    `one_class`: the sessions hold one class's results alone, timed against its leader.
    """
    races, qualifying, others = [], [], []
    shared = {"one_class": one_class, "drawn_cells": {}}
    for session in sessions:
        results = session.classification = classification_order(session.classification)
        if session.kind == Session.Kind.RACE:
            table = ClassificationTable(results, anchor_rows=not races, **shared)
            races.append(SessionSheet(session, table, by_class(results, up_to=3)))
        elif session.kind == Session.Kind.QUALIFYING:
            table = TimedSessionTable(results, **shared)
            qualifying.append(SessionSheet(session, table, by_class(results, up_to=1)))
        else:
            others.append(SessionSheet(session, TimedSessionTable(results, **shared)))
    return EventPage(event=event, sessions=sessions, races=races, qualifying=qualifying, others=others)
