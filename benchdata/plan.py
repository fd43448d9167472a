"""The calendar of a generated archive: which events, how many cars, how many results.

Planned backwards from the last season until the archive holds exactly the number of
results asked for, so every archive ends in the same year and reaches as far back as its
size needs. Nothing here touches the database: planning is cheap, and an impossible size
is refused before anything is written.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from benchdata.catalogue import (
    ALL_SERIES,
    CIRCUITS_BY_KEY,
    END_YEAR,
    FIRST_POSSIBLE_YEAR,
    RACES,
    SERIES,
    SPONSORS,
    CircuitSpec,
    RaceSpec,
    SeriesSpec,
)

# Before this year the archive knows no qualifying results, only race classifications.
QUALIFYING_KNOWN_FROM = 1965
TWO_QUALIFYING_SESSIONS_FROM = 1990
# Before this year some classifications survive only in part: the top of the order.
FULL_CLASSIFICATIONS_FROM = 1970


class GenerationError(Exception):
    """The archive asked for cannot be generated."""


@dataclass
class PlannedSession:
    kind: str  # "qualifying" or "race"
    name: str
    results: int  # how many cars of the event have a result in it
    class_only: int = 0  # of those, cars known only by their class position
    split: bool = False  # qualified in groups of classes


@dataclass
class PlannedEvent:
    series: SeriesSpec | None
    race: RaceSpec | None
    year: int
    circuit: CircuitSpec
    name: str
    race_day: datetime.date
    round: int | None
    minutes: int
    entries: int
    sessions: list[PlannedSession] = field(default_factory=list)
    cancelled: bool = False

    @property
    def results(self) -> int:
        return sum(s.results for s in self.sessions)

    @property
    def key(self) -> str:
        """A name for this event's random streams, stable whatever else the archive holds."""
        owner = self.series.key if self.series else "historic"
        return f"{owner}:{self.year}:{self.circuit.key}:{self.race_day.isoformat()}"

    def trim(self, results: int) -> None:
        """Keep exactly `results` results: the oldest event of an archive is cut to fit.

        Every session keeps at most as many cars as the race has; a session left with
        fewer cars than were entered is marked partial when it is written.
        """
        per_session = math.ceil(results / len(self.sessions))
        self.entries = min(self.entries, per_session)
        left = results
        for session in sorted(self.sessions, key=lambda s: s.kind != "race"):
            session.results = min(per_session, left)
            session.class_only = 0
            session.split = False
            left -= session.results
        self.sessions = [s for s in self.sessions if s.results]


def plan_archive(*, results: int, seed: int) -> list[PlannedEvent]:
    """Events holding exactly `results` results in all, oldest first.

    An archive larger than the main series hold also takes in the regional championships
    (catalogue.REGIONAL_SERIES); a smaller one is planned from the main series alone.
    """
    if results < 1:
        raise GenerationError("An archive needs at least one result.")
    try:
        return _plan(results, seed, SERIES)
    except GenerationError:
        return _plan(results, seed, ALL_SERIES)


def _plan(results: int, seed: int, series: list[SeriesSpec]) -> list[PlannedEvent]:
    planned: list[PlannedEvent] = []
    total = 0
    for year in range(END_YEAR, FIRST_POSSIBLE_YEAR - 1, -1):
        for event in reversed(plan_year(year, seed, series)):
            if total + event.results >= results and not event.cancelled:
                event.trim(results - total)
                planned.append(event)
                return planned[::-1]
            planned.append(event)
            total += event.results
    raise GenerationError(
        f"The generator's calendar holds {total:,} results from {FIRST_POSSIBLE_YEAR} to {END_YEAR}; "
        f"ask for at most that many."
    )


def plan_year(year: int, seed: int, series: list[SeriesSpec] = SERIES) -> list[PlannedEvent]:
    """Every event of one year of `series`, in date order (series in catalogue order on the same day)."""
    events = []
    for spec in series:
        if spec.first <= year <= spec.last:
            events.extend(_plan_season(spec, year, seed))
    for race in RACES:
        if race.first <= year and race.owner(year) is None:
            events.append(_plan_historic_edition(race, year, seed))
    order = {s.key: i for i, s in enumerate(series)}
    events.sort(key=lambda e: (e.race_day, order.get(e.series.key, 99) if e.series else 99))
    return events


