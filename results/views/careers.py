"""Driver, team, manufacturer and car pages: a record in totals, then every race result.

They live in results because careers are made of results (the drivers app never imports
results); their URLs keep the paths of DESIGN.md section 4: /drivers/<slug>/, /teams/...
"""

from django.shortcuts import get_object_or_404, render

from drivers.models import Car, Driver, Manufacturer, Team
from results import history
from results.filters import ResultHistoryFilter
from results.history_tables import CareerTable, ResultHistoryTable, WinsTable, configure, export_response
from results.records import COUNTING_RULES, Per, What, Who, breakdown, totals
from results.standings import driver_championships


def _history_page(request, template, context, *, results, filename, table_class=ResultHistoryTable, **table_kwargs):
    """A page with a filtered, sortable, paginated table of race results and its CSV export."""
    filters = ResultHistoryFilter(request.GET, queryset=results)
    table = table_class(filters.qs, **table_kwargs)
    configure(request, table)
    exported = export_response(request, {"results": table}, filename=filename)
    if exported:
        return exported
    return render(request, template, {**context, "filters": filters, "table": table, "counting_rules": COUNTING_RULES})


def driver_detail(request, slug):
    driver = get_object_or_404(Driver, slug=slug)
    context = {
        "driver": driver,
        "totals": totals(Who.DRIVER, driver, per=Per.SERIES),
        "championships": driver_championships(driver),  # issue 6: place in each season's standings
    }
    return _history_page(
        request,
        "drivers/driver_detail.html",
        context,
        results=history.race_results(driver=driver),
        filename=driver.slug,
        table_class=CareerTable,
        leave_out_driver=driver.pk,
    )


def team_detail(request, slug):
    team = get_object_or_404(Team, slug=slug)
    context = {"team": team, "totals": totals(Who.TEAM, team, per=Per.SERIES)}
    return _history_page(
        request, "drivers/team_detail.html", context, results=history.race_results(team=team), filename=team.slug
    )


def manufacturer_detail(request, slug):
    manufacturer = get_object_or_404(Manufacturer, slug=slug)
    chassis = totals(Who.MAKE, manufacturer, per=Per.SERIES)
    wins = (What.OVERALL_WINS, What.CLASS_WINS)
    by_race = breakdown(Who.MAKE, manufacturer, Per.RACE, counting=wins)
    by_class = breakdown(Who.MAKE, manufacturer, Per.CLASS, counting=(What.CLASS_WINS,))
    context = {
        "manufacturer": manufacturer,
        "totals": chassis,
        "as_engine": _if_different(totals(Who.ENGINE, manufacturer).all, than=chassis.all),
        "by_race": sorted(
            (row for row in by_race if row.group is not None and (row.wins or row.class_wins)),
            key=lambda row: (-row.wins, -row.class_wins, row.group.name),
        ),
        "by_class": sorted(
            (row for row in by_class if row.group is not None and row.class_wins),
            key=lambda row: (-row.class_wins, row.group.name),
        ),
        "cars": manufacturer.cars.select_related("engine_manufacturer").order_by("model"),
        "engined_cars": manufacturer.engined_cars.exclude(manufacturer=manufacturer).select_related("manufacturer"),
    }
    return _history_page(
        request,
        "drivers/manufacturer_detail.html",
        context,
        results=history.wins(history.race_results(manufacturer=manufacturer)),
        filename=f"{manufacturer.slug}-wins",
        table_class=WinsTable,
    )


def _if_different(engine, *, than):
    """A make's record as an engine maker, when it differs from its record as a chassis maker."""
    return engine if engine.counts != than.counts else None


def car_detail(request, slug):
    car = get_object_or_404(Car.objects.select_related("manufacturer", "engine_manufacturer"), slug=slug)
    context = {"car": car, "totals": totals(Who.CAR, car, per=Per.SERIES)}
    return _history_page(
        request, "drivers/car_detail.html", context, results=history.race_results(car=car), filename=car.slug
    )
