"""A series and its seasons: calendars with their winners, and the championship standings."""

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, render

from results.display.winners import with_kept_winner_cells
from results.models import Event, Race, Season, Series
from results.stats import cache, coverage, histories
from results.stats.records.rules import Where
from results.stats.standings import season_standings
from results.tables.events import EventWinnersTable
from results.tables.export import export_response, exporting
from results.tables.paging import configure


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
        "races": Race.objects.in_series(series).order_by("name"),
        "coverage": coverage.of_where(Where(series=series)),
    }
    return cache.shown(render(request, "results/series_detail.html", context), series)


def season_detail(request, series, year):
    season = get_object_or_404(Season.objects.select_related("series"), series__slug=series, year=year)
    calendar_order = (F("start_date").asc(nulls_last=True), F("round").asc(nulls_last=True), "name")
    events = season.events.with_place().order_by(*calendar_order)
    # The CSV names the winners in words; the page draws them once, kept until the season changes.
    events = histories.with_winners(events) if exporting(request) else with_kept_winner_cells(season, events)
    calendar = EventWinnersTable(events, exclude=("year", "series"), orderable=False)
    configure(request, calendar, paginate=False)
    exported = export_response(request, {"calendar": calendar}, filename=f"{season.series.slug}-{season.year}")
    if exported:
        return exported
    context = {
        "season": season,
        "calendar": calendar,
        "other_seasons": season.series.seasons.order_by("-year").values_list("year", flat=True),
        "standings": season_standings(season, after=request.GET.get("after")),
        "undated": any(event.start_date is None for event in events),
        "coverage": coverage.of_sessions(Q(event__season=season)),
    }
    return cache.shown(render(request, "results/season_detail.html", context), season)
