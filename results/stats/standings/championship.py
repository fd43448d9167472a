"""A championship's standings, class by class, and what the pages ask of them.

A season page shows every championship of the season; a driver's career page, the
driver's place in every championship class they raced in.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from results.models import CarClass, Championship
from results.stats.standings.data import DRIVERS, MANUFACTURERS, TEAMS, SeasonData
from results.stats.standings.ranking import StandingRow, StandingsTable, standings_table
from results.stats.standings.rules import (
    COUNTED,
    MISSING,
    PARTIAL,
    SCHEDULED,
    Round,
    championship_rounds,
    event_rules,
    finishing_scale,
    rounds_not_in_archive,
    rules_summary,
    scored_kinds,
)
from results.stats.standings.scoring import (
    Tally,
    credit_best_car,
    credit_makes,
    qualifying_scores,
    race_scores,
    tally_for,
)


@dataclass
class ClassStandings:
    """One class of one championship: its rounds, how many these standings count, and its tables."""

    championship: Championship
    car_class: CarClass | None
    rounds: list[Round]
    after: int  # how many rounds these standings count
    not_in_archive: int  # rounds of the official calendar the archive does not hold
    latest: int  # the last round with results
    tables: list[StandingsTable] = field(default_factory=list)
    chosen: bool = False  # the reader asked for an earlier round

    @property
    def total(self) -> int:
        return len(self.rounds) + self.not_in_archive

    @property
    def anchor(self) -> str:
        code = self.car_class.code.lower() if self.car_class else "overall"
        return f"standings-{self.championship.slug}-{code}"

    @property
    def class_name(self) -> str:
        return self.car_class.name if self.car_class else "Overall"

    @property
    def rounds_so_far(self) -> list[Round]:
        return self.rounds[: self.after]

    @property
    def rounds_run(self) -> list[Round]:
        """The rounds a reader may ask the standings after."""
        return self.rounds[: self.latest]

    @property
    def counted_rounds(self) -> list[Round]:
        return [r for r in self.rounds[: self.after] if r.state in (COUNTED, PARTIAL)]

    @property
    def _judged(self) -> list[Round]:
        # Standings after the latest round answer for every round already run.
        return self.rounds[: self.after] if self.chosen else [r for r in self.rounds if r.state != SCHEDULED]

    @property
    def gaps(self) -> list[Round]:
        """Rounds run whose classification the archive lacks or holds only in part."""
        return [r for r in self._judged if r.state in (MISSING, PARTIAL)]

    @property
    def is_complete(self) -> bool:
        """Whether these can be the official standings: every round run is in the archive, whole."""
        return not self.gaps and not self.not_in_archive

    @property
    def headline(self) -> str:
        if not self.after:
            return "No round of this class has results in the archive yet."
        return f"After round {self.after} of {self.total}"


@dataclass
class ChampionshipStandings:
    """A championship's standings, class by class, and the rules they score by."""

    championship: Championship
    classes: list[ClassStandings]
    rules: str  # the points rules in a sentence or two, as the page states them


def _class_ids(championship, data: SeasonData) -> list[int | None]:
    """The classes with standings, in the organiser's order: those chosen, else those that raced, else the series'."""
    chosen = list(championship.classes.all())
    if chosen:
        return [c.id for c in sorted(chosen, key=lambda c: (c.order, c.name))]
    seen: set[int | None] = set()
    for event in data.events[championship.season_id]:
        for session in data.sessions[event.id]:
            if session.kind == championship.scoring_kind:
                seen |= data.classes_in_session.get(session.id, set())
    if not seen:
        seen = {c.id for c in data.classes.values() if c.series_id == championship.season.series_id} or {None}
    known = data.classes
    return sorted(seen, key=lambda cid: (0, known[cid].order, known[cid].name) if cid in known else (1, 0, ""))


def _class_standings(
    championship, class_id, data: SeasonData, *, after: int | None, kinds, not_in_archive: int
) -> ClassStandings:
    """One class's standings after round `after` (None: the latest), with a table for each of `kinds`."""
    rules = event_rules(championship)
    rounds = championship_rounds(championship, data, class_id)
    n = len(rounds)
    latest = max((r.number for r in rounds if r.state in (COUNTED, PARTIAL)), default=0)
    counted = latest if after is None else min(after, latest)
    standing = ClassStandings(
        championship=championship,
        car_class=data.classes.get(class_id),
        rounds=rounds,
        after=counted,
        not_in_archive=not_in_archive,
        latest=latest,
        chosen=after is not None and after < latest,
    )
    drivers: dict[tuple, Tally] = {}
    teams: dict[tuple, Tally] = {}
    makes: dict[tuple, Tally] = {}
    events_seen: set[int] = set()
    for i, rnd in enumerate(rounds):
        rule = rules.get(rnd.event.id)
        if rnd.event.id not in events_seen:  # qualifying counts in the event's first round
            events_seen.add(rnd.event.id)
            for entry_id, (points, pole) in qualifying_scores(championship, rnd.event, class_id, data).items():
                targets = []
                if DRIVERS in kinds:
                    targets += [(drivers, c) for c in data.crews.get(entry_id, ())]
                if TEAMS in kinds:
                    targets.append((teams, data.team(entry_id)))
                for tallies, competitor in targets:
                    tally = tally_for(tallies, competitor, n)
                    tally.add(i, points)
                    tally.poles[i] += pole
                if pole and MANUFACTURERS in kinds and data.entries[entry_id].make_id:
                    # A make counts its poles, but scores no points for them.
                    tally_for(makes, data.make(entry_id), n).poles[i] += 1
        if rnd.session is None:
            continue
        scores = race_scores(championship, rnd, rule, class_id, data)
        if DRIVERS in kinds:
            credit_best_car(drivers, n, i, scores, lambda entry_id: data.crews.get(entry_id, ()))
        if TEAMS in kinds:
            credit_best_car(teams, n, i, scores, lambda entry_id: (data.team(entry_id),))
        if MANUFACTURERS in kinds:
            credit_makes(makes, n, i, scores, data, championship, *finishing_scale(championship, rule, data))
    for kind, tallies in ((DRIVERS, drivers), (TEAMS, teams), (MANUFACTURERS, makes)):
        if kind in kinds:
            standing.tables.append(standings_table(kind, tallies, counted, championship))
    return standing


