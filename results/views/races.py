"""A recurring race's history: every edition with its winners, and who has won it most."""

from django.shortcuts import get_object_or_404, render

from results.display.winners import kept_winner_cells
from results.filters.histories import RaceHistoryFilter
from results.models import Race
from results.stats import histories, revision
from results.stats.records.rankings import tally
from results.stats.records.rules import COUNTING_RULES, What, Who
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure
from results.tables.tallies import MakeTallyTable, TallyTable


def race_detail(request, race):
    """A race's history: every edition with its winners, and who has won it most."""
    race = get_object_or_404(Race.objects.with_circuit(), slug=race)
    every_edition = histories.editions(race)
    choices = revision.cached("race-page", str(race.pk), lambda: RaceHistoryFilter.choices_of(every_edition))
    filters = RaceHistoryFilter(request.GET, queryset=every_edition, choices=choices)
    where = filters.where(race=race)
    counted = What.CLASS_WINS if where.car_class else What.OVERALL_WINS
    editions = list(filters.qs)
    class_key = where.car_class.pk if where.car_class else None
    cells = kept_winner_cells("race-winners", f"{race.pk}/{class_key}", every_edition, car_class=where.car_class)
    for edition in editions:
        edition.winner_cells = cells[edition.pk]
    if exporting(request):
        histories.with_winners(editions, car_class=where.car_class)  # the CSV names the winners in words

    makes = tally(counted, Who.MAKE, where)
    by_engine = {row.subject.pk: row for row in tally(counted, Who.ENGINE, where)}
    for row in makes:
        engine = by_engine.pop(row.subject.pk, None)
        row.with_engines = engine.count if engine and engine.count != row.count else None
    wins_label = "Class wins" if where.car_class else "Wins"
    tables = {
        "editions": EventWinnersTable(
            editions, exclude=("round", "date", "circuit", "status"), prefix="editions-", order_by="-year"
        ),
        "manufacturers": MakeTallyTable(makes, subject_label="Make", count_label=wins_label, prefix="makes-"),
        "teams": TallyTable(
            tally(counted, Who.TEAM, where), subject_label="Team", count_label=wins_label, prefix="teams-"
        ),
        "drivers": TallyTable(
            tally(counted, Who.DRIVER, where), subject_label="Driver", count_label=wins_label, prefix="drivers-"
        ),
    }
    configure(request, *tables.values())
    exported = export_response(request, tables, filename=race.slug)
    if exported:
        return exported
    counted_editions = [event for event in editions if event.winner_cells.known]
    context = {
        "race": race,
        "filters": filters,
        "where": where,
        "counted": counted.label.lower(),
        "tables": tables,
        "engine_only": sorted(by_engine.values(), key=lambda row: -row.count),
        "editions_count": len(editions),
        "first_edition": editions[-1] if editions else None,
        "as_of": counted_editions[0] if counted_editions else None,
        "counting_rules": COUNTING_RULES,
    }
    return render(request, "results/race_detail.html", context)
