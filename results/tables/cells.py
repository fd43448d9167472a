"""How a table's cells are drawn and named.

`DrawnRows` draws a django-tables2 table's body in one pass: django-tables2 draws each cell
through its template, resolving the cell's accessor through the model's fields,
inspecting the render method's signature and recomputing the column's attributes, for
every cell, and a race weekend of four 60-car sessions has some 2,700 cells. `DrawnRows`
does that work once per column and calls the same render_ methods, so the cells are the
same (tests/results/test_drawn_rows.py compares them with django-tables2's own).
`ArchiveTable`, the base of every table, names each cell for its column, so a phone can
show rows as cards.
"""

import functools
import inspect
from collections.abc import Iterator
from urllib.parse import urlencode

import django_tables2 as tables
from django.db.models import QuerySet
from django.utils.encoding import force_str
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django_tables2.templatetags.django_tables2 import table_page_range

from results.display.framestack import with_room
from results.display.html import attributes, escape, html

# What django-tables2 may pass a render method, by parameter name.
CELL_ARGUMENTS = frozenset({"value", "record", "column", "bound_column", "table"})


class DrawnRows:
    """A django-tables2 Table whose template prints `table.rows_html` as its body (_partials/_drawn_table.html)."""

    @with_room  # thousands of small calls: see framestack
    def rows_html(self) -> SafeString:
        """The body rows of the current page (every row when not paginated), or the empty text."""
        cells = [(attributes(bound.attrs["td"]), self._cell_drawer(bound)) for bound in self.columns]
        row_attributes = self._row_attributes()
        rows = []
        for row in self.paginated_rows:
            tds = "".join([f"<td {attrs}>{draw(row.record)}</td>" for attrs, draw in cells])
            rows.append(f"<tr {row_attributes(row)}>{tds}</tr>")
        if not rows and self.empty_text:
            rows = [html('<tr><td colspan="{}">{}</td></tr>', len(cells), self.empty_text)]
        return SafeString("\n".join(rows))  # every cell escaped by its drawer, every attribute by attributes()

    @with_room
    def head_html(self) -> SafeString:
        """The header row: each column's name; a sortable one links to the rows sorted by it, from
        the first page, the rest of the query string (filters) kept, and says how it sorts now."""
        cells = []
        for bound in self.columns:
            header = escape(bound.header)
            if bound.orderable:
                sorted_by = self.query(
                    {self.prefixed_order_by_field: bound.order_by_alias.next}, drop=self.prefixed_page_field
                )
                header = f'<a href="{sorted_by}">{header}</a>'
            sort = ""
            if bound.is_ordered:
                sort = f' aria-sort="{"descending" if bound.order_by_alias.is_descending else "ascending"}"'
            cells.append(f"<th {attributes(bound.attrs['th'])}{sort}>{header}</th>")
        return SafeString(f"<tr>{''.join(cells)}</tr>")

    def pages_html(self) -> SafeString:
        """Links to the table's other pages (the query string kept), or nothing for a single page."""
        page = getattr(self, "page", None)
        if page is None or self.paginator.num_pages <= 1:
            return SafeString("")
        links = []
        if page.has_previous():
            previous = self.on_page(page.previous_page_number())
            links.append(f'<a class="item" href="{previous}" rel="prev">‹ Previous</a>')
        for number in table_page_range(page, self.paginator):
            if number == "...":
                links.append('<span class="item gap">…</span>')
            elif number == page.number:
                links.append(f'<a class="item active" href="{self.on_page(number)}" aria-current="page">{number}</a>')
            else:
                links.append(f'<a class="item" href="{self.on_page(number)}">{number}</a>')
        if page.has_next():
            links.append(f'<a class="item" href="{self.on_page(page.next_page_number())}" rel="next">Next ›</a>')
        return SafeString(f'<nav class="pagination" aria-label="Pages">{"".join(links)}</nav>')

    def on_page(self, number: int) -> str:
        return self.query({self.prefixed_page_field: number})

    def query(self, updates: dict, *, drop: str = "") -> str:
        """This page's query string with `updates` and without `drop`, escaped for an href."""
        request = getattr(self, "request", None)
        params = dict(request.GET.lists()) if request is not None else {}
        params.pop(drop, None)
        params |= updates
        return escape("?" + urlencode(params, doseq=True))

    def _row_attributes(self):
        """row -> its attributes as HTML, as django-tables2's BoundRow.attrs gives them (even, odd)."""
        computed = [
            (name, value, arguments_wanted(value) if callable(value) else None)
            for name, value in self.row_attrs.items()
        ]

        def draw(row):
            arguments = {"record": row.record, "table": self}
            attrs = {
                name: value(**{arg: arguments[arg] for arg in wanted}) if wanted is not None else value
                for name, value, wanted in computed
            }
            even_odd = "odd" if row.row_counter % 2 else "even"
            attrs["class"] = f"{attrs['class']} {even_odd}" if attrs.get("class") else even_odd
            return attributes(attrs)

        return draw

    def _cell_drawer(self, bound):
        """record -> the cell's HTML, as django-tables2's BoundRow.get_cell() and its template give it."""
        column, render, default = bound.column, bound.render, bound.default
        wanted = arguments_wanted(render)
        empty = escape(shown(default))
        # A render method that takes the record alone, in a column where nothing counts as
        # empty, needs no value: resolving one would be wasted (and raise, where the column
        # names no field).
        if wanted == {"record"} and not column.empty_values:
            return lambda record: escape(shown(render(record=record)))

        field_of = field_reader(bound)

        def draw(record):
            value = field_of(record)
            if value in column.empty_values:
                return empty
            arguments = {"value": value, "record": record, "column": column, "bound_column": bound, "table": self}
            return escape(shown(render(**{name: arguments[name] for name in wanted})))

        return draw


