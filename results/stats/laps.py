"""What the race story pages read from a session's laps: the fastest laps, each driver's
laps and time at the wheel, every car of a class lap by lap, a driver's record lap by
lap. Each is one or a few queries over the laps and stints the lap import wrote
(results.models.laps)."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Count, F, Min, Q, Sum

from drivers.models import Driver
from drivers.naming import person_name
from results.models import CautionPeriod, EntryDriver, Lap, MinimumDriveTime, Result, Session, Stint
from results.stats import cache


def fastest_by_class(session: Session) -> list[Lap]:
    """The fastest lap of each class, with its car and driver, classes in the series' order."""
    laps = Lap.objects.filter(result__session=session, class_best=True)
    laps = laps.select_related("driver", "result__entry__car_class", "result__entry__team")
    return list(laps.order_by("result__entry__car_class__order", "result__entry__car_class__code"))


def cautions(session: Session) -> list[CautionPeriod]:
    """The session's caution periods, in order."""
    return list(CautionPeriod.objects.filter(session=session).order_by("order"))


def class_progress(session: Session, car_class_id) -> dict[int, list[tuple[int, int, int, int]]]:
    """For each car of a class, its (lap, class position, gap to the class leader in ms,
    overall position) at every lap's end, in lap order: what the lap and gap charts draw,
    and the laps each car led. Kept (results.stats.cache) until the event is written to:
    thousands of rows a class, read for every visitor's first view of a chart."""

    def compute():
        rows = (
            Lap.objects.filter(result__session=session, result__entry__car_class=car_class_id)
            .order_by("result", "number")
            .values_list("result", "number", "class_position", "class_gap_ms", "position")
        )
        progress: dict[int, list[tuple[int, int, int, int]]] = {}
        for result, *lap in rows:
            progress.setdefault(result, []).append(tuple(lap))
        return progress

    return cache.kept("class-progress", f"{session.pk}/{car_class_id}", [cache.subject(session.event)], compute)


@dataclass(frozen=True)
class StintSpan:
    """A stint as the race's timeline draws it: plain values, kept without the models."""

    result_id: int
    order: int
    driver_id: int
    driver: str  # the driver's name
    first_lap: int
    last_lap: int
    starts_ms: int
    ends_ms: int
    pit_time_ms: int | None
    ends_in_pit: bool

    @property
    def duration_ms(self) -> int:
        return self.ends_ms - self.starts_ms


@dataclass(frozen=True)
class Reading:
    """A weather reading as the race story shows it: plain values, kept without the models."""

    taken_at: datetime.datetime
    air_c: float | None
    track_c: float | None
    humidity: float | None
    wind_kph: float | None


def session_weather(session: Session) -> list[Reading]:
    """The session's weather readings in time order: kept until the event is written to."""

    def compute():
        found = session.weather.order_by("taken_at").values_list("taken_at", "air_c", "track_c", "humidity", "wind_kph")
        return [Reading(*row) for row in found]

    return cache.kept("weather", str(session.pk), [cache.subject(session.event)], compute)


def session_stints(session: Session) -> list[StintSpan]:
    """Every car's stints in the session, in order: kept until the event is written to."""

    def compute():
        found = Stint.objects.filter(result__session=session).order_by("result", "order")
        found = found.values_list(
            "result", "order", "driver", "driver__given_name", "driver__family_name", "first_lap", "last_lap",
            "starts_ms", "ends_ms", "pit_time_ms", "ends_in_pit",
        )  # fmt: skip
        return [
            StintSpan(result, order, driver, person_name(given, family), *rest)
            for result, order, driver, given, family, *rest in found
        ]

    return cache.kept("stints", str(session.pk), [cache.subject(session.event)], compute)


def stints(session: Session, *, result=None) -> list[Stint]:
    """Every car's stints (or one car's: `result`), in order, with their drivers: each driver
    made once, not once a stint (a race has hundreds of stints and a few dozen drivers)."""
    found = Stint.objects.filter(result__session=session) if result is None else Stint.objects.filter(result=result)
    found = list(found.order_by("result", "order"))
    drivers = Driver.objects.in_bulk({stint.driver_id for stint in found})
    for stint in found:
        stint.driver = drivers[stint.driver_id]
    return found


