"""The laps page of a race, drawn: the cars, the class charted (a lap chart and a gap chart),
every car's stints, the drive times, fastest laps, caution periods and the weather, from
what results.stats.laps reads. The view looks the race up and renders what this gives."""

from results.display import lap_charts
from results.models import Session
from results.stats import laps as lap_stats


def laps_page(session: Session, class_code: str = "") -> dict:
    """What the laps page shows of `session`, charting the class `class_code` (the first, by the
    series' order, when it names none of the race's)."""
    cars = lap_stats.race_cars(session)
    classes = list({car.result.entry.car_class_id: car.result.entry.car_class for car in cars}.values())
    classes.sort(key=lambda car_class: (car_class is None, getattr(car_class, "order", 0)))
    named = [c for c in classes if c is not None and c.code.lower() == class_code.lower()]
    chosen = named[0] if named else (classes[0] if classes else None)
    in_class = [car for car in cars if car.result.entry.car_class == chosen]
    progress = lap_stats.class_progress(session, chosen.pk if chosen else None)
    for car in in_class:
        laps_of_car = progress.get(car.result.pk, [])
        car.led = sum(1 for *_, place in laps_of_car if place == 1)
        car.led_in_class = sum(1 for _, class_place, *_ in laps_of_car if class_place == 1)
    cautions = lap_stats.cautions(session)
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
    page = {
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
    }
    drive_times = lap_stats.drive_time_rows(session, cars)
    return page | {
        "drive_times": drive_times,
        "minimum_drive_times": lap_stats.with_minimum_drive_times(session, drive_times),
    }