def shown(value):
    """A cell's value as django-tables2 prints it: numbers and dates localized, the rest as it is."""
    if isinstance(value, str) or (type(value) is int):  # localize() gives an int as it is (no grouping here)
        return value
    return localize(value)


def field_reader(bound):
    """record -> the value of its cell's field, or None where the column names no field (as
    django-tables2 has it). The column's path is split once, not for every cell: a CSV of
    8,000 rankings reads 60,000 cells.

    Read as attributes where that is all django-tables2 would do: it tries each step as a
    key first, and for a column that names no field of the row it wrote an error message
    with the row's repr, for every row of a CSV of thousands.
    """
    bits = tuple(bound.accessor.bits)
    if any(bit.isdigit() for bit in bits):  # an index, as django-tables2 reads it
        return lambda record: _resolved_by_tables2(bound, record)

    def read(record):
        value = record
        for bit in bits:
            if callable(value) or _keyed(type(value)):
                return _resolved_by_tables2(bound, record)  # a key or a call, as django-tables2 does them
            try:
                value = getattr(value, bit)
            except AttributeError:
                return None
        return _resolved_by_tables2(bound, record) if callable(value) else value

    return read


@functools.cache
def _keyed(kind: type) -> bool:
    """Whether django-tables2 would read a step of a path from a value of this type as a key."""
    return hasattr(kind, "__getitem__") and not issubclass(kind, tuple)


def _resolved_by_tables2(bound, record):
    try:
        return bound.accessor.resolve(record)
    except Exception:  # noqa: BLE001 -- django-tables2 shows such a cell's default
        return None


def arguments_wanted(method) -> frozenset[str]:
    """Which of CELL_ARGUMENTS a render_ or value_ method takes, as django-tables2 would pass them."""
    # Asked for every column of every table drawn: a method's answer is its function's
    # (self is no cell argument), worked out once.
    return _arguments_of(getattr(method, "__func__", method))


@functools.cache
def _arguments_of(function) -> frozenset[str]:
    parameters = inspect.signature(function).parameters
    takes_all = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    return CELL_ARGUMENTS if takes_all else CELL_ARGUMENTS & frozenset(parameters)


DRAWN_TABLE = "_partials/_drawn_table.html"


NUMERIC = {"th": {"class": "num"}, "td": {"class": "num"}}


class ArchiveTable(tables.Table):
    """Every table of the archive: each cell names its column (class "cell-<name>", data-label),
    so a phone shows rows as cards, and rows sort by a column's name only.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for bound in self.columns:
            td = dict(bound.column.attrs.get("td", {}))
            td["class"] = " ".join(filter(None, (td.get("class"), f"cell-{bound.name.replace('_', '-')}")))
            td["data-label"] = str(bound.verbose_name)
            bound.column.attrs = {**bound.column.attrs, "td": td}

    def export_rows(self) -> Iterator[list]:
        """The CSV's rows, the header first, then every row (not only the page shown), one at a time.

        The values are django-tables2's own (Table.as_values()), but each column's method
        and arguments are looked up once, not for every cell, and a queryset is read in
        chunks, so a CSV of 100,000 rows neither waits for all of them nor holds them all.
        """
        columns = [bound for bound in self.columns.iterall() if not bound.column.exclude_from_export]
        yield [force_str(bound.header, strings_only=True) for bound in columns]
        values = [self._value_reader(bound) for bound in columns]
        for record in _chunked(self.data):
            yield [value(record) for value in values]

    def _value_reader(self, bound):
        """record -> the cell's CSV value, as django-tables2's BoundRow.get_cell_value() gives it.

        Unlike django-tables2, a field of choices is not worded by get_FOO_display() here:
        the tables word theirs in value_ methods (tests/results/test_csv_exports.py compares).
        """
        column, value_of = bound.column, bound.value
        if getattr(value_of, "__func__", None) is tables.Column.value:
            value_of = column.render  # what Column.value() calls, looking its arguments up every time
        wanted = arguments_wanted(value_of)
        field_of, empty = field_reader(bound), column.empty_values

        # The common columns, called without building their arguments for every cell (a
        # records download has 60,000): a column that shows its field as it is, and a
        # value_ or render_ method that takes the value alone.
        if getattr(value_of, "__func__", None) is tables.Column.render:
            return lambda record: None if (value := field_of(record)) in empty else force_str(value, strings_only=True)
        if wanted == {"value"}:
            return lambda record: (
                None if (value := field_of(record)) in empty else force_str(value_of(value=value), strings_only=True)
            )

        def read(record):
            value = field_of(record)
            if value in empty:
                return None
            arguments = {"value": value, "record": record, "column": column, "bound_column": bound, "table": self}
            return force_str(value_of(**{name: arguments[name] for name in wanted}), strings_only=True)

        return read

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        # A column's name never holds a dot; django-tables2 would read "1.5" from a query
        # string as a path through the row's attributes (and warn that it will stop to).
        aliases = value.split(",") if isinstance(value, str) else value or ()
        tables.Table.order_by.fset(self, [alias for alias in aliases if "." not in alias])


def _chunked(data):
    """The rows of a table's data in its order; a queryset not read yet is read a few thousand at a time.

    Its prefetches then run once per chunk: a few queries more for a long CSV, the price of
    a memory that does not grow with it. One read already (a view that gave its rows their
    winners) is kept as it is.
    """
    rows = getattr(data, "data", data)
    if isinstance(rows, QuerySet) and rows._result_cache is None:
        return rows.iterator(chunk_size=2000)
    return iter(data)
