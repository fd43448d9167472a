"""Championship standings, computed from the results with the rules of `results.models.points`.

Nothing here is stored: an editor who corrects a result (a penalty, a disqualification)
corrects the standings with it. The whole computation reads a season in a fixed number
of queries, whatever its size, and works in memory from there.

The counting rules, as the standings pages state them:
- A round is one scoring session (a race) of a counted event: a weekend of two races is
  two rounds, as the cups count them. An event whose race classification the archive
  lacks is still a round, shown as missing.
- Cars score by class position: the scale's points, times the event's multiplier. A car
  disqualified or excluded scores nothing, not even the fastest lap.
- Pole is class position 1 in the event's last qualifying session of the class (the one
  that set the grid); its points, and any points by qualifying position, count in the
  event's first round.
- Every driver of a car's crew is credited with the car's points; a team scores by car
  (its #7 and #6 are two competitors); a manufacturer scores for its best-placed car of
  the class in each race, and never for pole or lap.
- A start is a race result whose status is not "did not start" or "excluded".
- Ties are broken on countback (most wins, then most second places…), or shared.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.db.models import F
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from results.charts import LineChart, line_chart
from results.models import (
    CarClass,
    Championship,
    Entry,
    EntryDriver,
    Event,
    PointsScale,
    Result,
    Session,
)

NO_POINTS = frozenset({Result.Status.DISQUALIFIED, Result.Status.EXCLUDED})
NOT_A_START = frozenset({Result.Status.DID_NOT_START, Result.Status.EXCLUDED})
CHART_LINES = 8

DRIVERS, TEAMS, MANUFACTURERS = "drivers", "teams", "manufacturers"
KIND_TITLES = {DRIVERS: "Drivers", TEAMS: "Teams", MANUFACTURERS: "Manufacturers"}


def tidy(points: Decimal) -> Decimal:
    """Points as fans write them: 25, 12.5 (never 25.00 or 2.5E+2)."""
    points = Decimal(points)
    return points.quantize(Decimal(1)) if points == points.to_integral_value() else points.normalize()


# Points are added up in whole hundredths of a point: integer sums are exact and fast, and
# no rule gives less than a hundredth (a halved 0.5 is 0.25).
def _hundredths(points: Decimal) -> int:
    return int((points * 100).to_integral_value(ROUND_HALF_UP))


def _as_points(hundredths: int) -> Decimal:
    return tidy(Decimal(hundredths).scaleb(-2))


def points_text(hundredths: int) -> str:
    """Hundredths of a point as the page writes them: 2500 → "25", 1250 → "12.5"."""
    whole, part = divmod(hundredths, 100)
    return f"{whole}.{part:02d}".rstrip("0") if part else str(whole)


# ---- what is read from the database ----------------------------------------------------


class _Session(NamedTuple):
    id: int
    event_id: int
    kind: str
    name: str
    partial: bool


class _Result(NamedTuple):
    session_id: int
    entry_id: int
    class_position: int | None
    status: str
    best_lap_ms: int | None


class _Entry(NamedTuple):
    event_id: int
    class_id: int | None
    number: str
    team_id: int | None
    team_name: str
    team_slug: str
    entrant_name: str
    make_id: int | None
    make_name: str
    make_slug: str


@dataclass(frozen=True)
class Competitor:
    key: tuple
    name: str
    url: str = ""


class SeasonData:
    """Every row the standings of some seasons need, read in a fixed number of queries."""

    def __init__(self, season_ids: Iterable[int]):
        season_ids = list(season_ids)
        self.championships = list(Championship.objects.filter(season_id__in=season_ids).with_rules())
        scale_ids = {c.scale_id for c in self.championships} | {c.qualifying_scale_id for c in self.championships}
        scale_ids |= {rule.scale_id for c in self.championships for rule in c.event_rules.all()}
        self.scales = {s.id: s for s in PointsScale.objects.filter(id__in=scale_ids).prefetch_related("values")}

        self.events: dict[int, list[Event]] = defaultdict(list)
        events = (
            Event.objects.filter(season_id__in=season_ids)
            .exclude(status=Event.Status.CANCELLED)
            .order_by(F("start_date").asc(nulls_last=True), F("round").asc(nulls_last=True), "id")
        )
        for event in events:
            self.events[event.season_id].append(event)

        self.sessions: dict[int, list[_Session]] = defaultdict(list)
        sessions = (
            Session.objects.filter(event__season_id__in=season_ids)
            .order_by("event_id", "order", F("starts_at").asc(nulls_last=True), "id")
            .values_list("id", "event_id", "kind", "name", "completeness")
        )
        for sid, event_id, kind, name, completeness in sessions:
            self.sessions[event_id].append(_Session(sid, event_id, kind, name, completeness == "partial"))

        self.session_classes: dict[int, set[int]] = defaultdict(set)
        through = Session.classes.through.objects.filter(session__event__season_id__in=season_ids)
        for sid, class_id in through.values_list("session_id", "carclass_id"):
            self.session_classes[sid].add(class_id)

        kinds = {c.scoring_kind for c in self.championships} | {Session.Kind.QUALIFYING}
        self.results: dict[int, list[_Result]] = defaultdict(list)
        results = Result.objects.filter(session__event__season_id__in=season_ids, session__kind__in=kinds)
        for row in results.values_list("session_id", "entry_id", "class_position", "status", "best_lap_ms"):
            self.results[row[0]].append(_Result(*row))

        self.entries: dict[int, _Entry] = {}
        entries = Entry.objects.filter(event__season_id__in=season_ids).values_list(
            "id",
            "event_id",
            "car_class_id",
            "number",
            "team_id",
            "team__name",
            "team__slug",
            "entrant_name",
            "car__manufacturer_id",
            "car__manufacturer__name",
            "car__manufacturer__slug",
        )
        for entry_id, event_id, class_id, number, team_id, team, slug, entrant, make_id, make, make_slug in entries:
            self.entries[entry_id] = _Entry(
                event_id,
                class_id,
                number,
                team_id,
                team or "",
                slug or "",
                entrant,
                make_id,
                make or "",
                make_slug or "",
            )
        # Which classes raced in each session: where the session does not list its classes,
        # the classes of its cars.
        self.classes_in_session: dict[int, set[int | None]] = {
            sid: {self.entries[r.entry_id].class_id for r in rows} for sid, rows in self.results.items()
        }

        self.crews: dict[int, list[Competitor]] = defaultdict(list)
        crews = (
            EntryDriver.objects.filter(entry__event__season_id__in=season_ids)
            .order_by("entry_id", "order", "id")
            .values_list("entry_id", "driver_id", "driver__given_name", "driver__family_name", "driver__slug")
        )
        drivers: dict[int, Competitor] = {}
        for entry_id, driver_id, given, family, slug in crews:
            if driver_id not in drivers:
                drivers[driver_id] = Competitor(
                    key=(DRIVERS, driver_id),
                    name=f"{given} {family}".strip(),
                    url=reverse("results:driver", kwargs={"slug": slug}),
                )
            self.crews[entry_id].append(drivers[driver_id])

        self.classes = {c.id: c for c in CarClass.objects.filter(series__seasons__in=season_ids)}
        self._competitors: dict[tuple, Competitor] = {}

    def team(self, entry_id: int) -> Competitor:
        """The team as the standings count it: by car, so its #7 and its #6 are two competitors."""
        entry = self.entries[entry_id]
        key = (TEAMS, entry.team_id or entry.entrant_name, entry.number)
        if key not in self._competitors:
            number = f"#{entry.number}" if entry.number else ""
            url = reverse("results:team", kwargs={"slug": entry.team_slug}) if entry.team_slug else ""
            name = f"{number} {entry.team_name or entry.entrant_name}".strip()
            self._competitors[key] = Competitor(key=key, name=name, url=url)
        return self._competitors[key]

    def make(self, entry_id: int) -> Competitor:
        entry = self.entries[entry_id]
        key = (MANUFACTURERS, entry.make_id)
        if key not in self._competitors:
            url = reverse("results:manufacturer", kwargs={"slug": entry.make_slug})
            self._competitors[key] = Competitor(key=key, name=entry.make_name, url=url)
        return self._competitors[key]


