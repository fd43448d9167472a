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

import inspect

import django_tables2 as tables
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# What django-tables2 may pass a render method, by parameter name.
CELL_ARGUMENTS = {"value", "record", "column", "bound_column", "table"}


class DrawnRows:
    """A django-tables2 Table whose template prints `table.rows_html` as its body (_partials/_drawn_table.html)."""

    def rows_html(self) -> SafeString:
        """The body rows of the current page (every row when not paginated), or the empty text."""
        cells = [(bound.attrs["td"].as_html(), self._cell_drawer(bound)) for bound in self.columns]
        rows = [
            format_html(
                "<tr {}>{}</tr>",
                row.attrs.as_html(),
                format_html_join("", "<td {}>{}</td>", ((attrs, draw(row.record)) for attrs, draw in cells)),
            )
            for row in self.paginated_rows
        ]
        if not rows and self.empty_text:
            rows = [format_html('<tr><td colspan="{}">{}</td></tr>', len(cells), self.empty_text)]
        return mark_safe("\n".join(rows))  # noqa: S308 -- every part went through format_html

    def _cell_drawer(self, bound):
        """record -> the cell's HTML, as django-tables2's BoundRow.get_cell() and its template give it."""
        column, render, default = bound.column, bound.render, bound.default
        parameters = inspect.signature(render).parameters
        takes_all = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
        wanted = CELL_ARGUMENTS if takes_all else CELL_ARGUMENTS & set(parameters)

        # A render method that takes the record alone, in a column where nothing counts as
        # empty, needs no value: resolving one would be wasted (and raise, where the column
        # names no field).
        needs_value = "value" in wanted or bool(column.empty_values)

        def draw(record):
            value = None
            if needs_value:
                try:
                    value = bound.accessor.resolve(record)
                except Exception:  # noqa: BLE001 -- as django-tables2: a column without a field shows its default
                    value = None
                if value in column.empty_values:
                    return conditional_escape(localize(default))
            arguments = {"value": value, "record": record, "column": column, "bound_column": bound, "table": self}
            return conditional_escape(localize(render(**{name: arguments[name] for name in wanted})))

        return draw


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

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        # A column's name never holds a dot; django-tables2 would read "1.5" from a query
        # string as a path through the row's attributes (and warn that it will stop to).
        aliases = value.split(",") if isinstance(value, str) else value or ()
        tables.Table.order_by.fset(self, [alias for alias in aliases if "." not in alias])
