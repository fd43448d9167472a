"""The race lap by lap, where its lap file is known: the lap chart and gap chart of a class,
every car's stints, drive times, fastest laps, caution periods and the weather; and one
car's whole race, lap by lap."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from drivers.models import Driver
from results.display import lap_charts
from results.models import EntryDriver, Event, Result, Session
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


@dataclass
class CarStory:
    """A car in the race story: its result, its crew's drivers and what it did lap by lap."""

    result: Result
    crew: list[int]  # driver ids, in the crew's order
    stints: list
    led: int = 0
    led_in_class: int = 0

    @property
    def label(self) -> str:
        return f"#{self.result.entry.number}"


def _session_with_laps(event: Event) -> Session:
    """The event's race whose laps are held (the first, where several are)."""
    sessions = event.sessions.filter(lap_file__isnull=False).select_related("lap_file")
    session = sessions.order_by("order").first()
    if session is None:
        raise Http404("The archive holds no lap file of this event.")
    session.event = event  # the event as looked up, with its place, for what is kept by its subjects
    return session


def _cars(session: Session) -> list[CarStory]:
    """The session's cars that have laps, in finishing order, each with its crew and stints."""
    results = session.results.select_related("entry__team", "entry__car_class", "entry__car__manufacturer")
    results = list(results.order_by("position", "entry__number"))
    crews: dict[int, list[int]] = {}
    members = EntryDriver.objects.filter(entry__in=[r.entry_id for r in results]).order_by("order", "pk")
    for entry_id, driver_id in members.values_list("entry", "driver"):
        crews.setdefault(entry_id, []).append(driver_id)
    by_result: dict[int, list] = {}
    for stint in lap_stats.session_stints(session):
        by_result.setdefault(stint.result_id, []).append(stint)
    cars = [
        CarStory(result=result, crew=crews.get(result.entry_id, []), stints=by_result.get(result.pk, []))
        for result in results
    ]
    return [car for car in cars if car.stints]  # cars with laps only


def _laps_page(request, event: Event):
    session = _session_with_laps(event)
    if request.GET.get("_export") == EXPORT_FORMAT:
        if request.GET.get("table") == "weather":
            return csv_download(WeatherSheet(session), filename=f"{event.slug}-{event.year}-weather.csv")
        return csv_download(LapsSheet(session), filename=f"{event.slug}-{event.year}-laps.csv")
    cars = _cars(session)
    classes = list({car.result.entry.car_class_id: car.result.entry.car_class for car in cars}.values())
    classes.sort(key=lambda car_class: (car_class is None, getattr(car_class, "order", 0)))
    wanted = request.GET.get("class", "")
    chosen = next(
        (c for c in classes if c is not None and c.code.lower() == wanted.lower()), classes[0] if classes else None
    )
    in_class = [car for car in cars if car.result.entry.car_class == chosen]
    progress = lap_stats.class_progress(session, chosen.pk if chosen else None)
    for car in in_class:
        laps_of_car = progress.get(car.result.pk, [])
        car.led = sum(1 for *_, place in laps_of_car if place == 1)
        car.led_in_class = sum(1 for _, class_place, *_ in laps_of_car if class_place == 1)
    cautions = list(session.caution_periods_run.all())
    laps = max((lap for rows in progress.values() for lap, *_ in rows[-1:]), default=0)
    duration_ms = max((stint.ends_ms for car in cars for stint in car.stints), default=0)
    class_name = chosen.name if chosen else "All cars"
    charted = [(car.label, progress.get(car.result.pk, [])) for car in in_class]
    lap_chart = lap_charts.position_chart(
        title=f"{class_name}: places lap by lap",
        cars=[(label, [(lap, place) for lap, place, *_ in rows]) for label, rows in charted],
        laps=laps,
        cautions=cautions,
    )
    weather = lap_stats.session_weather(session)
    starts_at = lap_stats.race_start(session) if weather else None
    context = {
        "event": event,
        "session": session,
        "cars": cars,
        "classes": classes,
        "chosen": chosen,
        "in_class": in_class,
        "cautions": cautions,
        "caution_laps": sum(period.laps for period in cautions),
        "lap_chart": lap_chart,
        "lap_rows": list(zip(in_class, lap_chart.lines, strict=True)),
        "gap_chart": lap_charts.gap_chart(
            title=f"{class_name}: gap to the class leader",
            cars=[(label, [(lap, gap) for lap, _, gap, _ in rows]) for label, rows in charted],
            laps=laps,
            cautions=cautions,
        ),
        "timeline": lap_charts.stints_timeline(
            title="Every car's stints",
            cars=[(car.label, car.crew, car.stints) for car in cars],
            duration_ms=duration_ms,
            cautions=cautions,
        ),
        "weather": weather,
        "weather_shown": weather[::10],  # a reading every ten minutes: the table beside the chart
        "weather_chart": lap_charts.weather_chart(
            title="Air and track temperature",
            readings=weather,
            starts_at=starts_at,
            duration_ms=duration_ms,
            cautions=cautions,
        )
        if starts_at
        else None,  # fmt: skip
        "fastest_by_class": lap_stats.fastest_by_class(session),
        "drive_times": _drive_times(session, cars),
    }
    return cache.shown(render(request, "results/event_laps.html", context), *subjects_of_event(event))


def _drive_times(session: Session, cars: list[CarStory]) -> list[dict]:
    """Each car's drivers with their stints, laps and time at the wheel, cars in finishing order."""
    rows = lap_stats.drive_times(session)
    drivers = Driver.objects.in_bulk({row["driver"] for row in rows})
    order = {car.result.pk: n for n, car in enumerate(cars)}
    labels = {car.result.pk: car for car in cars}
    rows = [row | {"driver": drivers[row["driver"]], "car": labels[row["result"]]} for row in rows]
    return sorted(rows, key=lambda row: (order[row["result"]], -row["time_ms"]))


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
