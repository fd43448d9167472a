"""Tables of the index pages (django-tables2): every driver, team, make, car, circuit, race, series.

The columns are the objects' own fields (names with flags, country, a car's make, a race's
circuit), never counts over results, so a page costs the same on any size of archive.
Each column that shows more than text has a `value_` method so the CSV holds plain words.
"""

import django_tables2 as tables
from django_countries.fields import Country

from results.display.links import flagged_link
from results.tables.cells import ArchiveTable, DrawnRows

PER_PAGE = 50
DEFAULT_ORDER = ("name",)


class NamedColumn(tables.Column):
    """A related object (a car's make, a race's circuit): its flag and linked name; the name alone in a CSV."""

    def render(self, value):
        return flagged_link(value, value.name)

    def value(self, value, **kwargs):
        return value.name


class IndexTable(DrawnRows, ArchiveTable):
    """An index: a linked name, with a country where the kind has one.

    Subclasses name the column that holds the country (`country_field`) and the fields
    that order by name (`name_order`, ending with the slug so that pages never overlap).
    """

    kind = ""  # what the rows are, in the plural: "drivers"
    country_field = "country"
    name_order: tuple[str, ...] = ("name", "slug")

    def __init__(self, *args, filtered: bool = False, **kwargs):
        # Options given here rather than in Meta, which django-tables2 does not pass on to subclasses.
        kwargs.setdefault("order_by", DEFAULT_ORDER)
        kwargs.setdefault("template_name", "results/_index_table.html")
        kwargs.setdefault("attrs", {"class": "index-table"})
        super().__init__(*args, **kwargs)
        self.empty_text = f"No {self.kind} match these filters." if filtered else f"No {self.kind} in the archive yet."

    def render_name(self, record, value):
        return flagged_link(record, value)

    def value_name(self, value):
        return value

    def render_country(self, value):
        return self._country_name(value) or "—"

    def value_country(self, value):
        return self._country_name(value)

    def _country_name(self, code: str) -> str:
        """The country's name, looked up once per table: django-countries translates it
        afresh every time, most of the time of a CSV of every driver."""
        names = self.__dict__.setdefault("_country_names", {})
        if code not in names:
            names[code] = Country(code).name if code else ""
        return names[code]

    def order_country(self, queryset, is_descending):
        return queryset.in_country_order(self.country_field, descending=is_descending, then=self.name_order), True


def name_column(verbose_name: str, *, accessor: str = "name", order_by: tuple[str, ...] = ("name", "slug")):
    return tables.Column(verbose_name=verbose_name, accessor=accessor, order_by=order_by)


def country_column(verbose_name: str = "Country", *, field: str = "country"):
    # The code, named by the table (IndexTable._country_name): django-tables2 would look a
    # field of choices up in django-countries' 250 choices for every cell.
    return tables.Column(verbose_name=verbose_name, accessor=f"{field}__code", empty_values=())


class DriverIndexTable(IndexTable):
    kind = "drivers"
    country_field = "nationality"
    name_order = ("sort_key", "slug")  # where a reader looks: Courcelles under C (naming.name_sort_key)

    name = name_column("Driver", accessor="full_name", order_by=name_order)
    country = country_column("Nationality", field="nationality")


class TeamIndexTable(IndexTable):
    kind = "teams"
    name = name_column("Team")
    country = country_column()


class ManufacturerIndexTable(IndexTable):
    kind = "makes"
    name = name_column("Make")
    country = country_column()


class CarIndexTable(IndexTable):
    kind = "cars"
    name_order = ("manufacturer__name", "model", "slug")

    name = name_column("Car", accessor="full_name", order_by=name_order)
    make = NamedColumn(
        verbose_name="Make",
        accessor="manufacturer",
        order_by=("manufacturer__name", *name_order[1:]),
    )


class CircuitIndexTable(IndexTable):
    kind = "circuits"
    name = name_column("Circuit")
    place = tables.Column(verbose_name="Place", order_by=("place", "name"))
    country = country_column()


class RaceIndexTable(IndexTable):
    kind = "races"
    name = name_column("Race")
    circuit = NamedColumn(verbose_name="Circuit", order_by=("circuit__name", "name"))


class SeriesIndexTable(IndexTable):
    kind = "series"
    name = name_column("Series")
    short_name = tables.Column(verbose_name="Short name", order_by=("short_name", "name"))
