"""Who and what races in a generated archive: drivers with careers, teams, car models.

Drivers are drawn from a pool that carries over from season to season, so careers are
long (a few drivers start hundreds of races, in several series a year) and crews and
teams stay together the way real ones do. The objects made here are unsaved models:
bulk_create skips save(), so the slug and search key that save() would set are set here.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils.text import slugify

from benchdata.catalogue import (
    MAKES,
    MAKES_BY_NAME,
    MODEL_TEMPLATES,
    NAMES,
    NATIONALITY_WEIGHTS,
    TEAM_SUFFIXES,
)
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold, name_sort_key

# When no make built a kind of car in a year, the nearest kind stands in.
KIND_FALLBACK = {
    "proto2": "proto",
    "proto3": "proto2",
    "gt4": "gt",
    "touring": "gt",
    "cup": "gt",
    "roadster": "touring",
}
# Model numbers by kind of car: "963", "07", "JS P3".
MODEL_NUMBERS = {"proto": (100, 999), "proto2": (1, 99), "proto3": (2, 9)}


class Registry:
    """Names and slugs already taken, held in memory: one database query per row would be slow."""

    def __init__(self, names=(), slugs=()):
        self.names = {name.lower() for name in names}
        self.slugs = set(slugs)

    def is_free(self, name: str) -> bool:
        return name.lower() not in self.names

    def name(self, wanted: str) -> str:
        """`wanted`, or "wanted (2)" when a row of that name exists already."""
        name, n = wanted, 1
        while not self.is_free(name):
            n += 1
            name = f"{wanted} ({n})"
        self.names.add(name.lower())
        return name

    def slug(self, text: str) -> str:
        """The slug drivers.naming.unique_slug would give: "porsche-963", then "porsche-963-2"."""
        base = slugify(fold(text))[:80] or "item"
        candidate, n = base, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{base}-{n}"
        self.slugs.add(candidate)
        return candidate


@dataclass(eq=False)
class Career:
    driver: Driver
    last_year: int
    skill: float  # multiplies lap times: below 1 is faster
    quota: int  # how many series a year the driver can race in
    seats: int = 0
    series: set = field(default_factory=set)

    @property
    def rating(self) -> str:
        """The FIA driver category a timing sheet would print."""
        for limit, rating in ((0.994, "Platinum"), (0.999, "Gold"), (1.004, "Silver")):
            if self.skill < limit:
                return rating
        return "Bronze"


class DriverPool:
    """Drivers with careers: those active in a year are seated before new ones are found."""

    def __init__(self, rng: random.Random, registry: Registry):
        self.rng, self.registry = rng, registry
        self.active: list[Career] = []
        self.idle: list[Career] = []
        self.spare: list[Career] = []
        self.new: list[Driver] = []
        self.year = 0
        self._nationalities = list(NATIONALITY_WEIGHTS)
        self._nationality_weights = list(NATIONALITY_WEIGHTS.values())

    def begin_year(self, year: int) -> None:
        self.year = year
        self.active = [career for career in self.active if career.last_year >= year]
        for career in self.active:
            career.seats = 0
            career.series.clear()
        self.idle = list(self.active)
        self.rng.shuffle(self.idle)
        self.spare = []

    def keeps(self, career: Career, series_key: str) -> bool:
        """Whether a driver of last year's car drives it again this year."""
        return career.last_year >= self.year and series_key not in career.series and self.rng.random() < 0.8

    def seat(self, career: Career, series_key: str) -> Career:
        career.seats += 1
        career.series.add(series_key)
        if career.seats == 1 and career.quota > 1:
            self.spare.append(career)
        return career

    def pick(self, series_key: str, crew: list[Career]) -> Career:
        """A driver for a seat in `series_key`: an idle one, one doing another series too, or a newcomer."""
        if self.rng.random() < 0.15:
            career = self._from_spare(series_key, crew)
            if career:
                return self.seat(career, series_key)
        while self.idle:
            career = self.idle.pop()
            if career.seats == 0:
                return self.seat(career, series_key)
        career = (self.rng.random() < 0.3 and self._from_spare(series_key, crew)) or self._newcomer()
        return self.seat(career, series_key)

    def _from_spare(self, series_key: str, crew: list[Career]) -> Career | None:
        for _ in range(6):
            if not self.spare:
                return None
            career = self.spare[self.rng.randrange(len(self.spare))]
            if career.seats >= career.quota:
                self.spare.remove(career)
            elif series_key not in career.series and career not in crew:
                return career
        return None

    def _newcomer(self) -> Career:
        rng = self.rng
        country = rng.choices(self._nationalities, self._nationality_weights)[0]
        given_names, family_names = NAMES[country]
        given, family = rng.choice(given_names), rng.choice(family_names)
        full_name = f"{given} {family}"
        birth = datetime.date(self.year - rng.randint(17, 32), rng.randint(1, 12), rng.randint(1, 28))
        driver = Driver(
            given_name=given,
            family_name=family,
            slug=self.registry.slug(full_name),
            nationality=country,
            birth_date=birth,
            search_key=fold(full_name),
            sort_key=name_sort_key(given, family),
        )
        self.new.append(driver)
        length = _career_length(rng)
        # Most drivers race one series a year; long careers often two, a few three.
        if length >= 16:
            quota = 3 if rng.random() < 0.25 else 2
        else:
            quota = 2 if (length >= 8 and rng.random() < 0.6) or rng.random() < 0.15 else 1
        career = Career(driver, self.year + length - 1, rng.gauss(1.0, 0.006), quota)
        self.active.append(career)
        return career


