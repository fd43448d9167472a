"""The rows of history pages: a subject's race results, each event's winners, a circuit's best laps.

Each function answers in a fixed number of queries however long the history, so a
career of 300 starts or a race of 60 editions costs what a short one does.
"""

from django.db.models import Min, Q, QuerySet

from results.models import EntryDriver, Event, Result
from results.stats.winners import winners_by_event


def race_results(**subject) -> QuerySet:
    """Race results of a subject, newest first, with what a history table shows.

    `subject` is one of driver=, team=, car=, manufacturer= (chassis make), or any
    Result lookup. A driver's results are those of every car whose crew they were in.
    """
    results = Result.objects.races()
    if "driver" in subject:
        driver = subject.pop("driver")
        results = results.filter(entry__in=EntryDriver.objects.filter(driver=driver).values("entry_id"))
    if "manufacturer" in subject:
        subject["entry__car__manufacturer"] = subject.pop("manufacturer")
    for name in ("team", "car"):
        if name in subject:
            subject[f"entry__{name}"] = subject.pop(name)
    return results.filter(**subject).with_event().with_car_and_crew(cars_apart=True).newest_first()


def wins(results: QuerySet) -> QuerySet:
    """Overall and class wins among `results` (a class win needs a class)."""
    return results.filter(Q(position=1) | Q(class_position=1, entry__car_class__isnull=False))


def with_winners(events, *, car_class=None) -> list:
    """The events with `event.race_winners` set (results.stats.winners.RaceWinners, one per race), in two queries.

    With `car_class`, each race lists that class's winner only.
    """
    events = list(events)
    by_event = winners_by_event(events)
    for event in events:
        event.race_winners = by_event.get(event.pk, [])
        if car_class is not None:
            for race in event.race_winners:
                race.class_winners = [r for r in race.class_winners if r.entry.car_class_id == car_class.pk]
    return events


def best_laps_per_class(events: QuerySet) -> list[Result]:
    """The fastest lap of each class over `events`' sessions, in the organiser's order.

    Cars without a class are compared together. Where two cars share the best time the
    one set first keeps it, as lap records go. Two queries and the prefetches: each
    class's best time, then the laps that set them.
    """
    at_events = Result.objects.filter(session__event__in=events, best_lap_ms__isnull=False)
    bests = at_events.values("entry__car_class").annotate(best=Min("best_lap_ms")).order_by()
    setting = Q(pk__in=[])
    for best in bests:
        setting |= Q(entry__car_class=best["entry__car_class"], best_lap_ms=best["best"])
    laps = (
        at_events.filter(setting)
        .with_event()
        .select_related("best_lap_driver")
        .with_car_and_crew(cars_apart=True)
        .order_by("entry__car_class__series__name", "entry__car_class__order", "session__event__year", "id")
    )
    best, seen = [], set()
    for lap in laps:
        if lap.entry.car_class_id not in seen:
            seen.add(lap.entry.car_class_id)
            best.append(lap)
    return best


def editions(race) -> QuerySet:
    """A race's editions, newest first, with their place."""
    return Event.objects.filter(race=race).with_place().newest_first()
