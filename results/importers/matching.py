"""Find or create the archive's named things from names as a source writes them.

Names match ignoring case and accents (drivers.naming.fold: "Kevin Estre" finds "Kévin
Estre"), then, failing that, ignoring spaces, hyphens, dots and apostrophes too
("VasserSullivan" finds "Vasser Sullivan", "Roman DeAngelis" finds "Roman De Angelis").
Teams match across more variants still (`team_key`: "Porsche Penske Motorsports" finds
"Porsche Penske Motorsport", "Heart of Racing Team" finds "Heart of Racing").
A name already held is kept as written. One `Resolver` serves one import: it caches what
it found and tells the report what it created and matched.
"""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace

from drivers.chunks import in_chunks
from drivers.kept_rows import prepared
from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold, name_sort_key, unique_slug, unique_slugs
from results.importers.errors import ImportValidationError, Problem
from results.importers.report import ImportReport
from results.importers.rows import CrewMember, EventTarget
from results.models import CarClass, Circuit, Entry, Event, Race, Season, Series

_LOOSE_CHARACTERS = (" ", "-", ".", "'")


# What a person's name holds besides letters of any script, spaces, hyphens, apostrophes and
# full stops ("Jr."): digits, brackets, commas...
_ODD_IN_NAMES = re.compile(r"[^\w\s'’.\-]|[\d_]")
# ... though a comma may set off a suffix: "Dale Earnhardt, Jr.".
_SUFFIX_COMMA = re.compile(r",\s*(?=(?:jr|sr|ii|iii|iv)\.?$)", re.IGNORECASE)


def compact(text: str) -> str:
    """The folded name without spaces, hyphens, dots and apostrophes: the loose match key."""
    key = fold(text)
    for ch in _LOOSE_CHARACTERS:
        key = key.replace(ch, "")
    return key


def team_key(text: str) -> str:
    """The key that matches a team's names as entrants write them.

    The loose key, also without a plural "s" at the end of a word and without the word
    "team": timing files write "Porsche Penske Motorsports" for Porsche Penske Motorsport
    and "Heart of Racing Team" for Heart of Racing.
    """
    words = [word.removesuffix("s") if len(word) > 3 else word for word in fold(text).split()]
    return "".join(compact(word) for word in words if word != "team")


def _compact_search_key():
    expression = F("search_key")
    for ch in _LOOSE_CHARACTERS:
        expression = Replace(expression, Value(ch), Value(""))
    return expression


def find_named(queryset, name: str, *, attr: str = "name") -> list:
    """Objects of `queryset` whose `attr` is `name` ignoring case and accents, else loosely.

    Works for every model with a `search_key` that contains its folded name. Oldest first,
    so that a name held twice resolves the same way every time.
    """
    candidates = queryset.filter(search_key__contains=fold(name))
    return _named_exactly(candidates, name, attr) or find_loosely(queryset, name, attr=attr)


def find_loosely(queryset, name: str, *, attr: str = "name") -> list:
    """Objects of `queryset` whose `attr` is `name` ignoring also spaces, hyphens, dots, apostrophes."""
    candidates = queryset.annotate(loose_key=_compact_search_key()).filter(loose_key__contains=compact(name))
    return _named_loosely(candidates, name, attr)


def named_among(objects, name: str, *, attr: str = "name") -> list:
    """`find_named` over objects already in memory."""
    return _named_exactly(objects, name, attr) or _named_loosely(objects, name, attr)


def _named_exactly(objects, name: str, attr: str) -> list:
    key = fold(name)
    return sorted((obj for obj in objects if fold(getattr(obj, attr)) == key), key=lambda obj: obj.pk)


def _named_loosely(objects, name: str, attr: str) -> list:
    loose = compact(name)
    return sorted((obj for obj in objects if compact(getattr(obj, attr)) == loose), key=lambda obj: obj.pk)


class HeldTeam(NamedTuple):
    """A team of the archive in the resolver's index: its primary key and name (sorted, oldest first)."""

    pk: int
    name: str