# ---- what is shown ---------------------------------------------------------------------

COUNTED, PARTIAL, MISSING, SCHEDULED = "counted", "partial", "missing", "scheduled"


@dataclass(frozen=True)
class Round:
    number: int
    event: Event
    session: _Session | None
    state: str
    note: str = ""
    of_several: bool = False  # one of two races of a weekend: named by its session too

    @property
    def label(self) -> str:
        return f"R{self.number}"

    @property
    def name(self) -> str:
        name = self.event.name
        if self.session is not None and self.of_several:
            name += f", {self.session.name}"
        return name

    @property
    def description(self) -> str:
        """What a round header's tooltip and the notes say of it."""
        text = f"Round {self.number}: {self.name}"
        if self.note:
            text += f" ({self.note})"
        return text + {
            PARTIAL: ": partial classification",
            MISSING: ": race classification not in the archive",
            SCHEDULED: ": not yet run",
        }.get(self.state, "")


class Step(NamedTuple):
    """Where a competitor stood after one round."""

    points: str  # as shown: "45", "12.5"
    position: int | None  # None before its first round
    shared: bool = False


@dataclass
class StandingRow:
    position: int
    shared: bool
    competitor: Competitor
    points: Decimal
    gap: Decimal | None  # None for the leader
    starts: int
    wins: int
    poles: int
    podiums: int
    by_round: list[str | None]  # the points of each round so far, as shown; None: took no part
    history: "_History" = field(repr=False, compare=False)
    index: int = field(repr=False, compare=False)

    @property
    def progress(self) -> list[Step]:
        """Points and place after each round so far (worked out only for the rows shown so)."""
        return self.history.steps(self.index)

    @property
    def figures(self) -> SafeString:
        """The row's numbers as table cells, from the points to the last round's.

        Joined here rather than in the template: a season of twelve rounds and a hundred
        drivers a class makes thousands of cells, too many for template loops to render
        fast. Only numbers, "Leader" and dashes go in, so nothing needs escaping.
        """
        gap = "Leader" if self.gap is None else f"−{self.gap}"
        numbers = (self.starts, self.wins, self.poles, self.podiums)
        rounds = ("–" if p is None else p for p in self.by_round)
        return mark_safe(
            f'<td class="num"><strong>{self.points}</strong></td><td class="num">{gap}</td>'
            + "".join(f'<td class="num">{n}</td>' for n in (*numbers, *rounds))
        )


