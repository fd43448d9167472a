"""The rows of history pages: a subject's race results, each event's winners, a circuit's best laps, who won most.

Each function answers in a fixed number of queries however long the history, so a
career of 300 starts or a race of 60 editions costs what a short one does.
"""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from results.models import EntryDriver, Event, Race, Result
from results.stats import cache, coverage
from results.stats.records.rankings import TallyRow, tally
from results.stats.records.rules import What, Where, Who
from results.stats.winners import winners_by_event


@dataclass(frozen=True)
class Facets:
    """The years, series and classes a history's rows have (ids, cheap to keep): what its filters offer."""

    years: list[int]
    series_ids: list[int]
    class_ids: list[int]

    NAMES = ("years", "series_ids", "class_ids")


# Where a history row's year, series and class are, as far as its page's filters ask:
# a subject's results, a race's editions (filtered by a span of years, not by season),
# a circuit's events (not by class).
RESULT_FACETS = {
    "years": "session__event__year",
    "series_ids": "session__event__season__series",
    "class_ids": "entry__car_class",
}
RACE_FACETS = {"series_ids": "season__series", "class_ids": "entries__car_class"}
CIRCUIT_FACETS = {"years": "year", "series_ids": "season__series"}


def facets(rows: QuerySet, lookups: dict[str, str]) -> Facets:
    """The distinct values of each of `lookups` among `rows`, newest or highest first: one query each."""
    rows = rows.order_by().prefetch_related(None)

    def distinct(lookup: str | None) -> list:
        if lookup is None:
            return []
        values = rows.exclude(**{lookup: None}).values_list(lookup, flat=True).distinct()
        return list(values.order_by(f"-{lookup}"))

    return Facets(**{name: distinct(lookups.get(name)) for name in Facets.NAMES})


def keys_and_facets(rows: QuerySet, lookups: dict[str, str]) -> tuple[list, Facets]:
    """Every row's key in `rows`' order, and the facets of `lookups` (one value per row), in one query.

    A subject's history read once for both: a query per facet re-read every row of a
    make's wins once for each.
    """
    names = [name for name in ("years", "series_ids", "class_ids") if lookups.get(name)]
    keys, found = [], {name: set() for name in names}
    for pk, *values in rows.prefetch_related(None).values_list("pk", *(lookups[name] for name in names)):
        keys.append(pk)
        for name, value in zip(names, values, strict=True):
            found[name].add(value)
    chosen = {name: sorted((v for v in found.get(name, ()) if v is not None), reverse=True) for name in Facets.NAMES}
    return keys, Facets(**chosen)


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
    one set first keeps it, as lap records go. Two queries, ranking each class's laps (and
    the prefetches): as costly as the events' results are many, whatever the archive's size.
    The ranking selects the laps' ids alone, then their rows are read: ranked with every
    joined column, PostgreSQL joined the whole archive before narrowing it to the circuit.
    """
    first_in_class = Window(
        RowNumber(),
        partition_by=F("entry__car_class"),
        order_by=(F("best_lap_ms").asc(), F("session__event__year").asc(), F("id").asc()),
    )
    # The entries' events too, though they are the sessions' (results.models.integrity): told
    # both, PostgreSQL reads the circuit's entries by index instead of hashing all 300,000.
    firsts = (
        Result.objects.filter(session__event__in=events, entry__event__in=events, best_lap_ms__isnull=False)
        .annotate(first_in_class=first_in_class)
        .filter(first_in_class=1)
        .order_by()
        .values_list("pk", flat=True)
    )
    laps = (
        Result.objects.filter(pk__in=list(firsts))
        .with_event()
        .select_related("best_lap_driver")
        .with_car_and_crew(cars_apart=True)
    )
    # The class's series and order come with the cars (prefetched), so the order is set here.
    return sorted(
        laps,
        key=lambda lap: (
            lap.entry.car_class is None,  # cars without a class after the classes
            lap.entry.car_class.series.name if lap.entry.car_class else "",
            lap.entry.car_class.order if lap.entry.car_class else 0,
            lap.session.event.year,
            lap.pk,
        ),
    )


def circuit_summary(circuit) -> dict:
    """The races held at `circuit` ("races"), its best lap per class ("best_laps"), its events' "facets".

    They read every session held there, so they are kept while the archive stays as it is.
    """

    def compute():
        races = Race.objects.at_circuit(circuit).order_by("name")
        return {
            "races": list(races),
            "best_laps": best_laps_per_class(circuit.events.all()),
            "facets": facets(circuit.events.all(), CIRCUIT_FACETS),
            "coverage": coverage.of_where(Where(circuit=circuit)),
        }

    return cache.kept("circuit-page", str(circuit.pk), [cache.subject(circuit)], compute)


def editions(race) -> QuerySet:
    """A race's editions, newest first, with their place."""
    return Event.objects.filter(race=race).with_place().newest_first()


@dataclass(frozen=True)
class Held:
    """A race's editions as held: how many were run, since when, and the years it was not held."""

    held: int
    first_year: int | None
    not_held: list[int]


def held_editions(race) -> Held:
    """How many editions of `race` the archive holds as run (a scheduled one is not yet), since
    when, and the years it holds as cancelled, which are not editions at all (one query)."""
    years = Event.objects.filter(race=race).exclude(status=Event.Status.SCHEDULED).order_by("year")
    years = years.values_list("year", "status")
    held = [year for year, status in years if status == Event.Status.COMPLETED]  # as Race.objects.with_editions()
    not_held = sorted({year for year, status in years if status == Event.Status.CANCELLED} - set(held))
    return Held(held=len(held), first_year=held[0] if held else None, not_held=not_held)


def edition_facets(race) -> Facets:
    """The facets of a race's editions, kept while the archive stays as it is."""
    return cache.kept("race-page", str(race.pk), [cache.subject(race)], lambda: facets(editions(race), RACE_FACETS))


@dataclass
class MostWins:
    """Who has won most where `where` says: makes, teams and drivers, ranked.

    `counted` is overall wins, or class wins when `where` names a class. Each make's row
    has `with_engines`, its count as an engine maker where that differs from its count
    as a chassis maker (0 when its engines won nothing; None when they are the same); makes that won as engine makers
    only are in `engine_only`, most first.
    """

    counted: What
    makes: list[TallyRow]
    engine_only: list[TallyRow]
    teams: list[TallyRow]
    drivers: list[TallyRow]


def most_wins(where: Where) -> MostWins:
    counted = What.CLASS_WINS if where.car_class else What.OVERALL_WINS
    makes = tally(counted, Who.MAKE, where)
    by_engine = {row.subject.pk: row for row in tally(counted, Who.ENGINE, where)}
    for row in makes:
        engine = by_engine.pop(row.subject.pk, None)
        engine_count = engine.count if engine else 0  # a make whose engines won nothing: 0, not blank
        row.with_engines = engine_count if engine_count != row.count else None
    return MostWins(
        counted=counted,
        makes=makes,
        engine_only=sorted(by_engine.values(), key=lambda row: -row.count),
        teams=tally(counted, Who.TEAM, where),
        drivers=tally(counted, Who.DRIVER, where),
    )