def _plan_season(series: SeriesSpec, year: int, seed: int) -> list[PlannedEvent]:
    rng = random.Random(f"{seed}:calendar:{series.key}:{year}")
    races = [r for r in RACES if r.owner(year) == series.key and r.first <= year]
    cars = rng.randint(*series.cars)
    taken = {r.circuit for r in races}
    free = [v for v in series.venues if v not in taken]
    rounds = min(len(free), max(0, rng.randint(*series.events) - len(races)))
    venues = rng.sample(free, rounds)
    # Rounds fill the season between mid-February and late November around the classics.
    step = 280 / max(1, len(venues))
    start = datetime.date(year, 2, 14)
    days = [start + datetime.timedelta(days=int(i * step) + rng.randint(0, 9)) for i in range(rounds)]
    slots = [(race.circuit, race, datetime.date(year, race.month, race.day), race.minutes) for race in races]
    slots += [(venue, None, day, series.race_minutes) for venue, day in zip(venues, days, strict=True)]
    slots = [(venue, race, _next_weekend(day), minutes) for venue, race, day, minutes in slots]
    slots.sort(key=lambda s: s[2])
    events, rounds = [], 0
    for venue, race, day, minutes in slots:
        circuit = CIRCUITS_BY_KEY[venue]
        name = _edition_name(race, year, seed) if race else _round_name(series, circuit, year, seed)
        entries = cars if minutes >= 600 else cars - rng.randint(0, cars // 5)
        event = PlannedEvent(series, race, year, circuit, name, day, None, minutes, entries)
        # A cancelled event keeps its place in the calendar but is no round of the season.
        event.cancelled = rng.random() < (0.35 if year == 2020 else 0.01)
        if not event.cancelled:
            rounds += 1
            event.round = rounds
            event.sessions = _sessions(series, year, entries, rng)
        events.append(event)
    return events


def _sessions(series: SeriesSpec, year: int, entries: int, rng: random.Random) -> list[PlannedSession]:
    if year < FULL_CLASSIFICATIONS_FROM and rng.random() < 0.4:
        known = min(entries, rng.randint(10, 25))
        class_only = min(2, entries - known) if series.classes else 0
        return [PlannedSession("race", "Race", known + class_only, class_only=class_only)]
    sessions = []
    if series.races_per_event == 1:
        if year >= QUALIFYING_KNOWN_FROM:
            split = bool(series.split_qualifying) and year >= series.split_qualifying_from
            sessions.append(PlannedSession("qualifying", "Qualifying", entries, split=split))
        return [*sessions, PlannedSession("race", "Race", entries)]
    # Two races a weekend: since 1990 each race's grid has its own qualifying session.
    races = range(1, series.races_per_event + 1)
    if year >= TWO_QUALIFYING_SESSIONS_FROM:
        sessions += [PlannedSession("qualifying", f"Qualifying {n}", entries) for n in races]
    elif year >= QUALIFYING_KNOWN_FROM:
        sessions.append(PlannedSession("qualifying", "Qualifying", entries))
    return sessions + [PlannedSession("race", f"Race {n}", entries) for n in races]


def _plan_historic_edition(race: RaceSpec, year: int, seed: int) -> PlannedEvent:
    """An edition from before any series of the archive ran the race: only its top finishers."""
    rng = random.Random(f"{seed}:calendar:{race.key}:{year}")
    day = _next_weekend(datetime.date(year, race.month, race.day))
    known = rng.randint(8, 30)
    event = PlannedEvent(
        None, race, year, CIRCUITS_BY_KEY[race.circuit], _edition_name(race, year, seed), day, None, race.minutes, known
    )
    event.sessions = [PlannedSession("race", "Race", known)]
    return event


def _next_weekend(day: datetime.date) -> datetime.date:
    """The Saturday on or after `day`: race day."""
    return day + datetime.timedelta(days=(5 - day.weekday()) % 7)


def _edition_name(race: RaceSpec, year: int, seed: int) -> str:
    """The race's name that year: plain, or a title sponsor's for a decade or so."""
    rng = random.Random(f"{seed}:title:{race.key}:{(year - race.first) // 9}")
    return f"{rng.choice(SPONSORS)} {race.name}" if rng.random() < 0.45 else race.name


def _round_name(series: SeriesSpec, circuit: CircuitSpec, year: int, seed: int) -> str:
    rng = random.Random(f"{seed}:title:{series.key}:{circuit.key}:{year // 8}")
    name = f"{circuit.place} {rng.choice(series.round_names)}"
    return f"{rng.choice(SPONSORS)} {name}" if rng.random() < 0.3 else name
