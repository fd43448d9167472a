"""Occurrences: the results a count is made of, one per race (per class of a race for class counts)."""

import datetime
from dataclasses import dataclass

from django.db.models import Min

from results.models import Credit, Event, Result
from results.stats.records.rules import (
    CLASS_COUNTS,
    LAP_COLUMN,
    FromLaps,
    What,
    Where,
    Who,
    counted,
    credit_q,
    credits_counting,
    credits_of,
    subject_q,
)


def occurrences(what: What, who: Who, subject, where: Where = Where()) -> list[Result]:
    """The results behind a count, oldest first: one per race (per class for class counts)."""
    return occurrence_results([found.result for found in occurrence_list(what, who, subject, where)])


@dataclass(frozen=True)
class Occurrence:
    """One of the results behind a count, by id: its result, its event and the event's year;
    for a count from the lap files, what the subject had there (laps led, drive time...)."""

    result: int
    event: int
    year: int
    value: int | None = None


def occurrence_list(what: What, who: Who, subject, where: Where = Where()) -> list[Occurrence]:
    """`occurrences()` as ids, in two narrow queries: cheap for a career of hundreds of starts.

    A count counts each race once (each class of a race for class counts), and of several
    cars of the subject in one race, its first result by id stands for it: the database
    picks those, since a nationality's starts are many more results than races.
    """
    what, who = counted(what), Who(who)
    if what in FromLaps:
        return _from_laps(what, who, subject, where)
    credited = Result.objects.filter(where.q(), subject_q(who, subject), credit_q(who, subject, what))
    unit = ("session_id", "entry__car_class_id") if what in CLASS_COUNTS else ("session_id",)
    firsts = credited.order_by().values(*unit).annotate(first=Min("id")).values("first")
    rows = (
        Result.objects.filter(pk__in=firsts)
        .values_list("id", "session__event_id", "session__event__year")
        .order_by("session__event__year", "session__event__start_date", "session__event_id", "session__order", "id")
    )
    return [Occurrence(result, event, year) for result, event, year in rows]


def _from_laps(what: FromLaps, who: Who, subject, where: Where) -> list[Occurrence]:
    """The races (classes of a race) where the subject's credit counts for `what`, each with its
    value there and the subject's first result by id standing for it: three queries."""
    credits = Credit.objects.filter(where.credits_q(), credits_of(who, subject), credits_counting(what))
    values = {
        (session, car_class): value
        for session, car_class, value in credits.values_list("session_id", "car_class_id", LAP_COLUMN[what])
    }
    results = Result.objects.filter(subject_q(who, subject), session__in={session for session, _ in values})
    firsts: dict[tuple, tuple] = {}
    rows = results.order_by("id").values_list("id", "session_id", "entry__car_class_id", "session__event_id")
    for result, session, car_class, event in rows:
        firsts.setdefault((session, car_class), (result, event))
    events = {event.pk: event for event in Event.objects.filter(pk__in={event for _, event in firsts.values()})}
    found = [
        Occurrence(result, event, events[event].year, values[unit])
        for unit, (result, event) in firsts.items()
        if unit in values
    ]
    order = {pk: (event.year, event.start_date or datetime.date.min, pk) for pk, event in events.items()}
    return sorted(found, key=lambda occurrence: (order[occurrence.event], occurrence.result))


def occurrence_results(ids: list[int]) -> list[Result]:
    """The results of `ids`, in that order, with their event, car, class, team and crew (three queries)."""
    results = Result.objects.filter(pk__in=ids).with_event().with_car_and_crew(cars_apart=True).in_bulk()
    return [results[pk] for pk in ids if pk in results]


def occurrence_events(found: list[Occurrence]) -> list[Event]:
    """The event of each of `found`, in order, with its place (one query)."""
    events = Event.objects.with_place().in_bulk({occurrence.event for occurrence in found})
    return [events[occurrence.event] for occurrence in found]
