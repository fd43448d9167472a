"""Writes a generated archive: the planned events with their entries, crews and results.

Rows are made in memory a year at a time and written with bulk_create, parents before
children, in one transaction: a failed run leaves the database as it was.
"""

import datetime
import itertools
import random
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models.functions import Lower

from benchdata import championships
from benchdata.catalogue import ALL_SERIES, END_YEAR, MAKES, MAKES_BY_NAME, SPONSORS, ClassSpec, SeriesSpec
from benchdata.people import Career, DriverPool, Garage, Registry, TeamPool, TeamState
from benchdata.plan import PlannedEvent, PlannedSession, plan_archive
from benchdata.racing import Line, Runner, qualifying, race
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from results.models import (
    Article,
    CarClass,
    Championship,
    ChampionshipEvent,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    PointsScale,
    PointsScaleValue,
    Race,
    Result,
    Season,
    Series,
    Session,
)
from results.stats import credits

# Race reports are written for the most recent seasons only, as on a real site.
REPORTS_FROM_YEARS_BACK = 3
# Car models are known from this year on; earlier fields race the first ones.
FIRST_MODEL_YEAR = 1953
# Practice sessions are listed (without results) from this year on.
PRACTICE_LISTED_FROM = 1995
AUTHORS = ("Jamie Cole", "Ana Ribeiro", "Marcus Lindqvist", "Priya Natarajan", "Tom Whitaker")


@dataclass
class ArchiveSummary:
    counts: Counter
    first_year: int
    last_year: int
    seconds: float = 0.0


@dataclass(eq=False)
class RosterCar:
    """A car entered for a season: the same team, number and crew at every round it runs."""

    team: TeamState
    spec: ClassSpec | None
    car: Car
    number: str
    entrant_name: str
    crew: list[Career]
    extras: list[Career] = field(default_factory=list)  # added for the long races
    full_time: bool = True


def generate_archive(
    *, results: int, seed: int = 1, batch_size: int = 2000, progress: Callable[[int, int], None] | None = None
) -> ArchiveSummary:
    """Generate an archive of exactly `results` results; the same seed gives the same archive."""
    started = time.monotonic()
    plan = plan_archive(results=results, seed=seed)
    with transaction.atomic():
        builder = ArchiveBuilder(seed=seed, batch_size=batch_size, progress=progress)
        builder.build(plan)
        # Rows written in bulk, which no signal follows.
        builder.counts["credits"], builder.counts["championship places"] = credits.rebuild()
    # Fresh statistics, so that the planner sees the archive as it now is; on PostgreSQL the
    # visibility map too, without which a ranking's index-only scan reads every row it counts
    # (autovacuum would set it, some time after the bulk inserts). VACUUM cannot run inside
    # a transaction, as in the tests.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    return ArchiveSummary(builder.counts, plan[0].year, plan[-1].year, time.monotonic() - started)


