"""Driver, team, manufacturer and car pages: a record in totals, then every race result.

They live in results because careers are made of results (the drivers app never imports
results); their URLs keep the paths of DESIGN.md section 4: /drivers/<slug>/, /teams/...

What a page says of the subject's whole history (totals, wins by race, championship
places, the filters' choices) reads every result of the subject: up to a second for a
make of 16,000 entries or a driver of 77 seasons. It is kept under the archive revision
(results.stats.revision.cached), so it is worked out once per change of the archive; the table
below it is read per request, one page of 50 rows at a time.
"""

from django.shortcuts import get_object_or_404, render

from drivers.models import Car, Driver, Manufacturer, Team
from results.filters.histories import ResultHistoryFilter
from results.stats import histories, revision
from results.stats.records.rules import COUNTING_RULES, What, Who
from results.stats.records.totals import Per, breakdown, totals
from results.stats.standings import driver_championships
from results.tables.export import export_response
from results.tables.paging import KeysFirst, configure
from results.tables.results import CareerTable, ResultHistoryTable, WinsTable


def _history_page(request, template, context, *, results, filename, table_class=ResultHistoryTable, **table_kwargs):
    """A page with a filtered, sortable, paginated table of race results and its CSV export.

    `context` holds "choices", the filters' choices, and "keys", every row's key in the
    table's first order, kept with the rest of the summary (results.history_tables.KeysFirst).
    """
    filters = ResultHistoryFilter(request.GET, queryset=results, choices=context.pop("choices"))
    keys = context.pop("keys")
    table = table_class(KeysFirst(filters.qs, keys=None if filters.chosen else keys), **table_kwargs)
    configure(request, table)
    exported = export_response(request, {"results": table}, filename=filename)
    if exported:
        return exported
    return render(request, template, {**context, "filters": filters, "table": table, "counting_rules": COUNTING_RULES})


def _kept(subject, compute) -> dict:
    """`compute()`'s part of the page's context, kept while the archive stays as it is."""
    return dict(revision.cached(f"{subject._meta.model_name}-page", str(subject.pk), compute))


def _record(subject, who: Who, results, **more) -> dict:
    """The subject's record per series, the filters' choices and `more` (name: function), kept."""

    def compute():
        record = {"totals": totals(who, subject, per=Per.SERIES), **_table_facts(results)}
        return record | {name: function() for name, function in more.items()}

    return _kept(subject, compute)


def _table_facts(results) -> dict:
    """What the table's filters offer, and its rows' keys unfiltered, in order."""
    return {"choices": ResultHistoryFilter.choices_of(results), "keys": list(results.values_list("pk", flat=True))}


def driver_detail(request, slug):
    driver = get_object_or_404(Driver, slug=slug)
    results = histories.race_results(driver=driver)
    # issue 6: the driver's place in each season's standings
    record = _record(driver, Who.DRIVER, results, championships=lambda: driver_championships(driver))
    return _history_page(
        request,
        "results/driver_detail.html",
        {"driver": driver, **record},
        results=results,
        filename=driver.slug,
        table_class=CareerTable,
        leave_out_driver=driver.pk,
    )


def team_detail(request, slug):
    team = get_object_or_404(Team, slug=slug)
    results = histories.race_results(team=team)
    context = {"team": team, **_record(team, Who.TEAM, results)}
    return _history_page(request, "results/team_detail.html", context, results=results, filename=team.slug)


def manufacturer_detail(request, slug):
    manufacturer = get_object_or_404(Manufacturer, slug=slug)
    results = histories.wins(histories.race_results(manufacturer=manufacturer))
    context = {
        "manufacturer": manufacturer,
        **_kept(manufacturer, lambda: _manufacturer_record(manufacturer, results)),
        "cars": manufacturer.cars.select_related("engine_manufacturer").order_by("model"),
        "engined_cars": manufacturer.engined_cars.exclude(manufacturer=manufacturer).select_related("manufacturer"),
    }
    return _history_page(
        request,
        "results/manufacturer_detail.html",
        context,
        results=results,
        filename=f"{manufacturer.slug}-wins",
        table_class=WinsTable,
    )


def _manufacturer_record(manufacturer, wins) -> dict:
    chassis = totals(Who.MAKE, manufacturer, per=Per.SERIES)
    counting = (What.OVERALL_WINS, What.CLASS_WINS)
    by_race = breakdown(Who.MAKE, manufacturer, Per.RACE, counting=counting)
    by_class = breakdown(Who.MAKE, manufacturer, Per.CLASS, counting=(What.CLASS_WINS,))
    return {
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
        **_table_facts(wins),
    }


def _if_different(engine, *, than):
    """A make's record as an engine maker, when it differs from its record as a chassis maker."""
    return engine if engine.counts != than.counts else None


def car_detail(request, slug):
    car = get_object_or_404(Car.objects.select_related("manufacturer", "engine_manufacturer"), slug=slug)
    results = histories.race_results(car=car)
    context = {"car": car, **_record(car, Who.CAR, results)}
    return _history_page(request, "results/car_detail.html", context, results=results, filename=car.slug)