@dataclass
class StandingsTable:
    kind: str
    rows: list[StandingRow]
    chart: LineChart | None

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def charted(self) -> list[StandingRow]:
        """The rows the chart draws, whose progress the table beside it gives."""
        return self.rows[:CHART_LINES]

    def row_for(self, key: tuple) -> StandingRow | None:
        return next((row for row in self.rows if row.competitor.key == key), None)


@dataclass
class ClassStandings:
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
    championship: Championship
    classes: list[ClassStandings]
    rules: str  # the points rules in a sentence or two, as the page states them


@dataclass
class SeasonStandings:
    championships: list[ChampionshipStandings]
    message: str = ""  # what was wrong with the reader's request

    def __bool__(self) -> bool:
        return bool(self.championships)


@dataclass(frozen=True)
class DriverStanding:
    """A driver's place in one class of one championship."""

    championship: Championship
    car_class: CarClass | None
    row: StandingRow
    of: int
    after: int
    total: int
    is_complete: bool
    url: str


# ---- the computation -------------------------------------------------------------------


class _Score:
    """A car's result in one race of a round: its finishing points and what the stats count."""

    __slots__ = ("entry_id", "finish", "finish_points", "bonus", "started")

    def __init__(self, entry_id: int, finish: int | None, finish_points: int, started: bool):
        self.entry_id = entry_id
        self.finish = finish
        self.finish_points = finish_points  # hundredths, as every sum here
        self.bonus = 0
        self.started = started

    @property
    def total(self) -> int:
        return self.finish_points + self.bonus

    def rank(self):
        """Which of a competitor's two cars in one race counts: the one with more points, then better placed."""
        return (self.total, -(self.finish or 10_000))


