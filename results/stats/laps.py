"""What the race story pages read from a session's laps: the fastest laps, each driver's
laps and time at the wheel, the laps each car led. Each is one or two queries over the
laps and stints the lap import wrote (results.models.laps)."""

import datetime
import zoneinfo

from django.db.models import Count, F, Min, Q, Sum

from results.models import Lap, Session, Stint


def fastest_by_class(session: Session) -> list[Lap]:
    """The fastest lap of each class, with its car and driver, classes in the series' order."""
    laps = Lap.objects.filter(result__session=session, time_ms__isnull=False)
    best = (
        laps.values("result__entry__car_class")
        .annotate(best=Min("time_ms"))
        .values_list("result__entry__car_class", "best")
    )
    wanted = Q(pk__in=[])
    for car_class, time_ms in best:
        wanted |= Q(result__entry__car_class=car_class, time_ms=time_ms)
    found = laps.filter(wanted).select_related("driver", "result__entry__car_class", "result__entry__team")
    first = {}
    for lap in found.order_by("result__entry__car_class__order", "number", "elapsed_ms"):
        first.setdefault(lap.result.entry.car_class_id, lap)  # a time set twice: the first to set it
    return list(first.values())


def fastest_by_driver(session: Session) -> list[dict]:
    """Each driver's fastest lap and laps driven, fastest first: {driver, car, time_ms, laps}."""
    rows = (
        Lap.objects.filter(result__session=session)
        .values("driver", "result")
        .annotate(best=Min("time_ms"), laps=Count("pk"))
        .order_by(F("best").asc(nulls_last=True))
    )
    return list(rows)


def drive_times(session: Session) -> list[dict]:
    """Each car's drivers with their laps and time at the wheel, from the stints:
    {result, driver, laps, time_ms, stints}, by car and then by time, longest first."""
    rows = (
        Stint.objects.filter(result__session=session)
        .values("result", "driver")
        .annotate(
            time_ms=Sum(F("ends_ms") - F("starts_ms")),
            laps=Sum(F("last_lap") - F("first_lap") + 1),
            stints=Count("pk"),
        )
        .order_by("result", "-time_ms")
    )
    return list(rows)


def laps_led(session: Session) -> dict[int, dict]:
    """Laps each car led, overall and in its class: {result id: {"overall": n, "in_class": n}}."""
    rows = (
        Lap.objects.filter(result__session=session)
        .values("result")
        .annotate(overall=Count("pk", filter=Q(position=1)), in_class=Count("pk", filter=Q(class_position=1)))
    )
    return {row["result"]: {"overall": row["overall"], "in_class": row["in_class"]} for row in rows}


def class_progress(session: Session, car_class_id) -> dict[int, list[tuple[int, int, int]]]:
    """For each car of a class, its (lap, class position, gap to the class leader in ms) at
    every lap's end, in lap order: what the lap and gap charts draw."""
    rows = (
        Lap.objects.filter(result__session=session, result__entry__car_class=car_class_id)
        .order_by("result", "number")
        .values_list("result", "number", "class_position", "class_gap_ms")
    )
    progress: dict[int, list[tuple[int, int, int]]] = {}
    for result, number, place, gap in rows:
        progress.setdefault(result, []).append((number, place, gap))
    return progress


def stints(session: Session, *, result=None) -> list[Stint]:
    """Every car's stints (or one car's: `result`), in order, with their drivers."""
    found = Stint.objects.filter(result__session=session) if result is None else Stint.objects.filter(result=result)
    return list(found.select_related("driver").order_by("result", "order"))


def car_laps(result) -> list[Lap]:
    """One car's laps in order, with their drivers: its race lap by lap."""
    return list(result.timed_laps.select_related("driver").order_by("number"))


def race_start(session: Session) -> datetime.datetime | None:
    """When the race started: its start time where known, else the time of day of a car's
    first crossing less its elapsed time, on the session's day in its time zone."""
    if session.starts_at is not None and session.start_time_known:
        return session.starts_at
    first = Lap.objects.filter(result__session=session, time_of_day_ms__isnull=False).order_by("elapsed_ms")
    first = first.values_list("time_of_day_ms", "elapsed_ms").first()
    if first is None or session.starts_at is None:
        return None
    zone = zoneinfo.ZoneInfo(session.time_zone or "UTC")
    day = session.starts_at.astimezone(zone).date()
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return midnight + datetime.timedelta(milliseconds=first[0] - first[1])