class Resolver:
    """Find-or-create by name for one import, reporting into `report`."""

    def __init__(self, report: ImportReport):
        self.report = report
        self._cache: dict[tuple, object] = {}
        # Folded name -> drivers, found by prefetch_drivers exactly or loosely.
        self._exact_drivers: dict[str, list[Driver]] = {}
        self._loose_drivers: dict[str, list[Driver]] = {}
        self._teams: dict[str, list[HeldTeam]] | None = None  # team_key -> teams, loaded once
        self._team_objects: dict[int, Team] = {}  # the teams of the index that were asked for
        self._entrants: dict[str, Team | None] = {}  # lower-case entrant name -> the team it was
        self._makes: dict[str, list[Manufacturer]] | None = None  # folded and loose names -> makes
        self._alone: dict[str, Driver] | None = None  # loose family name -> a driver held without a given name
        self._made_events: dict[int, list[Event]] = {}  # season id -> the events this import made in it

    # Bookkeeping -------------------------------------------------------------------

    def created(self, kind: str, obj, label: str | None = None):
        self.report.record("created", kind, label or str(obj), key=obj.pk)
        return obj

    def matched(self, kind: str, obj):
        self.report.note_match(kind, obj.pk)
        return obj

    def changed(self, kind: str, obj, fields: list[str], label: str | None = None) -> None:
        # A change to something this import created is part of its creation.
        if fields and not self.report.was_created(kind, obj.pk):
            self.report.record("changed", kind, label or str(obj), fields)

    def _one(self, kind: str, found: list, name: str):
        if len(found) > 1:
            self.report.warnings.append(f"{len(found)} {kind} records are named “{name}”: used the oldest.")
        return self.matched(kind, found[0])

    def _cached(self, key: tuple, make):
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    # The calendar --------------------------------------------------------------------

    def _by_name(self, kind: str, model, name: str, **new):
        """The `model` object named `name`, or a new one with the `new` values."""

        def make():
            found = find_named(model.objects.all(), name)
            if found:
                return self._one(kind, found, name)
            return self.created(kind, model.objects.create(name=name, **new))

        return self._cached((kind, fold(name)), make)

    def series(self, name: str) -> Series:
        return self._by_name("series", Series, name)

    def season(self, series: Series, year: int) -> Season:
        def make():
            season = Season.objects.filter(series=series, year=year).first()
            if season:
                return self.matched("season", season)
            return self.created("season", Season.objects.create(series=series, year=year))

        return self._cached(("season", series.pk, year), make)

    def circuit(self, name: str) -> Circuit:
        first_time = ("circuit", fold(name)) not in self._cache
        circuit = self._by_name("circuit", Circuit, name)
        if first_time and self.report.was_created("circuit", circuit.pk):
            self.report.warnings.append(f"Circuit “{name}” is new: give it a time zone, place and country.")
        return circuit

    def race(self, name: str, circuit: Circuit | None) -> Race:
        return self._by_name("race", Race, name, circuit=circuit)

    def event(self, target: EventTarget) -> Event:
        key = ("event", fold(target.series), target.year, fold(target.name), fold(target.race))
        return self._cached(key, lambda: self._event(target))

    def _event(self, target: EventTarget) -> Event:
        if target.pk is not None:
            event = Event.objects.select_related("circuit", "season__series").filter(pk=target.pk).first()
            if event is None:
                raise ImportValidationError(Problem(target.line, "event", "this event is no longer in the archive"))
            return self.matched("event", event)
        season = self.season(self.series(target.series), target.year) if target.series else None
        circuit = self.circuit(target.circuit) if target.circuit else None
        race = self.race(target.race, circuit) if target.race else None
        if season is None and race is None:
            raise ImportValidationError(
                Problem(target.line, "series", "an event needs a series, or a race it is an edition of")
            )
        held = Event.objects.select_related("circuit", "season__series")
        event = held.filter(race=race, year=target.year).first() if race else None
        if event is None and season is not None:
            found = self._season_events_named(season, target.name)
            event = found[0] if found else None
        wanted = {
            "circuit": circuit,
            "round": target.round,
            "start_date": target.start_date,
            "end_date": target.end_date,
            "status": target.status or None,
        }
        if event is None:
            event = Event(season=season, race=race, year=target.year, name=target.name)
            if season is None:
                # Editions without a season share one slug space: "rolex-24-at-daytona-1992", not "-22".
                event.slug = unique_slug(Event, f"{target.name} {target.year}", scope={"season": None})
            apply_values(event, wanted)
            event.save()
            if season is not None:
                self._made_events.setdefault(season.pk, []).append(event)
            return self.created("event", event)
        self.matched("event", event)
        if season is not None and event.season_id not in (None, season.pk):
            raise ImportValidationError(
                Problem(target.line, "series", f"the {target.year} {event.name} is already held in {event.season}")
            )
        if race is not None and event.race_id not in (None, race.pk):
            raise ImportValidationError(
                Problem(target.line, "race", f"the {target.year} {event.name} is held as an edition of {event.race}")
            )
        wanted |= {"season": season, "race": race}
        if fold(event.name) != fold(target.name):
            wanted["name"] = target.name
        fields = apply_values(event, wanted)
        if fields:
            event.save()
            self.changed("event", event, fields)
        return event

    def _season_events_named(self, season: Season, name: str) -> list[Event]:
        """The season's events named `name`, as find_named finds them. A season this import
        made holds only the events it made: a history of 200 races asked for each in vain."""
        if not self.report.was_created("season", season.pk):
            return find_named(Event.objects.select_related("circuit", "season__series").filter(season=season), name)
        return named_among(self._made_events.get(season.pk, []), name)

    def car_class(self, series: Series, code: str) -> CarClass:
        def make():
            held = list(CarClass.objects.filter(series=series))
            found = [c for c in held if fold(c.code) == fold(code)] or [c for c in held if fold(c.name) == fold(code)]
            if found:
                return self.matched("class", found[0])
            order = max((c.order for c in held), default=0) + 1
            self.report.warnings.append(f"Class “{code}” is new in {series}: give it a display name and colour.")
            car_class = CarClass.objects.create(series=series, code=code, name=code, order=order)
            return self.created("class", car_class, f"{code} ({series})")

        return self._cached(("class", series.pk, fold(code)), make)

    # Who and what competes ---------------------------------------------------------------

    def team(self, name: str, *, held: Team | None = None) -> tuple[Team, str]:
        """The team and, when `name` is not the team's own name, `name` as the car was entered.

        A name no team has and no car was entered under is a new team, unless the car is
        `held` by a team already: then the name is how that team entered it ("Ford Multimatic
        Motorsports" for Multimatic).
        """
        team, entered_as = self.find_team(name)
        if team is not None:
            return team, entered_as
        if held is not None:
            return self.matched("team", held), name
        team = self.created("team", Team.objects.create(name=name))
        self._team_index().setdefault(team_key(name), []).append(team)
        self._cache[("team", fold(name))] = (team, "")
        return team, ""

    def find_team(self, name: str) -> tuple[Team | None, str]:
        def find():
            index = self._team_index()
            found = index.get(team_key(name), [])
            found = [t for t in found if fold(t.name) == fold(name)] or found
            if found:
                team = self._one("team", [self._team(held) for held in sorted(found)], name)
                return team, "" if fold(team.name) == fold(name) else name
            # "Wayne Taylor Racing with Andretti" is how Wayne Taylor Racing entered a car.
            self.prefetch_entrants([name])
            earlier = self._entrants[name.lower()]
            if earlier:
                return self.matched("team", earlier), name
            return None, ""

        key = ("team", fold(name))
        if key not in self._cache:
            found = find()
            if found[0] is None:
                return found  # not cached: team() may create it
            self._cache[key] = found
        return self._cache[key]

    def prefetch_entrants(self, names: list[str]) -> None:
        """The teams that entered cars under `names`, the oldest entry's, in one query."""
        wanted = {name.lower() for name in names} - self._entrants.keys()
        if not wanted:
            return
        # Unordered, and sorted here: asked for in id order, PostgreSQL walks every entry by
        # its id rather than look the few names up in their index (entry_entrant_lower).
        earlier = (
            Entry.objects.annotate(entered_as=Lower("entrant_name"))
            .filter(entered_as__in=wanted, team__isnull=False)
            .select_related("team")
            .order_by()
        )
        found = {}
        for entry in sorted(earlier, key=lambda entry: entry.pk):
            found.setdefault(entry.entered_as, entry.team)  # the oldest entry's team
        for name in wanted:
            self._entrants[name] = found.get(name)

    def create_teams(self, names: list[str]) -> None:
        """Make, in one query, the teams named in `names` that no team is and no car was entered as."""
        self.prefetch_entrants(names)
        new: dict[str, Team] = {}
        for name in names:
            if team_key(name) not in new and self.find_team(name)[0] is None:
                new[team_key(name)] = Team(name=name, search_key=fold(name))
        for team in _bulk_create(Team, new.values(), [team.name for team in new.values()]):
            self.created("team", team)
            self._team_index().setdefault(team_key(team.name), []).append(HeldTeam(team.pk, team.name))
            self._team_objects[team.pk] = team

    def _team_index(self) -> dict[str, list[HeldTeam]]:
        # Every team in one query: a variant key cannot be searched in SQL, and teams are few.
        # Read as rows, not objects: 6,500 Teams took 80 ms to make, their rows 16 ms.
        if self._teams is None:
            self._teams = {}
            for held in Team.objects.order_by().values_list("pk", "name"):
                self._teams.setdefault(team_key(held[1]), []).append(HeldTeam(*held))
        return self._teams

    def _team(self, held: HeldTeam) -> Team:
        """The Team of an index row, as Team.objects.only("pk", "name") would have read it."""
        if held.pk not in self._team_objects:
            self._team_objects[held.pk] = Team.from_db(Team.objects.db, ["id", "name"], [held.pk, held.name])
        return self._team_objects[held.pk]

    def manufacturer(self, name: str) -> Manufacturer:
        self.make_manufacturers([name])
        return self._cache[("manufacturer", fold(name))]

    def make_manufacturers(self, names: list[str]) -> None:
        """Find the makes `names` name, by name or loosely ("Mercedes AMG"), and make the
        missing ones: every make read in one query (they are few), the new saved in one."""
        names = list(dict.fromkeys(n for n in names if ("manufacturer", fold(n)) not in self._cache))
        if not names:
            return
        if self._makes is None:
            self._makes = {}
            for held in Manufacturer.objects.order_by("pk"):
                for key in {fold(held.name), compact(held.name)}:
                    self._makes.setdefault(key, []).append(held)
        new: dict[str, Manufacturer] = {}
        for name in names:
            found = self._makes.get(fold(name)) or self._makes.get(compact(name))
            if found:
                self._cache[("manufacturer", fold(name))] = self._one("manufacturer", found, name)
            elif compact(name) in new:
                self._cache[("manufacturer", fold(name))] = new[compact(name)]
            else:
                new[compact(name)] = self._cache[("manufacturer", fold(name))] = Manufacturer(
                    name=name, search_key=fold(name)
                )
        for made in _bulk_create(Manufacturer, new.values(), [m.name for m in new.values()]):
            self.created("manufacturer", made)
            for key in {fold(made.name), compact(made.name)}:
                self._makes.setdefault(key, []).append(made)

    def car(self, make_name: str, model: str, engine_name: str = "") -> Car:
        self.make_cars([(make_name, model, engine_name)])
        return self._cache[("car", fold(make_name), fold(model), fold(engine_name))]

    def make_cars(self, specs: list[tuple[str, str, str]]) -> None:
        """Find or make the cars `specs` name as (make, model, engine make), in a few queries.

        A car is its make's model with that engine make; failing that, the car whose whole
        name is the same loosely ("Mercedes AMG GT3" is the "Mercedes-AMG GT3" held,
        whatever the split). The chassis maker's own engine is stored as no engine make.
        """
        specs = [s for s in dict.fromkeys(specs) if ("car", *map(fold, s)) not in self._cache]
        if not specs:
            return
        self.make_manufacturers([name for make, _, engine in specs for name in (make, engine) if name])
        wanted = {}
        for make, model, engine_name in specs:
            maker = self.manufacturer(make)
            engine = self.manufacturer(engine_name) if engine_name else None
            wanted[(make, model, engine_name)] = (maker, model, None if engine is None or engine == maker else engine)
        held: dict[tuple, list[Car]] = {}
        for car in Car.objects.filter(manufacturer__in={maker for maker, _, _ in wanted.values()}).order_by("pk"):
            held.setdefault((car.manufacturer_id, car.engine_manufacturer_id, fold(car.model)), []).append(car)
        missing = {}
        for spec, (maker, model, engine) in wanted.items():
            found = held.get((maker.pk, engine and engine.pk, fold(model)))
            if found:
                self._cache[("car", *map(fold, spec))] = self.matched("car", found[0])
            else:
                written = " ".join(part for part in (maker.name, model, engine.name if engine else "") if part)
                missing[spec] = compact(written)
        loosely: dict[str, list[Car]] = {}
        if missing:
            candidates = Car.objects.annotate(loose_key=_compact_search_key()).filter(loose_key__in=missing.values())
            for car in candidates.order_by("pk"):
                loosely.setdefault(car.loose_key, []).append(car)
        new: dict[tuple, Car] = {}
        for spec, loose in missing.items():
            maker, model, engine = wanted[spec]
            found = [car for car in loosely.get(loose, []) if car.engine_manufacturer_id == (engine and engine.pk)]
            key = ("car", *map(fold, spec))
            if found:
                self._cache[key] = self.matched("car", found[0])
                continue
            same = (maker.pk, engine and engine.pk, fold(model))
            if same not in new:
                car = Car(manufacturer=maker, model=model, engine_manufacturer=engine)
                car.search_key = fold(car.full_name)
                new[same] = car
            self._cache[key] = new[same]
        for car in _bulk_create(Car, new.values(), [car.full_name for car in new.values()]):
            self.created("car", car, car.full_name.strip())

    def prefetch_drivers(self, members: list[CrewMember]) -> None:
        """Look up many drivers' exact names in a query (a few for thousands), for the rows about to be written."""
        keys = {fold(m.full_name) for m in members}
        keys = {key for key in keys if key not in self._exact_drivers and ("driver", key) not in self._cache}
        if not keys:
            return
        for key in keys:
            self._exact_drivers[key] = []
        for chunk in in_chunks(sorted(keys)):
            for driver in Driver.objects.filter(search_key__in=chunk).order_by("pk"):
                self._exact_drivers[driver.search_key].append(driver)
        unmatched = {compact(key): key for key in keys if not self._exact_drivers[key]}
        if unmatched:
            for chunk in in_chunks(sorted(unmatched)):
                loosely = Driver.objects.annotate(loose_key=_compact_search_key()).filter(loose_key__in=chunk)
                for driver in loosely.order_by("pk"):
                    self._loose_drivers.setdefault(unmatched[compact(driver.full_name)], []).append(driver)
            for key in unmatched.values():
                self._loose_drivers.setdefault(key, [])

    def find_driver(self, member: CrewMember) -> Driver | None:
        key = ("driver", fold(member.full_name))
        if key in self._cache:
            return self._cache[key]
        found = self._exact_drivers.pop(key[1], None)
        if found is None:
            found = find_named(Driver.objects.all(), member.full_name, attr="full_name")
        elif not found:
            found = self._loose_drivers.pop(key[1], None)
            if found is None:
                found = find_loosely(Driver.objects.all(), member.full_name, attr="full_name")
        if not found:
            return None
        driver = self._cache[key] = self._one("driver", found, member.full_name)
        return driver

    def create_drivers(self, members: list[tuple[CrewMember, list[Driver]]]) -> None:
        """Make, in one query, the drivers of `members` the archive does not hold.

        Each member comes with the drivers it may complete (see `driver`): a family name
        held alone in the same car is that driver, not a new one.
        """
        new: dict[str, Driver] = {}
        for member, completes in members:
            key = fold(member.full_name)
            if key in new or self.find_driver(member) is not None or _completed(member, completes):
                continue
            new[key] = Driver(
                given_name=member.given_name,
                family_name=member.family_name,
                nationality=member.nationality,
                hometown=member.hometown,
                search_key=key,
                sort_key=name_sort_key(member.given_name, member.family_name),
            )
        self._warn_of_family_names(list(new.values()))
        self._warn_of_odd_characters(list(new.values()))
        self._warn_of_near_names(list(new.values()))
        for driver in _bulk_create(Driver, new.values(), [driver.full_name for driver in new.values()]):
            self._cache[("driver", driver.search_key)] = self.created("driver", driver)

    def _warn_of_near_names(self, new: list[Driver]) -> None:
        """Say so when a new driver is probably one the archive holds, spelt otherwise: "Fred
        Makowiecki" beside "Frederic Makowiekci" (a shortened given name, a family name one
        slip away). Read in one query, over the held drivers whose family name begins alike."""
        starts = {fold(driver.family_name)[:3] for driver in new if len(fold(driver.family_name)) >= 3}
        if not starts or len(new) > NEAR_NAMES_CHECKED:
            return
        alike = Q()
        for start in starts:
            alike |= Q(search_key__contains=start)
        held: dict[str, list[Driver]] = {}
        for other in Driver.objects.filter(alike):
            held.setdefault(fold(other.family_name)[:3], []).append(other)
        for driver in new:
            bucket = held.get(fold(driver.family_name)[:3], [])
            near = next((other for other in bucket if probably_one(driver, other)), None)
            if near is not None:
                self.report.warnings.append(
                    f"Driver “{driver.full_name}” is new, and is probably “{near.full_name}”, whom the archive holds: "
                    "if so, write the name as the archive does and import again."
                )

    def _warn_of_odd_characters(self, new: list[Driver]) -> None:
        """Say so when a new driver's name holds what names rarely do: a source cut short or
        garbled ("Krages)"), or a title run into the name ("Francis Curzon, Earl")."""
        for driver in new:
            odd = sorted(set(_ODD_IN_NAMES.findall(_SUFFIX_COMMA.sub(" ", driver.full_name))))
            if odd:
                shown = " ".join(f"“{ch}”" for ch in odd)
                self.report.warnings.append(
                    f"Driver “{driver.full_name}” is new and their name holds {shown}: check how the source wrote it."
                )

    def _warn_of_family_names(self, new: list[Driver]) -> None:
        """Say so when a new driver's family name is that of a driver held without a given name.

        A report naming only "Goikhberg" at one race and a timing file naming "Misha
        Goikhberg" at the next are likely one person; in another car, the import cannot tell.
        The drivers held so are read once per import, and those it creates are added first:
        the file's own "Goikhberg" counts too.
        """
        if not new:
            return
        if self._alone is None:
            self._alone = {}
            for held in Driver.objects.filter(given_name="").order_by("pk"):
                self._alone.setdefault(compact(held.family_name), held)
        for driver in new:
            if not driver.given_name:
                self._alone.setdefault(compact(driver.family_name), driver)
        for driver in new:
            held = self._alone.get(compact(driver.family_name))
            if driver.given_name and held is not None:
                self.report.warnings.append(
                    f"{driver} is new, and the archive holds a driver known only as “{held}”: "
                    "check whether they are one driver."
                )

    def driver(self, member: CrewMember, *, completes: list[Driver] = ()) -> Driver:
        """The driver named by `member`, created if new.

        `completes` are drivers held with a family name only (a report named "Goikhberg")
        in the same car: one of those with this family name is this driver, and gets the
        given name now known instead of a second record.
        """
        driver = self.find_driver(member)
        if driver is None:
            driver = _completed(member, completes)
            if driver is not None:
                old_label = str(driver)
                self.report.keep_before("driver", driver.pk, {"given_name": driver.given_name})
                driver.given_name = member.given_name
                driver.save()
                self.changed("driver", driver, ["given_name"], f"{old_label} → {driver}")
                self.matched("driver", driver)
            else:
                driver = Driver.objects.create(
                    given_name=member.given_name,
                    family_name=member.family_name,
                    nationality=member.nationality,
                    hometown=member.hometown,
                )
                self.created("driver", driver)
            self._cache[("driver", fold(member.full_name))] = driver
        if not member.nationality and not member.hometown:
            # Nothing to fill in; and reading a nationality builds a Country, which for a
            # history's 30,000 crew members was a tenth of its import.
            return driver
        was = {"nationality": driver.nationality, "hometown": driver.hometown}
        fields = apply_values(
            driver,
            {"nationality": member.nationality or None, "hometown": member.hometown or None},
            only_blank=True,
        )
        if fields:
            self.report.keep_before("driver", driver.pk, prepared(Driver, {name: was[name] for name in fields}))
            driver.save(update_fields=fields)
            self.changed("driver", driver, fields)
        return driver