def car_laps(result) -> list[Lap]:
    """One car's laps in order, with their drivers: its race lap by lap."""
    return list(result.timed_laps.select_related("driver").order_by("number"))


def race_start(session: Session) -> datetime.datetime | None:
    """When the race started: its start time where known, else the time of day of a car's
    first crossing less its elapsed time, on the session's day in its time zone."""
    if session.starts_at is not None and session.start_time_known:
        return session.starts_at
    first = Lap.objects.filter(result__session=session, number=1, time_of_day_ms__isnull=False).order_by("elapsed_ms")
    first = first.values_list("time_of_day_ms", "elapsed_ms").first()
    if first is None or session.starts_at is None:
        return None
    zone = zoneinfo.ZoneInfo(session.time_zone or "UTC")
    day = session.starts_at.astimezone(zone).date()
    midnight = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
    return midnight + datetime.timedelta(milliseconds=first[0] - first[1])


@dataclass
class DriverRace:
    """A race a driver is known lap by lap in: their car, laps, laps led, time at the wheel, best lap."""

    result: Result
    laps: int
    led: int
    led_in_class: int
    time_ms: int
    best_ms: int | None
    fastest_in_class: bool  # their best was the fastest lap of their class in the race


@dataclass
class DriverLaps:
    """What a driver did lap by lap, over the races the archive holds every lap of."""

    races: list[DriverRace]

    def total(self, name: str) -> int:
        return sum(getattr(race, name) for race in self.races)

    @property
    def fastest_laps(self) -> int:
        return sum(race.fastest_in_class for race in self.races)


def driver_laps(driver) -> DriverLaps | None:
    """The driver's races known lap by lap (newest first), or None when there are none:
    one query then, three when there are."""
    rows = list(
        Lap.objects.filter(driver=driver)
        .values("result")
        .annotate(
            laps=Count("pk"),
            class_bests=Count("pk", filter=Q(class_best=True)),
            led=Count("pk", filter=Q(position=1)),
            led_in_class=Count("pk", filter=Q(class_position=1)),
            best=Min("time_ms"),
        )
        .order_by()
    )
    if not rows:
        return None
    at_wheel = dict(
        Stint.objects.filter(driver=driver)
        .values("result")
        .annotate(time_ms=Sum(F("ends_ms") - F("starts_ms")))
        .values_list("result", "time_ms")
    )
    results = Result.objects.select_related(
        "session__event__season__series", "session__event__race", "entry__car_class"
    )
    results = results.in_bulk([row["result"] for row in rows])
    races = [
        DriverRace(
            result=results[row["result"]],
            laps=row["laps"],
            led=row["led"],
            led_in_class=row["led_in_class"],
            time_ms=at_wheel.get(row["result"]) or 0,
            best_ms=row["best"],
            fastest_in_class=row["class_bests"] > 0,
        )
        for row in rows
    ]
    races.sort(
        key=lambda race: (race.result.session.event.start_date or datetime.date.min, race.result.pk), reverse=True
    )
    return DriverLaps(races)


@dataclass
class DriverBest:
    """A driver's best in one car's race: laps, best lap and sectors, and the sum of those."""

    driver: object
    laps: int
    lap_ms: int | None
    s1_ms: int | None
    s2_ms: int | None
    s3_ms: int | None

    @property
    def theoretical_ms(self) -> int | None:
        """The best lap the driver's best sectors would make."""
        sectors = (self.s1_ms, self.s2_ms, self.s3_ms)
        return None if None in sectors else sum(sectors)


def driver_bests(result) -> list[DriverBest]:
    """Each driver of a car's race with their laps, best lap and best sectors, fastest first: one query
    and the drivers'."""
    rows = (
        result.timed_laps.values("driver")
        .annotate(laps=Count("pk"), lap=Min("time_ms"), s1=Min("s1_ms"), s2=Min("s2_ms"), s3=Min("s3_ms"))
        .order_by(F("lap").asc(nulls_last=True))
    )
    rows = list(rows)
    drivers = Driver.objects.in_bulk([row["driver"] for row in rows])
    return [
        DriverBest(drivers[row["driver"]], row["laps"], row["lap"], row["s1"], row["s2"], row["s3"]) for row in rows
    ]


