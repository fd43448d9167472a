"""Small race histories for the records explorer, streak and milestone tests.

`Cars` names a few cars (make, model, team, crew) once; `edition()` runs one edition of a
race, or one round of a series, with the cars finishing in the order given, so a test
reads as the history it describes: `edition(race, 2003, [cars.porsche, cars.ferrari])`.
"""

import datetime
from dataclasses import dataclass

from results.models import Event, Result, Session
from tests.factories import (
    CarClassFactory,
    CarFactory,
    DriverFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
    update_each,
)
from tests.history_archive import classify, enter


@dataclass(frozen=True)
class Car:
    """A car as entered: its model, team, class and crew; `number` is its race number."""

    car: object
    team: object
    car_class: object
    crew: tuple
    number: str


class Cars:
    """The field of the tests' races: prototypes and GT cars of a few makes, with their teams and drivers."""

    def __init__(self, series=None):
        self.series = series or SeriesFactory(name="Endurance Championship", short_name="EC")
        self.proto = CarClassFactory(series=self.series, code="P", name="Prototype", order=1)
        self.gt = CarClassFactory(series=self.series, code="GT", name="GT", order=2)
        self.makes = {}
        self.porsche = self.make_car("Porsche", "963", "Penske", ["Felipe Nasr", "Dane Cameron"], self.proto, "7")
        self.cadillac = self.make_car("Cadillac", "V-Series.R", "Action Express", ["Pipo Derani"], self.proto, "31")
        self.ferrari = self.make_car("Ferrari", "296 GT3", "Risi Competizione", ["Daniel Serra"], self.gt, "62")
        self.bmw = self.make_car("BMW", "M4", "Team WRT", ["Augusto Farfus"], self.gt, "31B")
        self.lexus = self.make_car("Lexus", "RC F", "Vasser Sullivan", ["Jack Hawksworth"], self.gt, "14")

    def make_car(self, make, model, team, crew, car_class, number, *, engine=None):
        maker = self.makes.setdefault(make, ManufacturerFactory(name=make))
        engine_maker = self.makes.setdefault(engine, ManufacturerFactory(name=engine)) if engine else None
        drivers = tuple(DriverFactory(given_name=name.split()[0], family_name=name.split(None, 1)[1]) for name in crew)
        return Car(
            car=CarFactory(manufacturer=maker, model=model, engine_manufacturer=engine_maker),
            team=TeamFactory(name=team),
            car_class=car_class,
            crew=drivers,
            number=number,
        )


def season(series, year, *, rounds=None):
    """The series' season of `year`, with its number of rounds."""
    held = SeasonFactory(series=series, year=year)
    held.rounds = rounds
    held.save(update_fields=["rounds"])
    return held


def edition(
    race,
    year,
    finishers,
    *,
    series=None,
    round=None,  # noqa: A002 -- the event's field
    complete=True,
    races=1,
    poles=None,
    qualifying_complete=True,
    name=None,
    month=1,
    circuit=None,
):
    """An edition of `race` (or a round of `series` when race is None) with `finishers` in order.

    `finishers` are Cars; each race of the event (`races` of them) is classified in that
    order. `poles` lists the cars in qualifying order, with their first driver as the
    qualifier. `complete=False` marks the races' classifications partial.
    """
    season_ = None
    if series is not None:
        season_ = SeasonFactory(series=series, year=year)
    extra = {"circuit": circuit} if circuit is not None else {}
    event = EventFactory(
        season=season_,
        race=race,
        year=year,
        round=round,
        name=name or (race.name if race else f"Round {round}"),
        start_date=datetime.date(year, month, 1 + (round or 1) % 27),
        **extra,
    )
    entries = {
        car: enter(event, car.number, car=car.car, team=car.team, car_class=car.car_class, crew=car.crew)
        for car in dict.fromkeys([*finishers, *(poles or [])])
    }
    completeness = Session.Completeness.COMPLETE if complete else Session.Completeness.PARTIAL
    if poles is not None:
        quali = SessionFactory(
            event=event,
            kind=Session.Kind.QUALIFYING,
            name="Qualifying",
            order=1,
            completeness=Session.Completeness.COMPLETE if qualifying_complete else Session.Completeness.PARTIAL,
        )
        classify(quali, [entries[car] for car in poles])
        for car in poles:
            update_each(Result.objects.filter(session=quali, entry=entries[car]), qualifying_driver=car.crew[0])
    for number in range(1, races + 1):
        session = SessionFactory(
            event=event,
            kind=Session.Kind.RACE,
            name="Race" if races == 1 else f"Race {number}",
            order=1 + number,
            completeness=completeness,
        )
        classify(session, [entries[car] for car in finishers])
    return event


def not_held(race, year, *, series=None, round=None):  # noqa: A002
    """An edition that was not held: a cancelled event with no sessions."""
    season_ = SeasonFactory(series=series, year=year) if series is not None else None
    return EventFactory(
        season=season_,
        race=race,
        year=year,
        round=round,
        name=race.name if race else f"Round {round}",
        status=Event.Status.CANCELLED,
    )


def daytona(first_year=None):
    return RaceFactory(name="24 Hours of Daytona", first_year=first_year)