class _Tally:
    __slots__ = ("competitor", "points", "finish", "started", "poles")

    def __init__(self, competitor: Competitor, rounds: int):
        self.competitor = competitor
        self.points: list[int | None] = [None] * rounds  # hundredths
        self.finish: list[int | None] = [None] * rounds
        self.started = [False] * rounds
        self.poles = [0] * rounds

    def add(self, i: int, points: int) -> None:
        self.points[i] = points if self.points[i] is None else self.points[i] + points


def _tally(tallies: dict, competitor: Competitor, rounds: int) -> _Tally:
    """The competitor's tally, opened at its first result."""
    tally = tallies.get(competitor.key)
    if tally is None:
        tally = tallies[competitor.key] = _Tally(competitor, rounds)
    return tally


def _event_counts(championship, event, rule, data: SeasonData) -> bool:
    if rule is not None:
        return rule.counts
    if not championship.counts_every_event:
        return False
    # A season's test days (practice only, no round number) are not rounds; an event with
    # nothing in the archive, or only its qualifying, is a round whose race is missing.
    sessions = data.sessions[event.id]
    return (
        event.round is not None
        or event.status == Event.Status.SCHEDULED
        or not sessions
        or any(s.kind in (championship.scoring_kind, Session.Kind.QUALIFYING) for s in sessions)
    )


def _scoring_sessions(championship, event, rule, data: SeasonData) -> list[_Session]:
    only = rule.session_id if rule is not None else None
    return [
        s for s in data.sessions[event.id] if s.kind == championship.scoring_kind and (only is None or s.id == only)
    ]


def _class_raced(session: _Session, class_id, data: SeasonData) -> bool:
    listed = data.session_classes.get(session.id)
    if listed:
        return class_id in listed
    present = data.classes_in_session.get(session.id)
    # A session with no results at all is missing for every class.
    return not present or class_id in present


def _championship_rounds(championship, data: SeasonData, class_id=None, *, every_class=False) -> list[Round]:
    rules = {rule.event_id: rule for rule in championship.event_rules.all()}
    rounds: list[Round] = []
    for event in data.events[championship.season_id]:
        rule = rules.get(event.id)
        if not _event_counts(championship, event, rule, data):
            continue
        note = rule.note if rule else ""
        sessions = _scoring_sessions(championship, event, rule, data)
        raced = sessions if every_class else [s for s in sessions if _class_raced(s, class_id, data)]
        if sessions and not raced:
            continue  # the class did not race at this event
        several = len(raced) > 1
        if not raced:
            state = SCHEDULED if event.status == Event.Status.SCHEDULED else MISSING
            rounds.append(Round(len(rounds) + 1, event, None, state, note))
            continue
        for session in raced:
            if data.results.get(session.id):
                state = PARTIAL if session.partial else COUNTED
            else:
                state = SCHEDULED if event.status == Event.Status.SCHEDULED else MISSING
            rounds.append(Round(len(rounds) + 1, event, session, state, note, several))
    return rounds


def _class_ids(championship, data: SeasonData) -> list[int | None]:
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