def _career_length(rng: random.Random) -> int:
    """Most careers are short; one in fifteen lasts decades."""
    draw = rng.random()
    if draw < 0.3:
        return rng.randint(1, 2)
    if draw < 0.7:
        return rng.randint(3, 7)
    if draw < 0.93:
        return rng.randint(8, 15)
    return rng.randint(16, 32)


@dataclass(eq=False)
class TeamState:
    team: Team
    numbers: dict = field(default_factory=dict)  # series key -> the numbers its cars carry
    makes: dict = field(default_factory=dict)  # kind of car -> make it runs
    engines: dict = field(default_factory=dict)  # constructor -> engine make it buys
    last_year: int = 0


class TeamPool:
    def __init__(self, rng: random.Random, registry: Registry):
        self.rng, self.registry = rng, registry
        self.teams: list[TeamState] = []
        self.new: list[Team] = []

    def recent(self, year: int, exclude: set) -> TeamState | None:
        """A team that raced lately elsewhere and now enters one more series."""
        for _ in range(4):
            if not self.teams:
                return None
            state = self.teams[self.rng.randrange(len(self.teams))]
            if state.last_year >= year - 2 and state not in exclude:
                return state
        return None

    def found(self) -> TeamState:
        rng = self.rng
        while True:
            country = rng.choices(list(NATIONALITY_WEIGHTS), list(NATIONALITY_WEIGHTS.values()))[0]
            given_names, family_names = NAMES[country]
            family = rng.choice(family_names)
            draw = rng.random()
            if draw < 0.5:
                name = f"{family} {rng.choice(TEAM_SUFFIXES)}"
            elif draw < 0.75:
                name = f"{rng.choice(given_names)} {family} {rng.choice(TEAM_SUFFIXES)}"
            elif draw < 0.9:
                name = f"{family}-{rng.choice(family_names)} {rng.choice(TEAM_SUFFIXES)}"
            else:
                name = f"Team {family}"
            if self.registry.is_free(name):
                break
        name = self.registry.name(name)
        team = Team(name=name, slug=self.registry.slug(name), country=country, search_key=fold(name))
        self.new.append(team)
        state = TeamState(team)
        self.teams.append(state)
        return state


class Garage:
    """Car models by make, kind and year, made when a team first races one."""

    def __init__(self, seed: int, manufacturers: dict[str, Manufacturer], registry: Registry, existing: dict):
        self.seed = seed
        self.manufacturers = manufacturers
        self.registry = registry
        self.cars: dict[tuple, Car] = dict(existing)  # (make, model lower, engine make or None) -> Car
        self.quality: dict[int, float] = {}  # id(car) -> pace factor of the model
        self.new: list[Car] = []
        self._generations: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
        self._builders: dict[str, list[tuple[str, int, int]]] = {}
        for make in MAKES:
            for kind, first, last in make.kinds:
                self._builders.setdefault(kind, []).append((make.name, first, last))

    def makes_for(self, kind: str, year: int) -> list[str]:
        """Makes that built this kind of car that year, or the nearest kind's."""
        while True:
            makes = sorted({name for name, first, last in self._builders.get(kind, ()) if first <= year <= last})
            if makes or kind not in KIND_FALLBACK:
                return makes or ["Porsche"]
            kind = KIND_FALLBACK[kind]

    def builds(self, make: str, kind: str, year: int) -> bool:
        return any(k == kind and first <= year <= last for k, first, last in MAKES_BY_NAME[make].kinds)

    def kind_built(self, make: str, kind: str, year: int) -> str:
        """The kind under which `make` has a model that year: a stand-in make builds its own kind."""
        while not self.builds(make, kind, year) and kind in KIND_FALLBACK:
            kind = KIND_FALLBACK[kind]
        return kind

    def car(self, make: str, kind: str, year: int, engine: str | None) -> Car:
        kind = self.kind_built(make, kind, year)
        model = self._model(make, kind, year)
        key = (make, model.lower(), engine)
        if key not in self.cars:
            manufacturer = self.manufacturers[make]
            engine_maker = self.manufacturers[engine] if engine else None
            car = Car(manufacturer=manufacturer, model=model, engine_manufacturer=engine_maker)
            car.slug = self.registry.slug(car.full_name)
            car.search_key = fold(car.full_name)
            self.new.append(car)
            self.cars[key] = car
        car = self.cars[key]
        if id(car) not in self.quality:
            self.quality[id(car)] = random.Random(f"{self.seed}:quality:{car.slug}").gauss(1.0, 0.005)
        return car

    def _model(self, make: str, kind: str, year: int) -> str:
        generations = self._generations.get((make, kind))
        if generations is None:
            generations = self._generations[(make, kind)] = self._design(make, kind)
        for first, last, name in generations:
            if first <= year <= last:
                return name
        return generations[-1][2] if generations else f"{kind.title()} {year}"

    def _design(self, make: str, kind: str) -> list[tuple[int, int, str]]:
        """A make's model generations of one kind: a new car every four to nine years."""
        rng = random.Random(f"{self.seed}:models:{make}:{kind}")
        low, high = MODEL_NUMBERS.get(kind, (100, 999))
        used: set[str] = set()
        generations = []
        spans = sorted((first, last) for k, first, last in MAKES_BY_NAME[make].kinds if k == kind)
        for first, last in spans:
            year = first
            while year <= last:
                length = rng.randint(4, 9)
                for _ in range(20):
                    name = rng.choice(MODEL_TEMPLATES[kind]).format(n=rng.randint(low, high))
                    if name.lower() not in used:
                        break
                else:
                    name = f"{name} {year}"
                used.add(name.lower())
                generations.append((year, min(last, year + length - 1), name))
                year += length
        return generations
