"""Driver, team, manufacturer and car pages: a record in totals, then every race result.

They live in results because careers are made of results (the drivers app never imports
results); their URLs keep the paths of DESIGN.md section 4: /drivers/<slug>/, /teams/...
The record comes from results.stats.careers, kept until the archive changes; the table
below it is read per request, one page of 50 rows at a time.
"""

from django.shortcuts import get_object_or_404, render

from drivers.models import Car, Driver, Manufacturer, Team
from results.filters.histories import ResultHistoryFilter
from results.stats import cache, histories
from results.stats import laps as lap_stats
from results.stats.careers import career, make_career
from results.stats.records.rules import COUNTING_RULES
from results.tables.export import export_response
from results.tables.paging import KeysFirst, configure
from results.tables.results import CareerTable, ResultHistoryTable, WinsTable


def _history_page(
    request, subject, context, *, results, table_class=ResultHistoryTable, filename: str = "", **table_kwargs
):
    """The subject's page: `context` (its record from stats.careers, with the table's "facets"
    and "keys"), then a filtered, sortable, paginated table of `results` and its CSV export.
    """
    kind = subject._meta.model_name
    filters = ResultHistoryFilter(request.GET, queryset=results, choices=context.pop("facets"))
    keys = context.pop("keys")
    table = table_class(KeysFirst(filters.qs, keys=None if filters.chosen else keys), **table_kwargs)
    configure(request, table)
    exported = export_response(request, {"results": table}, filename=filename or subject.slug)
    if exported:
        return exported
    context = {**context, kind: subject, "filters": filters, "table": table, "counting_rules": COUNTING_RULES}
    return cache.shown(render(request, f"results/{kind}_detail.html", context), subject)


def driver_detail(request, slug):
    driver = get_object_or_404(Driver, slug=slug)
    results = histories.race_results(driver=driver)
    context = {**career(driver, results), "lap_record": lap_stats.driver_laps(driver)}
    return _history_page(request, driver, context, results=results, table_class=CareerTable, leave_out_driver=driver.pk)


def team_detail(request, slug):
    team = get_object_or_404(Team, slug=slug)
    results = histories.race_results(team=team)
    return _history_page(request, team, career(team, results), results=results)


def manufacturer_detail(request, slug):
    manufacturer = get_object_or_404(Manufacturer, slug=slug)
    wins = histories.wins(histories.race_results(manufacturer=manufacturer))
    context = {
        **make_career(manufacturer, wins),
        "cars": manufacturer.cars.select_related("engine_manufacturer").order_by("model"),
        "engined_cars": manufacturer.engined_cars.exclude(manufacturer=manufacturer).select_related("manufacturer"),
    }
    return _history_page(
        request, manufacturer, context, results=wins, table_class=WinsTable, filename=f"{manufacturer.slug}-wins"
    )


def car_detail(request, slug):
    car = get_object_or_404(Car.objects.with_makes(), slug=slug)
    results = histories.race_results(car=car)
    return _history_page(request, car, career(car, results), results=results)