def _finishing_points(championship, rule, data: SeasonData) -> tuple[PointsScale, Decimal]:
    """The scale and multiplier of a race: the event's own where its rule gives them."""
    scale = data.scales[rule.scale_id if rule is not None and rule.scale_id else championship.scale_id]
    return scale, (rule.multiplier if rule is not None else Decimal(1))


def _race_scores(championship, rnd: Round, rule, class_id, data: SeasonData) -> list[_Score]:
    scale, multiplier = _finishing_points(championship, rule, data)
    scores = []
    fastest = None
    for result in data.results.get(rnd.session.id, ()):
        if data.entries[result.entry_id].class_id != class_id:
            continue
        scores_points = result.status not in NO_POINTS
        finish = result.class_position if scores_points else None
        score = _Score(
            result.entry_id,
            finish,
            _hundredths(scale.points_for(finish) * multiplier) if finish else 0,
            result.status not in NOT_A_START,
        )
        scores.append(score)
        if scores_points and result.best_lap_ms:
            key = (result.best_lap_ms, finish or 10_000)
            if fastest is None or key < fastest[0]:
                fastest = (key, score)
    if fastest is not None and championship.fastest_lap_points:
        fastest[1].bonus += _hundredths(championship.fastest_lap_points)
    return scores


def _qualifying_scores(championship, event, class_id, data: SeasonData) -> dict[int, tuple[int, bool]]:
    """Each car's pole and qualifying points at an event, from the last qualifying of its class."""
    if championship.scoring_kind == Session.Kind.QUALIFYING:
        return {}
    sessions = [
        s
        for s in data.sessions[event.id]
        if s.kind == Session.Kind.QUALIFYING and class_id in data.classes_in_session.get(s.id, ())
    ]
    if not sessions:
        return {}
    scale = data.scales.get(championship.qualifying_scale_id)
    scores = {}
    for result in data.results[sessions[-1].id]:
        if data.entries[result.entry_id].class_id != class_id:
            continue
        place = result.class_position if result.status not in NO_POINTS else None
        points = 0
        if place == 1:
            points += _hundredths(championship.pole_points)
        if place and scale is not None:
            points += _hundredths(scale.points_for(place))
        scores[result.entry_id] = (points, place == 1)
    return scores


def _credit(tallies: dict, rounds: int, i: int, scores: list[_Score], competitors_of) -> None:
    """Credit each competitor with its best car's result in one race (round index i)."""
    best: dict[tuple, tuple[Competitor, _Score]] = {}
    for score in scores:
        for competitor in competitors_of(score.entry_id):
            held = best.get(competitor.key)
            if held is None or score.rank() > held[1].rank():
                best[competitor.key] = (competitor, score)
    for competitor, score in best.values():
        tally = _tally(tallies, competitor, rounds)
        tally.add(i, score.total)
        tally.finish[i] = score.finish
        tally.started[i] = tally.started[i] or score.started


def _credit_makes(tallies: dict, rounds: int, i: int, scores: list[_Score], data, championship, scale, multiplier):
    by_make: dict[int, list[_Score]] = defaultdict(list)
    for score in scores:
        if data.entries[score.entry_id].make_id:
            by_make[data.entries[score.entry_id].make_id].append(score)
    best = {make: min(cars, key=lambda s: s.finish or 10_000) for make, cars in by_make.items()}
    placed = sorted((s.finish, make) for make, s in best.items() if s.finish)
    make_order = {make: rank for rank, (_, make) in enumerate(placed, start=1)}
    for make, score in best.items():
        if championship.manufacturer_points == Championship.ManufacturerPoints.MAKE_ORDER:
            points = _hundredths(scale.points_for(make_order[make]) * multiplier) if make in make_order else 0
        else:
            points = score.finish_points
        tally = _tally(tallies, data.make(score.entry_id), rounds)
        tally.add(i, points)
        tally.finish[i] = score.finish
        tally.started[i] = any(s.started for s in by_make[make])


