"""A recurring race's history: every edition with its winners, and who has won it most."""

from django.shortcuts import get_object_or_404, render

from results.display.winners import latest_known, with_kept_winner_cells
from results.display.words import year_spans
from results.filters.histories import RaceHistoryFilter
from results.models import Race
from results.stats import cache, coverage, histories
from results.stats.records.rules import COUNTING_RULES
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure
from results.tables.tallies import most_wins_tables


def race_detail(request, race):
    """A race's history: every edition with its winners, and who has won it most."""
    race = get_object_or_404(Race.objects.with_circuit(), slug=race)
    every_edition = histories.editions(race)
    filters = RaceHistoryFilter(request.GET, queryset=every_edition, choices=histories.edition_facets(race))
    where = filters.where(race=race)
    editions = with_kept_winner_cells(race, filters.qs, car_class=where.car_class)
    if exporting(request):
        histories.with_winners(editions, car_class=where.car_class)  # the CSV names the winners in words
    wins = histories.most_wins(where)
    tables = {
        "editions": EventWinnersTable(
            editions, exclude=("round", "date", "circuit", "status"), prefix="editions-", order_by="-year"
        ),
        **most_wins_tables(wins),
    }
    configure(request, *tables.values())
    exported = export_response(request, tables, filename=race.slug)
    if exported:
        return exported
    context = {"race": race, "filters": filters, "where": where, "wins": wins, "tables": tables, "editions": editions}
    held = histories.held_editions(race)
    context |= {"held": held, "not_held": year_spans(held.not_held), "coverage": coverage.of_where(where)}
    context |= {"as_of": latest_known(editions), "counting_rules": COUNTING_RULES}
    return cache.shown(render(request, "results/race_detail.html", context), race)