class ArchiveBuilder:
    def __init__(self, *, seed: int, batch_size: int, progress: Callable[[int, int], None] | None):
        self.seed = seed
        self.batch_size = batch_size
        self.progress = progress
        self.source = f"Generated archive (seed {seed})"
        self.rng = random.Random(f"{seed}:people")
        self.counts: Counter = Counter()
        self.pending: dict[type, list] = {}
        self.zones: dict[str, zoneinfo.ZoneInfo] = {}
        self.rosters: dict[str, list[RosterCar]] = {}
        self.event_slugs: dict[object, Registry] = {}
        self.article_slugs = Registry(slugs=Article.objects.values_list("slug", flat=True))
        self.drivers = DriverPool(self.rng, Registry(slugs=Driver.objects.values_list("slug", flat=True)))
        self.teams = TeamPool(self.rng, _registry(Team))

    # -- the calendar: series and classes, circuits, races, makes ---------------------------

    def build(self, plan: list[PlannedEvent]) -> None:
        self._catalogue(plan)
        for year, events in itertools.groupby(plan, key=lambda e: e.year):
            events = list(events)
            self.drivers.begin_year(year)
            for series in ALL_SERIES:
                season_events = [e for e in events if e.series is series]
                if season_events:
                    self._season(series, year, season_events)
            for event in events:
                if event.series is None:
                    self._historic_edition(event)
            self._flush()
            if self.progress:
                self.progress(year, self.counts["results"])

    def _catalogue(self, plan: list[PlannedEvent]) -> None:
        series_used = {e.series.key: e.series for e in plan if e.series}
        circuits = {e.circuit.key: e.circuit for e in plan}
        existing_circuits = {c.name.lower(): c for c in Circuit.objects.all()}
        self.circuits = {}
        new_circuits = []
        for key, spec in sorted(circuits.items()):
            circuit = existing_circuits.get(spec.name.lower())
            if circuit is None:
                circuit = Circuit(
                    name=spec.name,
                    place=spec.place,
                    country=spec.country,
                    time_zone=spec.time_zone,
                    length_m=spec.length_m,
                    turns=spec.turns,
                    search_key=fold(f"{spec.name} {spec.place}"),
                )
                new_circuits.append(circuit)
            self.circuits[key] = circuit
        slugs = Registry(slugs=Circuit.objects.values_list("slug", flat=True))
        for circuit in new_circuits:
            circuit.slug = slugs.slug(circuit.name)
        self._create(Circuit, new_circuits)

        registry = _registry(Series)
        self.series: dict[str, Series] = {}
        self.classes: dict[tuple[str, str], CarClass] = {}
        for spec in ALL_SERIES:
            if spec.key in series_used:
                name = registry.name(spec.name)
                self.series[spec.key] = Series(
                    name=name,
                    short_name=spec.short_name,
                    slug=registry.slug(spec.short_name or name),
                    search_key=fold(f"{name} {spec.short_name}"),
                    first_year=spec.first,
                )
        self._create(Series, list(self.series.values()))
        for key, series in self.series.items():
            for order, spec in enumerate(series_used[key].classes, start=1):
                self.classes[(key, spec.code)] = CarClass(
                    series=series, code=spec.code, name=spec.name, order=order, colour=spec.colour
                )
        self._create(CarClass, list(self.classes.values()))

        registry = _registry(Race)
        self.races = {}
        for spec in sorted({e.race for e in plan if e.race}, key=lambda r: r.key):
            name = registry.name(spec.name)
            # Every year since its first edition has one, held or cancelled, back to the archive's start.
            self.races[spec.key] = Race(
                name=name,
                slug=registry.slug(name),
                circuit=self.circuits[spec.circuit],
                search_key=fold(name),
                first_year=spec.first,
            )
        self._create(Race, list(self.races.values()))

        existing_makes = {m.name.lower(): m for m in Manufacturer.objects.all()}
        slugs = Registry(slugs=Manufacturer.objects.values_list("slug", flat=True))
        manufacturers, new_makes = {}, []
        for spec in MAKES:
            make = existing_makes.get(spec.name.lower())
            if make is None:
                make = Manufacturer(
                    name=spec.name, slug=slugs.slug(spec.name), country=spec.country, search_key=fold(spec.name)
                )
                new_makes.append(make)
            manufacturers[spec.name] = make
        self._create(Manufacturer, new_makes)
        existing_cars = {
            (car.manufacturer.name, car.model.lower(), getattr(car.engine_manufacturer, "name", None)): car
            for car in Car.objects.select_related("manufacturer", "engine_manufacturer")
        }
        car_slugs = Registry(slugs=Car.objects.values_list("slug", flat=True))
        self.garage = Garage(self.seed, manufacturers, car_slugs, existing_cars)
        self.scales, values = championships.scales(Registry(names=PointsScale.objects.values_list("name", flat=True)))
        self._create(PointsScale, list(self.scales.values()))
        self._create(PointsScaleValue, values)

    # -- seasons and their entry lists -----------------------------------------------------

    def _season(self, spec: SeriesSpec, year: int, events: list[PlannedEvent]) -> None:
        # Rounds are numbered over the whole season, so the last one counts them even where
        # the archive's oldest season lacks its first events.
        rounds = max((e.round or 0 for e in events), default=0)
        season = Season(series=self.series[spec.key], year=year, rounds=rounds)
        self._add(season)
        size = max((e.entries for e in events if not e.cancelled), default=0)
        roster = self._roster(spec, year, size, long_races=any(e.minutes >= 600 for e in events))
        self.rosters[spec.key] = roster
        written = [self._event(event, season, roster) for event in events]
        name = self.series[spec.key].name
        for row in championships.championships(spec, season, name, events, written, self.scales):
            self._add(row)

    def _roster(self, spec: SeriesSpec, year: int, size: int, *, long_races: bool) -> list[RosterCar]:
        rng = self.rng
        classes = spec.active_classes(year) or [None]
        weights = [c.weight if c else 1 for c in classes]
        counts = [max(1, round(size * w / sum(weights))) for w in weights]
        counts[0] += max(0, size - sum(counts))  # at least as many cars as the busiest round
        previous = [car for car in self.rosters.get(spec.key, []) if rng.random() < 0.8]
        roster: list[RosterCar] = []
        numbers: set[str] = set()
        teams_in: set = set()
        for class_spec, count in zip(classes, counts, strict=True):
            kind = class_spec.kind if class_spec else _kind_of(spec)
            kept = [car for car in previous if (car.spec.kind if car.spec else _kind_of(spec)) == kind][:count]
            for car in kept:
                previous.remove(car)
                crew = [self.drivers.seat(c, spec.key) for c in car.crew if self.drivers.keeps(c, spec.key)]
                roster.append(self._roster_car(spec, year, class_spec, car.team, numbers, crew, car.number, long_races))
                teams_in.add(car.team)
            while len(roster) < sum(counts[: classes.index(class_spec) + 1]):
                team = (rng.random() < 0.25 and self.teams.recent(year, teams_in)) or self.teams.found()
                teams_in.add(team)
                for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0]):
                    roster.append(self._roster_car(spec, year, class_spec, team, numbers, [], None, long_races))
        return roster

    def _roster_car(self, spec, year, class_spec, team, numbers, crew, number, long_races) -> RosterCar:
        rng = self.rng
        team.last_year = year
        kind = class_spec.kind if class_spec else _kind_of(spec)
        model_year = max(year, FIRST_MODEL_YEAR)
        make = spec.make or team.makes.get(kind)
        if not make or not self.garage.builds(make, kind, model_year) or rng.random() < 0.08:
            make = spec.make or rng.choice(self.garage.makes_for(kind, model_year))
            team.makes[kind] = make
        engines = MAKES_BY_NAME[make].engines
        engine = None
        if engines:
            if team.engines.get(make) not in engines or rng.random() < 0.1:
                team.engines[make] = rng.choice(engines)
            engine = team.engines[make]
        car = self.garage.car(make, kind, model_year, engine)
        if number is None or number in numbers:
            number = self._number(spec, team, numbers)
        numbers.add(number)
        size = rng.randint(*spec.crew)
        while len(crew) < size:
            crew.append(self.drivers.pick(spec.key, crew))
        entrant = team.team.name
        if rng.random() < 0.12:
            entrant = f"{team.team.name} with {rng.choice(SPONSORS)}"
        roster_car = RosterCar(team, class_spec, car, number, entrant, crew, full_time=rng.random() < 0.85)
        if long_races and spec.crew[1] > 1:
            for _ in range(4 - len(crew)):
                roster_car.extras.append(self.drivers.pick(spec.key, crew + roster_car.extras))
        return roster_car

    def _number(self, spec: SeriesSpec, team: TeamState, numbers: set[str]) -> str:
        """The team's own number in this series when free, else a new one it keeps."""
        for number in team.numbers.get(spec.key, []):
            if number not in numbers:
                return number
        while True:
            n = self.rng.randint(1, 99)
            number = f"0{n}" if n < 10 and self.rng.random() < 0.1 else str(n)
            if number not in numbers:
                team.numbers.setdefault(spec.key, []).append(number)
                return number

    def _historic_edition(self, plan: PlannedEvent) -> None:
        """An edition run before any series of the archive: a one-off field, no classes."""
        roster, numbers = [], set()
        spec = SeriesSpec("historic", "", "", plan.year, (), (), (1, 1), (1, 1), plan.minutes, (2, 3))
        for _ in range(plan.entries):
            team = (self.rng.random() < 0.5 and self.teams.recent(plan.year, set())) or self.teams.found()
            roster.append(self._roster_car(spec, plan.year, None, team, numbers, [], None, plan.minutes >= 600))
        self._event(plan, None, roster)

    # -- events, sessions, results ---------------------------------------------------------

    def _event(self, plan: PlannedEvent, season: Season | None, roster: list[RosterCar]) -> Event:
        rng = random.Random(f"{self.seed}:event:{plan.key}")
        scope = (plan.series.key, plan.year) if season else None
        if scope not in self.event_slugs:
            taken = [] if season else Event.objects.filter(season=None).values_list("slug", flat=True)
            self.event_slugs[scope] = Registry(slugs=taken)
        slugs = self.event_slugs[scope]
        sunday = plan.minutes >= 1440 or any(s.name == "Race 2" for s in plan.sessions)
        event = Event(
            season=season,
            race=self.races[plan.race.key] if plan.race else None,
            year=plan.year,
            name=plan.name,
            slug=slugs.slug(plan.name),
            circuit=self.circuits[plan.circuit.key],
            round=plan.round,
            start_date=plan.race_day - datetime.timedelta(days=2),
            end_date=plan.race_day + datetime.timedelta(days=1 if sunday else 0),
            status=Event.Status.CANCELLED if plan.cancelled else Event.Status.COMPLETED,
            search_key=fold(f"{plan.year} {plan.name}"),
        )
        self._add(event)
        if plan.cancelled:
            return event
        chosen = _field(rng, roster, plan.entries)
        runners = [self._entry(event, plan, car, rng) for car in chosen]
        sessions = _SessionWriter(self, event, plan, rng)
        if plan.year >= PRACTICE_LISTED_FROM and plan.series:
            sessions.practice()
        # Race n starts from the grid of qualifying session n, or of the only one.
        grids: list[dict[int, int]] = []
        races = 0
        for planned in plan.sessions:
            if planned.kind == "qualifying":
                grids.append(sessions.qualifying(planned, runners, len(grids)))
            else:
                grid = grids[min(races, len(grids) - 1)] if grids else {}
                races += 1
                sessions.race(planned, runners, grid, races)
        if plan.year > END_YEAR - REPORTS_FROM_YEARS_BACK and sessions.winner:
            self._report(event, plan, sessions.winner)
        return event

    def _entry(self, event: Event, plan: PlannedEvent, car: RosterCar, rng: random.Random) -> Runner:
        entry = Entry(
            event=event,
            number=car.number,
            car_class=self.classes[(plan.series.key, car.spec.code)] if car.spec else None,
            team=car.team.team,
            entrant_name=car.entrant_name,
            car=car.car,
        )
        self._add(entry)
        crew = car.crew + (car.extras if plan.minutes >= 600 else [])
        for order, career in enumerate(crew[:4], start=1):
            rating = career.rating if plan.year >= 2012 else ""
            self._add(EntryDriver(entry=entry, driver=career.driver, order=order, fia_rating=rating))
        skill = sum(c.skill for c in crew[:4]) / len(crew[:4])
        class_pace = car.spec.pace if car.spec else 1.0 + 0.12 * rng.random()
        pace = class_pace * self.garage.quality[id(car.car)] * skill
        return Runner(entry, car.spec.code if car.spec else None, pace, [c.driver for c in crew[:4]])

    def _report(self, event: Event, plan: PlannedEvent, winner: Line) -> None:
        entry = winner.runner.car
        crew = winner.runner.crew
        names = ", ".join(d.full_name for d in crew[:-1]) + (" and " if len(crew) > 1 else "") + crew[-1].full_name
        title = f"{entry.display_entrant} wins the {plan.year} {plan.name}"
        body = (
            f"The #{entry.number} {entry.display_entrant} {entry.car.full_name} of {names} won the "
            f"{plan.name} at {plan.circuit.name} after {winner.laps} laps.\n\n"
            f"It was a {_length(plan.minutes)} race"
            f"{' with a penalty after the finish' if winner.position_at_line else ''}; "
            f"the full classification is below.\n"
        )
        published = datetime.datetime.combine(event.end_date, datetime.time(20), tzinfo=datetime.UTC)
        self._add(
            Article(
                event=event,
                kind=Article.Kind.RACE_REPORT,
                title=title[:200],
                slug=self.article_slugs.slug(title),
                author=AUTHORS[len(title) % len(AUTHORS)],
                status=Article.Status.PUBLISHED,
                published_at=published,
                body=body,
            )
        )

    # -- writing ---------------------------------------------------------------------------

    def zone(self, name: str) -> zoneinfo.ZoneInfo:
        if name not in self.zones:
            self.zones[name] = zoneinfo.ZoneInfo(name)
        return self.zones[name]

    def _add(self, obj) -> None:
        self.pending.setdefault(type(obj), []).append(obj)

    def _create(self, model, objs: list) -> None:
        if objs:
            model.objects.bulk_create(objs, batch_size=self.batch_size)
            self.counts[model._meta.verbose_name_plural] += len(objs)

    def _flush(self) -> None:
        """Write what the year made, parents first so children can point at them."""
        self._create(Car, self.garage.new)
        self._create(Team, self.teams.new)
        self._create(Driver, self.drivers.new)
        self.garage.new, self.teams.new, self.drivers.new = [], [], []
        through = Session.classes.through
        order = (Season, Event, Championship, ChampionshipEvent, Session, through, Entry, EntryDriver, Result, Article)
        for model in order:
            objs = self.pending.pop(model, [])
            if model is through:
                objs = [through(session_id=s.pk, carclass_id=c.pk) for s, c in objs]
            self._create(model, objs)
        if self.pending:
            raise RuntimeError(f"Rows of {list(self.pending)} were made but not written.")


