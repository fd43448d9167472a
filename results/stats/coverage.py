"""Coverage: how complete the races under a count are, so that every total can say what it is over.

A race session knows how much of its classification the archive holds
(Session.completeness); the counting rules take starts, podiums and laps only over the
sessions complete enough for them (rules.SUPPORTED_BY). A page that shows a total says,
in the same words everywhere (display.coverage), over how many races it counts and what
the others hold.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from results.models import Credit, Event, Race, Result, Season, Session
from results.stats import cache
from results.stats.records.rules import SUPPORTED_BY, FromLaps, What, Where, Who, counted, credits_of

Completeness = Session.Completeness


@dataclass(frozen=True)
class Coverage:
    """Races (race sessions) by how much of their classification the archive holds."""

    complete: int = 0
    top: int = 0
    winners: int = 0
    partial: int = 0
    with_laps: int = 0  # of any level: those whose every lap the archive holds (a lap file)

    @property
    def races(self) -> int:
        return self.complete + self.top + self.winners + self.partial

    @property
    def whole(self) -> bool:
        """Every race complete: every count is over all of them."""
        return self.races == self.complete

    def __add__(self, other: "Coverage") -> "Coverage":
        """The coverage of two sets of races that share none."""
        return Coverage(*(getattr(self, name) + getattr(other, name) for name in (*Completeness.values, "with_laps")))

    def over(self, what: What | FromLaps) -> int:
        """How many of the races a count of `what` is taken over."""
        if counted(what) in FromLaps:
            return self.with_laps
        return sum(getattr(self, level.value) for level in SUPPORTED_BY[What(what)])

    def counts(self, what: What | FromLaps) -> bool:
        """Whether `what` can be counted here at all: some race holds what it needs
        (or there are no races, and every count is an honest 0)."""
        return self.races == 0 or self.over(what) > 0

    # For templates, which cannot pass an argument.
    @property
    def counts_starts(self) -> bool:
        return self.counts(What.STARTS)

    @property
    def counts_podiums(self) -> bool:
        return self.counts(What.PODIUMS)

    @property
    def counts_class_podiums(self) -> bool:
        return self.counts(What.CLASS_PODIUMS)


def _raced():
    """The race sessions with results: one only scheduled, or whose results are not entered
    yet, holds nothing to count over."""
    return Session.objects.filter(Exists(Result.objects.filter(session=OuterRef("pk"))), kind=Session.Kind.RACE)


def _from_rows(rows) -> Coverage:
    """A Coverage from (completeness, races, races with a lap file) rows."""
    rows = [(level, n, laps) for level, n, laps in rows if level in Completeness.values]
    return Coverage(**{level: n for level, n, _ in rows}, with_laps=sum(laps for _, _, laps in rows))


def of_sessions(sessions: Q | None = None) -> Coverage:
    """The coverage of the race sessions matching `sessions` (a Q on Session; all by default): one query."""
    found = _raced().filter(sessions or Q()).order_by().values("completeness")
    found = found.annotate(n=Count("pk"), laps=Count("lap_file"))
    return _from_rows(found.values_list("completeness", "n", "laps"))


def of_where(where: Where = Where()) -> Coverage:
    """The coverage of the races a count `where` (the whole archive by default) is taken over:
    one query, kept until the next write, since over the whole archive it reads every race
    session (40 ms at a million results)."""
    return cache.kept("coverage", where.key(), [cache.RECORDS], lambda: _of_where(where))


def _of_where(where: Where) -> Coverage:
    # The counting rules' own criteria (rules.Where.q, on results), so the two cannot drift apart.
    criteria = where.q()
    return of_sessions(Exists(Result.objects.filter(criteria, session=OuterRef("pk"))) if criteria else None)


def of_subject_by_series(who: Who, subject) -> dict[int | None, Coverage]:
    """The coverage of the races a subject took part in, per series (None: events outside a
    series): one query over its credits. A series' races are no other's, so they add up."""
    credits = Credit.objects.filter(credits_of(who, subject), session__kind=Session.Kind.RACE)
    rows = credits.values("series_id", "session__completeness").annotate(
        n=Count("session_id", distinct=True),
        laps=Count("session_id", distinct=True, filter=Q(laps_led__isnull=False)),
    )
    found: dict[int | None, list] = {}
    for series, *counts in rows.order_by().values_list("series_id", "session__completeness", "n", "laps"):
        found.setdefault(series, []).append(counts)
    return {series: _from_rows(levels) for series, levels in found.items()}


# An edition with races of several levels is as weak as its weakest race: a count needing
# full results is not taken over any of it.
_WEAKEST_FIRST = (Completeness.PARTIAL, Completeness.WINNERS, Completeness.TOP, Completeness.COMPLETE)
NO_RESULTS = "none"  # an edition held whose race results the archive holds none of
NOT_HELD = "not_held"
# The levels of an edition, in the map's order, with their names there.
LEVELS = (
    (Completeness.COMPLETE.value, "Full results"),
    (Completeness.TOP.value, "First places"),
    (Completeness.WINNERS.value, "Winners only"),
    (Completeness.PARTIAL.value, "Some cars"),
    (NO_RESULTS, "No race results"),
    (NOT_HELD, "Not held"),
)


@dataclass
class RaceYears:
    """The years of a race's editions, by level (LEVELS)."""

    race: object
    years: dict[str, list[int]]


@dataclass
class SeasonRounds:
    """How many of a season's rounds are at each level (LEVELS)."""

    season: object
    rounds: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rounds.values())

    @property
    def round_counts(self) -> list[int]:
        return [self.rounds.get(level, 0) for level, _ in LEVELS]


def _editions():
    """Every event run or cancelled as (race id, season id, year, level): two queries."""
    level_of: dict[int, str] = {}
    races = _raced().order_by()
    for event_id, completeness in races.values_list("event_id", "completeness"):
        held = level_of.get(event_id)
        if held is None or _WEAKEST_FIRST.index(completeness) < _WEAKEST_FIRST.index(held):
            level_of[event_id] = completeness
    events = Event.objects.exclude(status=Event.Status.SCHEDULED).order_by()
    for pk, race, season, year, status in events.values_list("pk", "race_id", "season_id", "year", "status"):
        yield race, season, year, NOT_HELD if status == Event.Status.CANCELLED else level_of.get(pk, NO_RESULTS)


def coverage_map() -> tuple[list[RaceYears], list[SeasonRounds]]:
    """Per race, the years of its editions by level; per season, its rounds by level. Four
    queries over every race session and event, so kept until the next write."""
    return cache.kept("coverage-map", "", [cache.RECORDS], _coverage_map)


def _coverage_map() -> tuple[list[RaceYears], list[SeasonRounds]]:
    by_race: dict[int, dict[str, list[int]]] = {}
    by_season: dict[int, dict[str, int]] = {}
    for race, season, year, level in _editions():
        if race is not None:
            by_race.setdefault(race, {}).setdefault(level, []).append(year)
        if season is not None:
            rounds = by_season.setdefault(season, {})
            rounds[level] = rounds.get(level, 0) + 1
    races = Race.objects.in_bulk(list(by_race))
    race_rows = [
        RaceYears(races[pk], {level: sorted(set(years)) for level, years in levels.items()})
        for pk, levels in by_race.items()
    ]
    seasons = Season.objects.select_related("series").in_bulk(list(by_season))
    season_rows = [SeasonRounds(seasons[pk], rounds) for pk, rounds in by_season.items()]
    race_rows.sort(key=lambda row: row.race.name)
    season_rows.sort(key=lambda row: (row.season.series.name, -row.season.year))
    return race_rows, season_rows
