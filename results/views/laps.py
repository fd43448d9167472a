"""The race lap by lap, where its lap file is known (the page results.display.laps_page
draws), its laps and weather as CSV; and one car's whole race, lap by lap."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from results.display.laps_page import laps_page
from results.models import Event, Session
from results.stats import cache
from results.stats import laps as lap_stats
from results.stats.invalidation import subjects_of_event
from results.tables.export import EXPORT_FORMAT, csv_download
from results.tables.laps import LapsSheet, WeatherSheet
from results.views.events import event_in_season, race_edition_of


def event_laps(request, series, year, event):
    return _laps_page(request, event_in_season(series, year, event))


def edition_laps(request, race, year):
    return _laps_page(request, race_edition_of(race, year))


def event_car_laps(request, series, year, event, number):
    return _car_page(request, event_in_season(series, year, event), number)


def edition_car_laps(request, race, year, number):
    return _car_page(request, race_edition_of(race, year), number)


def _session_with_laps(event: Event) -> Session:
    """The event's race whose laps are held (the first, where several are)."""
    sessions = event.sessions.filter(lap_file__isnull=False).select_related("lap_file")
    session = sessions.order_by("order").first()
    if session is None:
        raise Http404("The archive holds no lap file of this event.")
    session.event = event  # the event as looked up, with its place, for what is kept by its subjects
    return session


def _laps_page(request, event: Event):
    session = _session_with_laps(event)
    if request.GET.get("_export") == EXPORT_FORMAT:
        if request.GET.get("table") == "weather":
            return csv_download(WeatherSheet(session), filename=f"{event.slug}-{event.year}-weather.csv")
        return csv_download(LapsSheet(session), filename=f"{event.slug}-{event.year}-laps.csv")
    context = {"event": event, "session": session, **laps_page(session, request.GET.get("class", ""))}
    return cache.shown(render(request, "results/event_laps.html", context), *subjects_of_event(event))


def _car_page(request, event: Event, number: str):
    session = _session_with_laps(event)
    result = get_object_or_404(
        session.results.select_related("entry__team", "entry__car_class", "entry__car__manufacturer"),
        entry__number=number,
    )
    if request.GET.get("_export") == EXPORT_FORMAT:
        return csv_download(LapsSheet(session, result), filename=f"{event.slug}-{event.year}-{number}-laps.csv")
    context = {
        "event": event,
        "session": session,
        "result": result,
        "laps": lap_stats.car_laps(result),
        "stints": lap_stats.stints(session, result=result),
        "bests": lap_stats.driver_bests(result),
    }
    return cache.shown(render(request, "results/car_laps.html", context), *subjects_of_event(event))
