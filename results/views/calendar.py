"""Series, season, race history and circuit pages."""

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, render

from results.display.winners import winner_cells
from results.filters.histories import EventHistoryFilter, RaceHistoryFilter
from results.models import Circuit, Event, Race, Season, Series
from results.stats import histories, revision
from results.stats.records.rankings import tally
from results.stats.records.rules import COUNTING_RULES, What, Who
from results.stats.standings import season_standings
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure
from results.tables.tallies import MakeTallyTable, TallyTable


def series_detail(request, series):
    series = get_object_or_404(Series, slug=series)
    seasons = series.seasons.annotate(
        events_count=Count("events"),
        completed_count=Count("events", filter=Q(events__status=Event.Status.COMPLETED)),
    ).order_by("-year")
    context = {
        "series": series,
        "seasons": seasons,
        "classes": series.classes.order_by("order", "name"),
        "races": Race.objects.filter(editions__season__series=series).distinct().order_by("name"),
    }
    return render(request, "results/series_detail.html", context)


def season_detail(request, series, year):
    season = get_object_or_404(Season.objects.select_related("series"), series__slug=series, year=year)
    calendar_order = (F("start_date").asc(nulls_last=True), F("round").asc(nulls_last=True), "name")
    events = histories.with_winners(season.events.with_place().order_by(*calendar_order))
    calendar = EventWinnersTable(events, exclude=("year", "series"), orderable=False)
    configure(request, calendar, paginate=False)
    exported = export_response(request, {"calendar": calendar}, filename=f"{season.series.slug}-{season.year}")
    if exported:
        return exported
    context = {
        "season": season,
        "calendar": calendar,
        "other_seasons": season.series.seasons.order_by("-year").values_list("year", flat=True),
        "standings": season_standings(season, after=request.GET.get("after")),  # issue 6: championships
    }
    return render(request, "results/season_detail.html", context)


def race_detail(request, race):
    """A race's history: every edition with its winners, and who has won it most."""
    race = get_object_or_404(Race.objects.select_related("circuit"), slug=race)
    every_edition = histories.editions(race)
    choices = revision.cached("race-page", str(race.pk), lambda: RaceHistoryFilter.choices_of(every_edition))
    filters = RaceHistoryFilter(request.GET, queryset=every_edition, choices=choices)
    where = filters.where(race=race)
    counted = What.CLASS_WINS if where.car_class else What.OVERALL_WINS
    editions = list(filters.qs)
    class_key = where.car_class.pk if where.car_class else None
    cells = _kept_winner_cells("race-winners", f"{race.pk}/{class_key}", every_edition, car_class=where.car_class)
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


def circuit_detail(request, slug):
    """A circuit: its layout, the races held there, best laps per class and every event."""
    circuit = get_object_or_404(Circuit, slug=slug)
    held_here = circuit.events.with_place().order_by("-year", "-start_date")
    # Its best laps and races read every session held here: kept while the archive stays as it is.
    summary = revision.cached("circuit-page", str(circuit.pk), lambda: _circuit_summary(circuit, held_here))
    filters = EventHistoryFilter(request.GET, queryset=held_here, choices=summary["choices"])
    events = EventWinnersTable(filters.qs, exclude=("round", "circuit", "status", "date"), order_by="-year")
    configure(request, events)
    if exporting(request):
        histories.with_winners(events.data)  # the CSV names the winners in words
    else:
        cells = _kept_winner_cells("circuit-winners", str(circuit.pk), circuit.events.all())
        for row in events.paginated_rows:
            row.record.winner_cells = cells[row.record.pk]
    exported = export_response(request, {"events": events}, filename=circuit.slug)
    if exported:
        return exported
    context = {
        "circuit": circuit,
        "filters": filters,
        "events": events,
        "races": summary["races"],
        "best_laps": summary["best_laps"],
    }
    return render(request, "results/circuit_detail.html", context)


def _kept_winner_cells(name: str, key: str, events, *, car_class=None) -> dict:
    """Each of `events`' winner cells (history_tables.WinnerCells) by event id, drawn once per
    archive revision: the winners of 50 editions are some 3,000 objects to read and draw."""

    def draw():
        return {event.pk: winner_cells(event) for event in histories.with_winners(events, car_class=car_class)}

    return revision.cached(name, key, draw)


def _circuit_summary(circuit, events) -> dict:
    races = Race.objects.filter(Q(circuit=circuit) | Q(editions__circuit=circuit)).distinct().order_by("name")
    return {
        "races": list(races),
        "best_laps": histories.best_laps_per_class(circuit.events.all()),
        "choices": EventHistoryFilter.choices_of(events),
    }