# An import that creates more drivers than this (a whole history) is not checked for near
# names: it would compare each with thousands, and its drivers are mostly new anyway.
NEAR_NAMES_CHECKED = 200
# How alike two family names must be (difflib's ratio, folded) to be one name slipped.
NEAR_FAMILY_NAMES = 0.85


def probably_one(new: Driver, held: Driver) -> bool:
    """Whether two differently written drivers are probably one: family names one slip apart
    and given names alike, or one the short form of the other ("Fred", "Frederic")."""
    new_family, held_family = fold(new.family_name), fold(held.family_name)
    new_given, held_given = fold(new.given_name), fold(held.given_name)
    if (new_family, new_given) == (held_family, held_given) or not new_given or not held_given:
        return False
    if SequenceMatcher(None, new_family, held_family).ratio() < NEAR_FAMILY_NAMES:
        return False
    return (
        new_given.startswith(held_given)
        or held_given.startswith(new_given)
        or SequenceMatcher(None, new_given, held_given).ratio() >= NEAR_FAMILY_NAMES
    )


def _completed(member: CrewMember, completes: list[Driver]) -> Driver | None:
    """The driver of `completes` held with `member`'s family name only, if any."""
    family = compact(member.family_name)
    return next((held for held in completes if not held.given_name and compact(held.family_name) == family), None)


def _bulk_create(model, objects, names: list[str]) -> list:
    """Save new named objects in one query. Their save() would make each slug with a query
    of its own; here the slugs are made together, and the search key set as save() sets it."""
    objects = list(objects)
    for obj, slug in zip(objects, unique_slugs(model, names), strict=True):
        obj.slug = slug
    return model.objects.bulk_create(objects)


def apply_values(obj, values: dict, *, only_blank: bool = False) -> list[str]:
    """Set the attributes of `obj` that `values` gives (None: not given) and differ; return their names.

    With `only_blank`, only attributes that are still blank are filled: facts an editor
    already holds are not overwritten by a later source.
    """
    fields = []
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, models.Model):
            # Compare keys, so that an unchanged foreign key costs no query.
            if getattr(obj, f"{name}_id") != value.pk:
                setattr(obj, name, value)
                fields.append(name)
            continue
        current = getattr(obj, name)
        if only_blank and current not in ("", None):
            continue
        if current != value:
            setattr(obj, name, value)
            fields.append(name)
    return fields
