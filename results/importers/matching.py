"""Find or create the archive's named things from names as a source writes them.

Names match ignoring case and accents (drivers.naming.fold: "Kevin Estre" finds "Kévin
Estre"), then, failing that, ignoring spaces, hyphens, dots and apostrophes too
("VasserSullivan" finds "Vasser Sullivan", "Roman DeAngelis" finds "Roman De Angelis").
Teams match across more variants still (`team_key`: "Porsche Penske Motorsports" finds
"Porsche Penske Motorsport", "Heart of Racing Team" finds "Heart of Racing").
A name already held is kept as written. One `Resolver` serves one import: it caches what
it found and tells the report what it created and matched.
"""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Replace

from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold, unique_slug
from results.importers.errors import ImportValidationError, Problem
from results.importers.report import ImportReport
from results.importers.rows import CrewMember, EventTarget
from results.models import CarClass, Circuit, Entry, Event, Race, Season, Series

_LOOSE_CHARACTERS = (" ", "-", ".", "'")


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
    key = fold(name)
    found = [obj for obj in queryset.filter(search_key__contains=key) if fold(getattr(obj, attr)) == key]
    return sorted(found, key=lambda obj: obj.pk) or find_loosely(queryset, name, attr=attr)


def find_loosely(queryset, name: str, *, attr: str = "name") -> list:
    """Objects of `queryset` whose `attr` is `name` ignoring also spaces, hyphens, dots, apostrophes."""
    loose = compact(name)
    candidates = queryset.annotate(loose_key=_compact_search_key()).filter(loose_key__contains=loose)
    return sorted((obj for obj in candidates if compact(getattr(obj, attr)) == loose), key=lambda obj: obj.pk)


class Resolver:
    """Find-or-create by name for one import, reporting into `report`."""

    def __init__(self, report: ImportReport):
        self.report = report
        self._cache: dict[tuple, object] = {}
        # Folded name -> drivers, found by prefetch_drivers exactly or loosely.
        self._exact_drivers: dict[str, list[Driver]] = {}
        self._loose_drivers: dict[str, list[Driver]] = {}
        self._teams: dict[str, list[Team]] | None = None  # team_key -> teams, loaded once

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
            found = find_named(held.filter(season=season), target.name)
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
                team = self._one("team", sorted(found, key=lambda t: t.pk), name)
                return team, "" if fold(team.name) == fold(name) else name
            # "Wayne Taylor Racing with Andretti" is how Wayne Taylor Racing entered a car.
            earlier = Entry.objects.filter(entrant_name__iexact=name, team__isnull=False).select_related("team")
            earlier = earlier.order_by("pk").first()
            if earlier:
                return self.matched("team", earlier.team), name
            return None, ""

        key = ("team", fold(name))
        if key not in self._cache:
            found = find()
            if found[0] is None:
                return found  # not cached: team() may create it
            self._cache[key] = found
        return self._cache[key]

    def _team_index(self) -> dict[str, list[Team]]:
        # Every team in one query: a variant key cannot be searched in SQL, and teams are few.
        if self._teams is None:
            self._teams = {}
            for team in Team.objects.only("pk", "name"):
                self._teams.setdefault(team_key(team.name), []).append(team)
        return self._teams

    def manufacturer(self, name: str) -> Manufacturer:
        return self._by_name("manufacturer", Manufacturer, name)

    def car(self, make_name: str, model: str, engine_name: str = "") -> Car:
        def make():
            maker = self.manufacturer(make_name)
            engine = self.manufacturer(engine_name) if engine_name else None
            if engine is not None and engine.pk == maker.pk:
                engine = None  # the chassis maker's own engine is stored as no engine make
            held = Car.objects.filter(manufacturer=maker, engine_manufacturer=engine)
            found = [car for car in held if fold(car.model) == fold(model)]
            if not found:
                # "Mercedes AMG GT3" is the "Mercedes-AMG GT3" held, whatever the split.
                written = " ".join(part for part in (make_name, model, engine_name if engine else "") if part)
                loose = compact(written)
                candidates = Car.objects.annotate(loose_key=_compact_search_key()).filter(loose_key=loose)
                found = [car for car in candidates if (car.engine_manufacturer_id or None) == (engine and engine.pk)]
            if found:
                return self.matched("car", sorted(found, key=lambda car: car.pk)[0])
            car = Car.objects.create(manufacturer=maker, model=model, engine_manufacturer=engine)
            return self.created("car", car, car.full_name.strip())

        return self._cached(("car", fold(make_name), fold(model), fold(engine_name)), make)

    def prefetch_drivers(self, members: list[CrewMember]) -> None:
        """Look up many drivers' exact names in one query, for the rows about to be written."""
        keys = {fold(m.full_name) for m in members} - {key[1] for key in self._cache if key[0] == "driver"}
        keys -= self._exact_drivers.keys()
        if not keys:
            return
        for key in keys:
            self._exact_drivers[key] = []
        for driver in Driver.objects.filter(search_key__in=keys).order_by("pk"):
            self._exact_drivers[driver.search_key].append(driver)
        unmatched = {
            compact(m.full_name): fold(m.full_name)
            for m in members
            if fold(m.full_name) in keys and not self._exact_drivers[fold(m.full_name)]
        }
        if unmatched:
            loosely = Driver.objects.annotate(loose_key=_compact_search_key()).filter(loose_key__in=unmatched)
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

    def driver(self, member: CrewMember, *, completes: list[Driver] = ()) -> Driver:
        """The driver named by `member`, created if new.

        `completes` are drivers held with a family name only (a report named "Goikhberg")
        in the same car: one of those with this family name is this driver, and gets the
        given name now known instead of a second record.
        """
        driver = self.find_driver(member)
        if driver is None:
            driver = next(
                (
                    held
                    for held in completes
                    if not held.given_name and compact(held.family_name) == compact(member.family_name)
                ),
                None,
            )
            if driver is not None:
                old_label = str(driver)
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
        fields = apply_values(
            driver,
            {"nationality": member.nationality or None, "hometown": member.hometown or None},
            only_blank=True,
        )
        if fields:
            driver.save(update_fields=fields)
            self.changed("driver", driver, fields)
        return driver


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
