"""Coverage: which editions of a race, and which seasons and rounds of a series, the archive holds."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

from results.models import Event, Result, Session
from results.stats.milestones.claims import CLASS_WINS, WINS, Lack, OrderUnknown, RoundsMissing, SeasonsMissing

# The coverage rule in a paragraph, for the records page.
RULE = (
    "Milestones on race pages (“Porsche's 19th overall win at the 24 Hours of Daytona”) count what the "
    "archive holds up to that event; a later edition changes nothing they say. A “first”, an “Nth”, "
    "“a record” or “in a row” is said only where the archive holds every earlier edition the claim depends "
    "on: at a race, every year since it was first held, each either not held (a cancelled edition) or with "
    "its overall winner (for overall wins) or its complete classification (for class wins); in a series, "
    "every round of every season since its first, the number of rounds of each known; in a season, every "
    "earlier round's pole or complete qualifying. Elsewhere a race page says “first … in the archive”, "
    "or nothing."
)


@dataclass(frozen=True)
class Edition:
    """An event as coverage sees it: not held, or held with which results known."""

    event_id: int
    year: int
    round: int | None
    start_date: datetime.date | None
    status: str
    race_id: int | None
    season_id: int | None
    series_id: int | None
    circuit_id: int | None
    has_race: bool
    winnerless: bool  # a race session without an overall winner
    incomplete: bool  # a race session whose classification is partial
    races: int
    has_qualifying: bool
    qualifying_incomplete: bool

    @property
    def not_held(self) -> bool:
        return self.status == Event.Status.CANCELLED

    def knows(self, need: str) -> bool:
        """Whether the archive holds what `need` counts of this edition ("overall", "class", "races")."""
        if self.not_held:
            return True
        if self.status != Event.Status.COMPLETED or not self.has_race:
            return False
        return {"overall": not self.winnerless, "class": not self.incomplete, "races": True}[need]


NEED_OF = {WINS: "overall", CLASS_WINS: "class"}


def editions_with_holdings(events) -> list[Edition]:
    """`events` with what each holds, in one query: counts of its sessions by kind, each probed
    on the (event, kind, completeness) index, rather than a scan of every session."""

    def sessions(kind, **more):
        found = Session.objects.filter(event=OuterRef("pk"), kind=kind, **more).order_by()
        return Coalesce(Subquery(found.values("event").annotate(n=Count("pk")).values("n")), 0)

    partial = [value for value in Session.Completeness.values if value != Session.Completeness.COMPLETE]
    race_sessions = Session.objects.filter(event=OuterRef("pk"), kind=Session.Kind.RACE)
    winnerless = race_sessions.exclude(Exists(Result.objects.filter(session=OuterRef("pk"), position=1)))
    rows = events.annotate(
        races=sessions(Session.Kind.RACE),
        partial_races=sessions(Session.Kind.RACE, completeness__in=partial),
        qualifyings=sessions(Session.Kind.QUALIFYING),
        partial_qualifyings=sessions(Session.Kind.QUALIFYING, completeness__in=partial),
        winnerless=Exists(winnerless),
    ).values_list(
        "pk",
        "year",
        "round",
        "start_date",
        "status",
        "race_id",
        "season_id",
        "season__series_id",
        "circuit_id",
        "races",
        "partial_races",
        "qualifyings",
        "partial_qualifyings",
        "winnerless",
    )
    editions = []
    for row in rows.order_by():
        races, partial_races, qualifyings, partial_qualifyings, winnerless = row[9:]
        editions.append(
            Edition(
                *row[:9],
                has_race=races > 0,
                winnerless=winnerless,
                incomplete=partial_races > 0,
                races=races,
                has_qualifying=qualifyings > 0,
                qualifying_incomplete=partial_qualifyings > 0,
            )
        )
    return editions


class RaceCoverage:
    """Which editions of a race the archive holds, up to one edition."""

    def __init__(self, race, editions: list[Edition], year: int):
        self.race = race
        self.by_year = {e.year: e for e in editions}
        known_first = [race.first_year] if race.first_year else []
        earliest = min([*known_first, *self.by_year]) if self.by_year else None
        self.first_year = earliest if known_first else None
        self.year = year

    def knows(self, year: int, need: str) -> bool:
        edition = self.by_year.get(year)
        return edition is not None and edition.knows(need)

    def holes(self, need: str, since: int | None = None) -> list[int] | None:
        """Years before this edition (after `since`, if given) lacking what `need` counts.

        None when the race's first year is unknown.
        """
        start = since + 1 if since is not None else self.first_year
        if start is None:
            return None
        return [y for y in range(start, self.year) if not self.knows(y, need)]

    def held_before(self, year: int) -> list[int]:
        """The years before `year` in which the race was held or may have been (not known as not held)."""
        start = self.first_year if self.first_year is not None else min(self.by_year, default=year)
        return [y for y in range(start, year) if not (y in self.by_year and self.by_year[y].not_held)]

    def lack(self, need: str) -> Lack:
        """What the archive lacks of the race's editions before this one, for `need`."""
        holes = self.holes(need)
        return Lack(self.race, need, None if holes is None else tuple(holes))


class SeriesCoverage:
    """Which seasons and rounds of a series the archive holds, up to one event."""

    def __init__(self, event, seasons: dict, editions: list[Edition], pole_events: set):
        self.event = event
        self.series = event.season.series
        self.seasons = seasons  # year -> rounds (None: unknown)
        self.rounds = defaultdict(dict)  # year -> round -> Edition
        for edition in editions:
            if edition.round is not None:
                self.rounds[edition.year].setdefault(edition.round, edition)
        self.pole_events = pole_events  # (event id, class id or None) of the poles known
        self._holes = {}

    def _season_holes(self, year: int, last_round: int, knows) -> list[RoundsMissing]:
        missing = tuple(r for r in range(1, last_round + 1) if not knows(self.rounds[year].get(r)))
        return [RoundsMissing(year, missing)] if missing else []

    def holes(self, need: str) -> list | None:
        """The seasons and rounds before this event lacking what `need` counts; None when the start is unknown."""
        if need not in self._holes:  # asked for every winner: worked out once per need
            self._holes[need] = self._find_holes(need)
        return self._holes[need]

    def _find_holes(self, need: str) -> list | None:
        first = self.series.first_year
        if first is None:
            return None
        knows = lambda edition: edition is not None and edition.knows(need)  # noqa: E731
        holes, whole = [], []
        for year in range(first, self.event.year):
            rounds = self.seasons.get(year)
            if rounds is None:
                whole.append(year)
            else:
                holes += self._season_holes(year, rounds, knows)
        found = [SeasonsMissing(tuple(whole))] if whole else []
        return found + holes + self.this_season_holes(knows)

    def this_season_holes(self, knows) -> list:
        if self.event.round is None:
            return [OrderUnknown(self.event.year)]
        return self._season_holes(self.event.year, self.event.round - 1, knows)

    def pole_holes(self, class_id) -> list:
        def knows(edition):
            if edition is None:
                return False
            if edition.not_held or (edition.event_id, class_id) in self.pole_events:
                return True
            return (
                edition.status == Event.Status.COMPLETED
                and edition.has_qualifying
                and not edition.qualifying_incomplete
            )

        return self.this_season_holes(knows)

    def lack(self, need: str) -> Lack:
        """What the archive lacks of the series' seasons and rounds before this event, for `need`."""
        holes = self.holes(need)
        return Lack(self.series, need, None if holes is None else tuple(holes))