@dataclass
class RaceCar:
    """A car of a race told lap by lap: its result, its crew's drivers and its stints; the laps
    it led are counted where its class is charted."""

    result: Result
    crew: list[int]  # driver ids, in the crew's order
    stints: list[StintSpan]
    led: int = 0
    led_in_class: int = 0

    @property
    def label(self) -> str:
        return f"#{self.result.entry.number}"


def race_cars(session: Session) -> list[RaceCar]:
    """The session's cars that have laps, in finishing order, each with its crew and stints: three queries."""
    results = session.results.select_related("entry__team", "entry__car_class", "entry__car__manufacturer")
    results = list(results.order_by("position", "entry__number"))
    crews: dict[int, list[int]] = {}
    members = EntryDriver.objects.filter(entry__in=[r.entry_id for r in results]).order_by("order", "pk")
    for entry_id, driver_id in members.values_list("entry", "driver"):
        crews.setdefault(entry_id, []).append(driver_id)
    by_result: dict[int, list[StintSpan]] = {}
    for stint in session_stints(session):
        by_result.setdefault(stint.result_id, []).append(stint)
    cars = [RaceCar(result, crews.get(result.entry_id, []), by_result.get(result.pk, [])) for result in results]
    return [car for car in cars if car.stints]  # cars with laps only


def drive_time_rows(session: Session, cars: list[RaceCar]) -> list[dict]:
    """Each car's drivers with their stints, laps and time at the wheel, from the stints:
    {result, driver, car, stints, laps, time_ms}, cars in finishing order and their drivers
    longest first. Two queries."""
    rows = (
        Stint.objects.filter(result__session=session)
        .values("result", "driver")
        .annotate(
            time_ms=Sum(F("ends_ms") - F("starts_ms")),
            laps=Sum(F("last_lap") - F("first_lap") + 1),
            stints=Count("pk"),
        )
        .order_by()
    )
    drivers = Driver.objects.in_bulk({row["driver"] for row in rows})
    order = {car.result.pk: n for n, car in enumerate(cars)}
    by_result = {car.result.pk: car for car in cars}
    rows = [row | {"driver": drivers[row["driver"]], "car": by_result[row["result"]]} for row in rows]
    return sorted(rows, key=lambda row: (order[row["result"]], -row["time_ms"]))


def with_minimum_drive_times(session: Session, rows: list[dict]) -> bool:
    """Give each of drive_time_rows() its regulation minimum (`minimum_ms`, None where no rule
    applies) and how much less a driver of a car running at the finish drove (`short_by_ms`):
    the most particular rule that applies to the car's class and the driver's rating.
    Whether the session has any rule; one query, and one more when it has."""
    rules = list(MinimumDriveTime.objects.filter(session=session))
    if not rules:
        return False
    entries = {row["car"].result.entry_id for row in rows}
    ratings = {
        (entry, driver): rating
        for entry, driver, rating in EntryDriver.objects.filter(entry__in=entries).values_list(
            "entry", "driver", "fia_rating"
        )
    }
    # A car that retired is classified all the same in many series' results: what says it
    # ran to the end is its last lap ending after the winner took the flag.
    winner = next((row["car"] for row in rows if row["car"].result.position == 1), None)
    flag_ms = winner.stints[-1].ends_ms if winner is not None else None
    for row in rows:
        car, result = row["car"], row["car"].result
        rating = ratings.get((result.entry_id, row["driver"].pk), "")
        applying = [rule for rule in rules if rule.applies_to(result.entry.car_class_id, rating)]
        rule = max(applying, key=lambda rule: rule.particular, default=None)
        row["minimum_ms"] = rule.minimum_ms if rule is not None else None
        finished = flag_ms is not None and car.stints[-1].ends_ms >= flag_ms
        short = rule is not None and finished and row["time_ms"] < rule.minimum_ms
        row["short_by_ms"] = rule.minimum_ms - row["time_ms"] if short else None
    return True