def _rank(entries: list[tuple[int, int, str, int]]) -> list[tuple[int, int, bool]]:
    """Rank (-points, -countback, name, index) entries: (index, position, shared) in order.

    Equal points and record share a place and are listed by name.
    """
    entries.sort()
    ranked = []
    for n, (minus_points, minus_record, _, index) in enumerate(entries):
        if n == 0 or (minus_points, minus_record) != entries[n - 1][:2]:
            position = n + 1
        elif not ranked[-1][2]:
            ranked[-1] = (ranked[-1][0], ranked[-1][1], True)
        ranked.append((index, position, position != n + 1))
    return ranked


class _History:
    """Every competitor's running total and place after each round, for the rows that show them."""

    def __init__(self, totals: list[list[int]], rankings: list[list[tuple[int, int, bool]]]):
        self.totals = totals
        self.places = [{index: (position, shared) for index, position, shared in ranked} for ranked in rankings]

    def steps(self, index: int) -> list[Step]:
        sums = self.totals[index]
        return [Step(points_text(sums[j]), *places.get(index, (None, False))) for j, places in enumerate(self.places)]


def _table(kind: str, tallies: dict, rounds: list[Round], after: int, championship) -> StandingsTable:
    countback = championship.tie_break == Championship.TieBreak.COUNTBACK
    everyone = list(tallies.values())
    # Countback as one number: each finish adds base**(width - place), the base exceeding
    # any count, so comparing the numbers compares wins, then seconds, then thirds…
    width = max((f for tally in everyone for f in tally.finish[:after] if f), default=0)
    base = after + 1
    weight = {place: base ** (width - place) for place in range(1, width + 1)}
    totals: list[list[int]] = []
    after_round: list[list[tuple[int, int, str, int]]] = [[] for _ in range(after)]
    for index, tally in enumerate(everyone):
        total = record = 0
        began = False
        sums = []
        for j in range(after):
            points, finish = tally.points[j], tally.finish[j]
            if points is not None:
                total += points
                began = True
            if finish and countback:
                record += weight[finish]
            sums.append(total)
            if began:
                after_round[j].append((-total, -record, tally.competitor.name, index))
        totals.append(sums)
    rankings = [_rank(entries) for entries in after_round]
    history = _History(totals, rankings)
    final = rankings[-1] if after else []
    leader = totals[final[0][0]][-1] if final else 0
    rows = []
    for index, position, shared in final:
        tally = everyone[index]
        finishes = [f for f in tally.finish[:after] if f]
        rows.append(
            StandingRow(
                position=position,
                shared=shared,
                competitor=tally.competitor,
                points=_as_points(totals[index][-1]),
                gap=_as_points(leader - totals[index][-1]) if position > 1 else None,
                starts=sum(tally.started[:after]),
                wins=finishes.count(1),
                poles=sum(tally.poles[:after]),
                podiums=sum(1 for f in finishes if f <= 3),
                by_round=[None if p is None else points_text(p) for p in tally.points[:after]],
                history=history,
                index=index,
            )
        )
    chart = None
    if rows:
        chart = line_chart(
            title=f"{KIND_TITLES[kind]}: points after each round",
            x_labels=[r.label for r in rounds[:after]],
            series=[(row.competitor.name, [_as_points(h) for h in totals[row.index]]) for row in rows[:CHART_LINES]],
        )
    return StandingsTable(kind=kind, rows=rows, chart=chart)