class _SessionWriter:
    """An event's sessions in order: practice, qualifying (possibly in class groups), races."""

    def __init__(self, builder: ArchiveBuilder, event: Event, plan: PlannedEvent, rng: random.Random):
        self.builder, self.event, self.plan, self.rng = builder, event, plan, rng
        self.order = 0
        self.slugs = Registry()
        self.winner: Line | None = None
        era = 1 + 0.005 * max(0, 2024 - plan.year)
        self.lap_ms = plan.circuit.lap_s * 1000 * era

    def practice(self) -> None:
        for number in (1, 2):
            self._session(Session.Kind.PRACTICE, f"Practice {number}", day=-2, hour=10 + 3 * number)

    def qualifying(self, planned: PlannedSession, runners: list[Runner], earlier: int) -> dict[int, int]:
        """Write a qualifying session (or one per class group); return the grid it sets."""
        groups = self._groups(runners) if planned.split else [(None, runners)]
        order = []
        for index, (classes, group) in enumerate(groups):
            name = planned.name
            if classes:
                name = f"{planned.name} — {'/'.join(c.name for c in classes)}"
            session = self._session(Session.Kind.QUALIFYING, name, day=-1, hour=10 + earlier + index)
            lines = qualifying(self.rng, group, lap_ms=self.lap_ms)
            self._results(session, planned, lines)
            if classes:
                self.builder.pending.setdefault(Session.classes.through, []).extend((session, c) for c in classes)
            order += [line.runner for line in lines]
        return {id(runner): grid for grid, runner in enumerate(order, start=1)}

    def race(self, planned: PlannedSession, runners: list[Runner], grid: dict[int, int], number: int) -> None:
        plan = self.plan
        hour, minute = {1440: (13, 40), 720: (10, 40), 600: (12, 10)}.get(plan.minutes, (14, 10))
        session = self._session(Session.Kind.RACE, planned.name, day=number - 1, hour=hour, minute=minute)
        session.duration = datetime.timedelta(minutes=plan.minutes)
        session.caution_periods = self.rng.randint(0, max(1, plan.minutes // 90))
        session.red_flags = 1 if self.rng.random() < 0.05 else 0
        reliability = 0.6 if plan.year < 1980 else 0.8 if plan.year < 2000 else 1.0
        lines, amended = race(
            self.rng,
            runners,
            lap_ms=self.lap_ms,
            minutes=plan.minutes,
            aco_rules=bool(plan.series and plan.series.aco_rules),
            reliability=reliability,
        )
        if amended:
            session.status = Session.Status.AMENDED
        for line in lines:
            if line.status != Result.Status.DID_NOT_START:
                line.grid = grid.get(id(line.runner))
        self._results(session, planned, lines)
        if lines and lines[0].position == 1 and self.winner is None:
            self.winner = lines[0]

    def _groups(self, runners: list[Runner]):
        """Runners split by the series' qualifying groups, each with the classes it holds."""
        series = self.plan.series
        groups = []
        for kinds in series.split_qualifying:
            specs = [c for c in series.active_classes(self.plan.year) if c.kind in kinds]
            codes = {c.code for c in specs}
            group = [r for r in runners if r.group in codes]
            if group:
                present = {r.group for r in group}
                classes = [self.builder.classes[(series.key, c.code)] for c in specs if c.code in present]
                groups.append((classes, group))
        return groups

    def _session(self, kind: str, name: str, *, day: int, hour: int, minute: int = 5) -> Session:
        plan = self.plan
        self.order += 1
        zone = plan.circuit.time_zone
        known = plan.year >= 1990
        local = datetime.datetime.combine(
            plan.race_day + datetime.timedelta(days=day),
            datetime.time(hour, minute if known else 0),
            tzinfo=self.builder.zone(zone),
        )
        session = Session(
            event=self.event,
            kind=kind,
            name=name,
            slug=self.slugs.slug(name),
            order=self.order,
            starts_at=local.astimezone(datetime.UTC),
            time_zone=zone,
            start_time_known=known,
            status=Session.Status.OFFICIAL,
            source=self.builder.source,
        )
        self.builder._add(session)
        return session

    def _results(self, session: Session, planned: PlannedSession, lines: list[Line]) -> None:
        keep = planned.results - planned.class_only
        if planned.results < len(lines) or planned.class_only or self.plan.series is None:
            session.completeness = Session.Completeness.PARTIAL
        add = self.builder._add
        for index, line in enumerate(lines[: planned.results]):
            if index >= keep:
                # Known only by its place in class, as old reports give class winners.
                line.position = line.position_at_line = line.class_position_at_line = None
                line.total_time_ms = line.gap_ms = line.gap_laps = None
            add(
                Result(
                    session=session,
                    entry=line.runner.car,
                    position=line.position,
                    class_position=line.class_position,
                    position_at_line=line.position_at_line,
                    class_position_at_line=line.class_position_at_line,
                    status=line.status,
                    reason=line.reason,
                    laps=line.laps,
                    total_time_ms=line.total_time_ms,
                    gap_ms=line.gap_ms,
                    gap_laps=line.gap_laps,
                    best_lap_ms=line.best_lap_ms,
                    best_lap_number=line.best_lap_number,
                    best_lap_driver=line.best_lap_driver,
                    grid=line.grid,
                    qualifying_driver=line.qualifying_driver,
                )
            )


def _field(rng: random.Random, roster: list[RosterCar], size: int) -> list[RosterCar]:
    """The cars at one round: every full-time car first, then part-timers, up to `size`."""
    if size >= len(roster):
        return list(roster)
    part_time = [car for car in roster if not car.full_time]
    rng.shuffle(part_time)
    chosen = {id(car) for car in ([car for car in roster if car.full_time] + part_time)[:size]}
    return [car for car in roster if id(car) in chosen]


def _kind_of(spec: SeriesSpec) -> str:
    """The kind of car a series without classes races: its make's, or sports cars of the day."""
    if spec.make:
        return next(kind for kind, _, _ in MAKES_BY_NAME[spec.make].kinds if kind in ("cup", "roadster"))
    return "proto"


def _registry(model) -> Registry:
    rows = model.objects.annotate(lower=Lower("name")).values_list("lower", "slug")
    names = [name for name, _ in rows]
    return Registry(names=names, slugs=[slug for _, slug in rows])


def _length(minutes: int) -> str:
    """How long a race was, as a report says it: "6-hour", "40-minute"."""
    return f"{minutes // 60}-hour" if minutes % 60 == 0 else f"{minutes}-minute"
