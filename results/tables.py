"""Classification tables (django-tables2): on the page as HTML, in exports as plain values.

A classification keeps the organiser's order, so its columns are not sortable: the order
of the cars is the result.
"""

import django_tables2 as tables
from django.utils.html import format_html

from results import durations, presentation
from results.templatetags.racing import class_badge, crew, driver_link


def cell(name: str, *, numeric: bool = False) -> dict:
    """Column attrs naming the column (c-laps), so a phone can lay a row out as a card."""
    css = f"c-{name} num" if numeric else f"c-{name}"
    return {"th": {"class": css}, "td": {"class": css}}


CLASS_FIRST = (
    '<span class="class-win">1<span class="win-mark" aria-hidden="true"> ★</span>'
    '<span class="visually-hidden"> ({})</span></span>'
)


def _link(obj, text):
    if obj is None:
        return text
    return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)


class ClassificationTable(tables.Table):
    """A race classification: overall and class positions, crews, laps, time or gap, best lap."""

    position = tables.Column("Pos", empty_values=(), attrs=cell("position", numeric=True))
    car_class = tables.Column("Class", accessor="entry__car_class", attrs=cell("class"))
    class_position = tables.Column("In class", empty_values=(), attrs=cell("class-position", numeric=True))
    number = tables.Column("No.", accessor="entry__number", attrs=cell("number", numeric=True))
    entrant = tables.Column("Entrant", accessor="entry__display_entrant", attrs=cell("entrant"))
    drivers = tables.Column("Drivers", accessor="entry", empty_values=(), attrs=cell("drivers"))
    car = tables.Column("Car", accessor="entry__car", attrs=cell("car"))
    laps = tables.Column("Laps", attrs=cell("laps", numeric=True))
    time = tables.Column("Time / gap", empty_values=(), attrs=cell("time", numeric=True))
    best_lap = tables.Column("Best lap", accessor="best_lap_ms", attrs=cell("best-lap", numeric=True))
    status = tables.Column("Status", empty_values=(), attrs=cell("status"))
    at_line = tables.Column("At the line", empty_values=(), visible=False)

    class Meta:
        orderable = False
        # An unknown fact is left blank (a phone's card then drops the cell), not shown as a dash.
        default = ""
        template_name = "django_tables2/table.html"
        attrs = {"class": "classification"}
        row_attrs = {
            "class": lambda table, record: table.first_row_class if record.class_position == 1 else "",
            # Entry.get_absolute_url() points at #car-<number>: one table on the page carries them.
            "id": lambda table, record: (
                f"car-{record.entry.number}" if table.anchor_rows and record.entry.number else None
            ),
        }

    # What first in class is called in this kind of session.
    class_first = "class winner"
    first_row_class = "class-winner"

    def __init__(self, *args, anchor_rows=False, **kwargs):
        self.anchor_rows = anchor_rows
        super().__init__(*args, **kwargs)

    def render_position(self, record):
        # The words of a change after the finish are in the status column; here only its arrow.
        arrow = {"up": "▲", "down": "▼"}.get(presentation.moved_after_finish(record))
        if arrow is None:
            return presentation.position_label(record)
        return format_html(
            '{} <span class="moved moved--{}" aria-hidden="true">{}</span>',
            presentation.position_label(record),
            presentation.moved_after_finish(record),
            arrow,
        )

    def value_position(self, record):
        return presentation.position_label(record)

    def render_car_class(self, value):
        return class_badge(value)

    def value_car_class(self, value):
        return value.code

    def render_class_position(self, record):
        if record.class_position == 1:
            return format_html(CLASS_FIRST, self.class_first)
        return record.class_position or ""

    def value_class_position(self, record):
        return record.class_position

    def render_number(self, value):
        return f"#{value}"

    def value_number(self, value):
        # As written: "01" and "1" are different cars.
        return value

    def render_entrant(self, record, value):
        return _link(record.entry.team, value)

    def value_entrant(self, value):
        return value

    def render_drivers(self, record):
        return crew(record.entry)

    def value_drivers(self, record):
        return "; ".join(member.driver.full_name for member in record.entry.crew.all())

    def render_car(self, value):
        return _link(value, value.full_name)

    def value_car(self, value):
        return value.full_name

    def render_time(self, record):
        return presentation.time_or_gap(record)

    def render_best_lap(self, value):
        return durations.format_time(value)

    def render_status(self, record):
        change = presentation.line_change(record)
        if not change:
            return self.value_status(record)
        return format_html('{}<small class="line-change">{}</small>', self.value_status(record), change)

    def value_status(self, record):
        label = "" if record.status == record.Status.CLASSIFIED else record.get_status_display()
        return ": ".join(part for part in (label, record.reason) if part)

    def render_at_line(self, record):
        return record.position_at_line or ""


class TimedSessionTable(ClassificationTable):
    """Qualifying, practice, warm-up: ranked by each car's best time, with its gap."""

    drivers = tables.Column("Driver", accessor="entry", empty_values=(), attrs=cell("drivers"))
    time = tables.Column("Time", empty_values=(), attrs=cell("time", numeric=True))
    gap = tables.Column("Gap", empty_values=(), attrs=cell("gap", numeric=True))

    class_first = "fastest in class"
    first_row_class = "class-fastest"

    class Meta(ClassificationTable.Meta):
        exclude = ("best_lap", "at_line")
        sequence = ("position", "car_class", "class_position", "number", "entrant", "drivers", "car", "time", "gap")

    def render_drivers(self, record):
        """The driver who set the time where the source names one, else the crew."""
        if record.qualifying_driver is None:
            return super().render_drivers(record)
        return driver_link(record.qualifying_driver)

    def value_drivers(self, record):
        if record.qualifying_driver is None:
            return super().value_drivers(record)
        return record.qualifying_driver.full_name

    def render_time(self, record):
        return durations.format_time(presentation.best_time_ms(record))

    def render_gap(self, record):
        if record.position == 1:
            return ""
        return durations.format_gap(record.gap_ms, record.gap_laps)
