"""A championship's standings, class by class, and what the pages ask of them.

A season page shows every championship of the season; a driver's career page, the
driver's place in every championship class they raced in.
"""

from dataclasses import dataclass, field

from django.db.models import F

from results.models import CarClass, Championship, ChampionshipPlace
from results.stats import cache
from results.stats.standings.data import DRIVERS, MANUFACTURERS, TEAMS, SeasonData
from results.stats.standings.ranking import StandingsTable, standings_table
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
        return self.championship.standings_anchor(self.car_class)

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
            return "No round of this class has results in the archive yet"
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
    championship, data: SeasonData, *, after: int | None = None, kinds=None
) -> ChampionshipStandings:
    """One championship's standings, class by class, after round `after` (default: the latest)."""
    kinds = [k for k in scored_kinds(championship) if kinds is None or k in kinds]
    missing = rounds_not_in_archive(championship, data)
    classes = [
        _class_standings(championship, class_id, data, after=after, kinds=kinds, not_in_archive=missing)
        for class_id in _class_ids(championship, data)
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
    round number is refused with a message, and the latest standings are shown. They are
    kept in the read cache until a write touches the season (a result of one of its
    events, or a rule of its championships).
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

    def compute():
        data = SeasonData([season.pk])
        return [championship_standings(c, data, after=chosen) for c in data.championships]

    # Kept after each round too: a season has as many as it has events, so a reader asking
    # for round 99 of a 12-round season is given the latest, and the cache holds no more.
    if chosen is not None and chosen > season.events.count():
        chosen = None
    key = str(season.pk) if chosen is None else f"{season.pk}/after/{chosen}"
    kept = cache.kept("season-standings", key, [cache.subject(season)], compute)
    return SeasonStandings(championships=kept, message=message)


def driver_championships(driver):
    """The driver's place in every championship class of every season they raced in, latest first:
    the places kept with the results (results.models.ChampionshipPlace), in one query."""
    return (
        ChampionshipPlace.objects.filter(driver=driver)
        .select_related("championship__season__series", "car_class")
        .order_by(
            "-championship__season__year",
            "championship__order",
            "championship__name",
            F("car_class__order").asc(nulls_last=True),  # no class after the classes, as on the season page
            "car_class__name",
        )
    )