def _class_standings(
    championship, class_id, data: SeasonData, *, after: int | None, kinds, not_in_archive: int
) -> ClassStandings:
    rules = {rule.event_id: rule for rule in championship.event_rules.all()}
    rounds = _championship_rounds(championship, data, class_id)
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
    drivers: dict[tuple, _Tally] = {}
    teams: dict[tuple, _Tally] = {}
    makes: dict[tuple, _Tally] = {}
    events_seen: set[int] = set()
    for i, rnd in enumerate(rounds):
        rule = rules.get(rnd.event.id)
        if rnd.event.id not in events_seen:  # qualifying counts in the event's first round
            events_seen.add(rnd.event.id)
            for entry_id, (points, pole) in _qualifying_scores(championship, rnd.event, class_id, data).items():
                targets = []
                if DRIVERS in kinds:
                    targets += [(drivers, c) for c in data.crews.get(entry_id, ())]
                if TEAMS in kinds:
                    targets.append((teams, data.team(entry_id)))
                for tallies, competitor in targets:
                    tally = _tally(tallies, competitor, n)
                    tally.add(i, points)
                    tally.poles[i] += pole
                if pole and MANUFACTURERS in kinds and data.entries[entry_id].make_id:
                    # A make counts its poles, but scores no points for them.
                    _tally(makes, data.make(entry_id), n).poles[i] += 1
        if rnd.session is None:
            continue
        scores = _race_scores(championship, rnd, rule, class_id, data)
        if DRIVERS in kinds:
            _credit(drivers, n, i, scores, lambda entry_id: data.crews.get(entry_id, ()))
        if TEAMS in kinds:
            _credit(teams, n, i, scores, lambda entry_id: (data.team(entry_id),))
        if MANUFACTURERS in kinds:
            _credit_makes(makes, n, i, scores, data, championship, *_finishing_points(championship, rule, data))
    for kind, tallies in ((DRIVERS, drivers), (TEAMS, teams), (MANUFACTURERS, makes)):
        if kind in kinds:
            standing.tables.append(_table(kind, tallies, rounds, counted, championship))
    return standing


def _kinds(championship) -> list[str]:
    wanted = (
        (DRIVERS, championship.scores_drivers),
        (TEAMS, championship.scores_teams),
        (MANUFACTURERS, championship.scores_manufacturers),
    )
    return [kind for kind, scored in wanted if scored]


def _not_in_archive(championship, data: SeasonData) -> int:
    if not championship.official_rounds:
        return 0
    return max(0, championship.official_rounds - len(_championship_rounds(championship, data, every_class=True)))


def championship_standings(
    championship, data: SeasonData, *, after: int | None = None, class_ids=None, kinds=None
) -> ChampionshipStandings:
    """One championship's standings, class by class, after round `after` (default: the latest)."""
    kinds = [k for k in _kinds(championship) if kinds is None or k in kinds]
    missing = _not_in_archive(championship, data)
    classes = [
        _class_standings(championship, class_id, data, after=after, kinds=kinds, not_in_archive=missing)
        for class_id in _class_ids(championship, data)
        if class_ids is None or class_id in class_ids
    ]
    return ChampionshipStandings(championship=championship, classes=classes, rules=_rules(championship, data))


def _points(value: Decimal) -> str:
    return f"{tidy(value)} point{'' if value == 1 else 's'}"


def _rules(championship, data: SeasonData) -> str:
    """The rules as the page states them: "Class positions score 25-20-17…; pole 2 points."."""
    parts = [f"Class positions score {data.scales[championship.scale_id].summary()}"]
    if championship.qualifying_scale_id:
        parts.append(f"qualifying positions {data.scales[championship.qualifying_scale_id].summary()}")
    if championship.pole_points:
        parts.append(f"pole {_points(championship.pole_points)}")
    if championship.fastest_lap_points:
        parts.append(f"the fastest race lap in each class {_points(championship.fastest_lap_points)}")
    text = "; ".join(parts) + "."
    if championship.tie_break == Championship.TieBreak.COUNTBACK:
        text += " Ties are broken on countback: most wins, then most second places, and so on."
    else:
        text += " Drivers level on points share the place."
    return text


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
                        row=row,
                        of=len(table.rows),
                        after=cls.after,
                        total=cls.total,
                        is_complete=cls.is_complete,
                        url=championship.season.get_absolute_url() + f"#{cls.anchor}",
                    )
                )
    found.sort(key=lambda s: (-s.championship.season.year, s.championship.order, s.championship.name))
    return found
