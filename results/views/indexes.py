"""Index pages: every driver, team, make, car, circuit, race and series, filtered and sorted.

Each is a django-filter form over a django-tables2 table, paginated and exported as CSV
(?_export=csv, with the filters). What the query string asks and the page cannot do (a
page that does not exist, a column that does not sort, a country nobody is from) is said
on the page, which shows what it can instead.
"""

from django.utils.text import Truncator
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from drivers.models import Car, Driver, Manufacturer, Team
from results.filters.indexes import (
    CarIndexFilter,
    CircuitIndexFilter,
    DriverIndexFilter,
    ManufacturerIndexFilter,
    NameFilterSet,
    RaceIndexFilter,
    TeamIndexFilter,
)
from results.models import Circuit, Race, Series
from results.stats import cache
from results.tables.export import export_response
from results.tables.indexes import (
    DEFAULT_ORDER,
    PER_PAGE,
    CarIndexTable,
    CircuitIndexTable,
    DriverIndexTable,
    ManufacturerIndexTable,
    RaceIndexTable,
    SeriesIndexTable,
    TeamIndexTable,
)
from results.tables.paging import fixed_pages


def _quoted(value: str) -> str:
    return f"“{Truncator(value).chars(40)}”"


def query_notes(request, table) -> list[str]:
    """What the table could not do of what the query string asked, in words."""
    notes = []
    asked = [alias for alias in request.GET.getlist(table.prefixed_order_by_field) if alias]
    kept = {str(alias) for alias in table.order_by}
    unknown = [alias for alias in asked if alias not in kept]
    if unknown:
        notes.append(f"The table cannot be sorted by {', '.join(map(_quoted, unknown))}, so that is left out.")
        if not kept:
            table.order_by = DEFAULT_ORDER
    page = request.GET.get(table.prefixed_page_field)
    if page is not None and _number(page) != table.page.number:
        pages = table.paginator.num_pages
        notes.append(f"There is no page {_quoted(page)}: this is page {table.page.number} of {pages}.")
    return notes


def _number(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


class IndexView(SingleTableMixin, FilterView):
    """A kind's index. Subclasses set the table (which names the kind), the filters, the rows and a lead."""

    template_name = "results/index.html"
    table_pagination = fixed_pages(PER_PAGE)  # a page of the whole archive would be slow
    strict = False  # a filter the form cannot read is reported and left out; the others still apply
    lead = ""  # what the kind is, and what its pages hold
    related: tuple[str, str] | None = None  # a neighbouring index: its URL name and its words

    def get_table_kwargs(self):
        filtered = any(self.request.GET.get(name) for name in self.filterset.filters)
        return {"filtered": filtered}

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        self.notes = query_notes(self.request, table)
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        title = self.table_class.kind.capitalize()
        return {**context, "filters": self.filterset, "notes": self.notes, "title": title, "lead": self.lead}

    def render_to_response(self, context, **kwargs):
        table = context["table"]
        exported = export_response(self.request, {table.kind: table}, filename="race-archive")
        return exported or cache.shown(super().render_to_response(context, **kwargs), cache.INDEXES)


class DriverIndex(IndexView):
    table_class = DriverIndexTable
    filterset_class = DriverIndexFilter
    model = Driver
    lead = "Every driver in the archive. Open one for a career: every start, co-drivers and results."


class TeamIndex(IndexView):
    table_class = TeamIndexTable
    filterset_class = TeamIndexFilter
    model = Team
    lead = "Every team in the archive. Open one for its record and every car it entered."


class ManufacturerIndex(IndexView):
    table_class = ManufacturerIndexTable
    filterset_class = ManufacturerIndexFilter
    model = Manufacturer
    lead = "Every chassis and engine maker in the archive. Open one for its wins overall, in class and at each race."
    related = ("results:cars", "Every car model")


class CarIndex(IndexView):
    table_class = CarIndexTable
    filterset_class = CarIndexFilter
    queryset = Car.objects.with_makes()
    lead = "Every car model in the archive, named by its chassis make (and its engine make where they differ)."
    related = ("results:manufacturers", "Every make")


class CircuitIndex(IndexView):
    table_class = CircuitIndexTable
    filterset_class = CircuitIndexFilter
    model = Circuit
    lead = "Every circuit in the archive. Open one for its layout, the races held there and best laps per class."


class RaceIndex(IndexView):
    table_class = RaceIndexTable
    filterset_class = RaceIndexFilter
    queryset = Race.objects.with_circuit()
    lead = "The recurring races of the archive. Open one for every edition, its winners and who has won it most."


class SeriesIndex(IndexView):
    table_class = SeriesIndexTable
    filterset_class = NameFilterSet
    model = Series
    lead = "Every championship in the archive. Open one for its seasons, calendars and standings."
