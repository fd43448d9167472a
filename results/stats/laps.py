"""What the race story pages read from a session's laps: the fastest laps, each driver's
laps and time at the wheel, the laps each car led. Each is one or two queries over the
laps and stints the lap import wrote (results.models.laps)."""

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