def championship_standings(
    championship, data: SeasonData, *, after: int | None = None, class_ids=None, kinds=None
) -> ChampionshipStandings:
    """One championship's standings, class by class, after round `after` (default: the latest)."""
    kinds = [k for k in scored_kinds(championship) if kinds is None or k in kinds]
    missing = rounds_not_in_archive(championship, data)
    classes = [
        _class_standings(championship, class_id, data, after=after, kinds=kinds, not_in_archive=missing)
        for class_id in _class_ids(championship, data)
        if class_ids is None or class_id in class_ids
    ]
    return ChampionshipStandings(championship=championship, classes=classes, rules=rules_summary(championship, data))


@dataclass
class SeasonStandings:
    """Every championship of a season, as its page shows them."""

    championships: list[ChampionshipStandings]
    message: str = ""  # what was wrong with the reader's request

    def __bool__(self) -> bool:
        return bool(self.championships)


def season_standings(season, *, after: str | int | None = None) -> SeasonStandings:
    """Every championship of a season, class by class: what the season page shows.

    `after` is the reader's "after round N" (from the query string): anything but a
    round number is refused with a message, and the latest standings are shown.
    """
    message = ""
    chosen = None
    if after not in (None, ""):
        try:
            chosen = int(after)
        except (TypeError, ValueError):
            chosen = None
        if chosen is None or chosen < 1:
            message = f"“{after}” is not a round number; these are the standings after the latest round."
            chosen = None
    data = SeasonData([season.pk])
    return SeasonStandings(
        championships=[championship_standings(c, data, after=chosen) for c in data.championships],
        message=message,
    )


@dataclass(frozen=True)
class Place:
    """What a career page shows of a driver's row in the standings (not the row, which
    holds the whole class's history: 600 kB for a driver of 77 seasons, kept in the cache)."""

    position: int
    shared: bool
    points: Decimal
    wins: int

    @classmethod
    def of(cls, row: StandingRow) -> "Place":
        return cls(position=row.position, shared=row.shared, points=row.points, wins=row.wins)


@dataclass(frozen=True)
class DriverStanding:
    """A driver's place in one class of one championship."""

    championship: Championship
    car_class: CarClass | None
    place: Place
    of: int
    after: int
    total: int
    is_complete: bool
    url: str


def driver_championships(driver) -> list[DriverStanding]:
    """The driver's place in every championship class of every season they raced in, latest first."""
    season_ids = (
        Championship.objects.filter(scores_drivers=True, season__events__entries__crew__driver=driver)
        .values_list("season_id", flat=True)
        .distinct()
    )
    data = SeasonData(season_ids)
    key = (DRIVERS, driver.pk)
    season_of = {event.id: season_id for season_id, events in data.events.items() for event in events}
    raced_in: dict[int, set[int | None]] = defaultdict(set)
    for entry_id, crew in data.crews.items():
        entry = data.entries[entry_id]
        if entry.event_id in season_of and any(c.key == key for c in crew):
            raced_in[season_of[entry.event_id]].add(entry.class_id)
    found = []
    for championship in data.championships:
        if not championship.scores_drivers:
            continue
        standings = championship_standings(
            championship, data, class_ids=raced_in[championship.season_id], kinds=[DRIVERS]
        )
        for cls in standings.classes:
            table = cls.tables[0]
            row = table.row_for(key)
            if row is not None:
                found.append(
                    DriverStanding(
                        championship=championship,
                        car_class=cls.car_class,
                        place=Place.of(row),
                        of=len(table.rows),
                        after=cls.after,
                        total=cls.total,
                        is_complete=cls.is_complete,
                        url=championship.season.get_absolute_url() + f"#{cls.anchor}",
                    )
                )
    found.sort(key=lambda s: (-s.championship.season.year, s.championship.order, s.championship.name))
    return found
