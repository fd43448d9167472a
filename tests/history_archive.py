"""Small archives for the history pages' tests, built from the factories.

`race_history()` makes a race with many editions and `career()` a driver with many starts
across several series: enough rows that a page fetching per row would blow its query bound.
"""

import datetime

from django.db import transaction

from results.models import Result, Session
from results.stats import credits
from results.stats.classification import assign_class_positions
from tests.factories import (
    CarClassFactory,
    CarFactory,
    CircuitFactory,
    DriverFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    ResultFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
)


def enter(event, number, *, car, team=None, car_class=None, crew=(), entrant_name=""):
    """An entry with its crew in order."""
    entry = EntryFactory(
        event=event,
        number=str(number),
        car=car,
        team=team,
        entrant_name=entrant_name or (team.name if team else ""),
        car_class=car_class,
    )
    for order, driver in enumerate(crew, start=1):
        EntryDriverFactory(entry=entry, driver=driver, order=order)
    return entry


def classify(session, entries, *, statuses=None):
    """Results in the order given: placed cars 1, 2, 3...; `statuses` maps an entry to an unplaced status."""
    statuses = statuses or {}
    position = 0
    with transaction.atomic(), credits.recounting():  # the event recounted once, as an import does
        for entry in entries:
            status = statuses.get(entry, Result.Status.CLASSIFIED)
            placed = status not in Result.UNPLACED
            position += placed
            ResultFactory(session=session, entry=entry, status=status, position=position if placed else None)
        assign_class_positions(session)
    return session


def race_history(editions=30, *, first_year=1990, cars_per_class=3):
    """A 24-hour race run `editions` times, two classes, three drivers a car.

    Makes take turns winning overall: "Alpha" wins even years, "Beta" odd ones, except
    that every fifth edition (years ending in 0 and 5) an Alpha chassis with a Beta engine
    wins, so counting by engine differs from counting by chassis.
    """
    series = SeriesFactory(name="Endurance Series", short_name="ES")
    proto = CarClassFactory(series=series, code="P", name="Prototype", order=1, colour="#1d4ed8")
    gt = CarClassFactory(series=series, code="GT", name="GT", order=2, colour="#15803d")
    circuit = CircuitFactory(name="Speedway Park", place="Speedway", country="US", length_m=5729, turns=12)
    race = RaceFactory(name="24 Hours of Speedway", circuit=circuit)
    alpha, beta = ManufacturerFactory(name="Alpha", country="DE"), ManufacturerFactory(name="Beta", country="IT")
    alpha_car = CarFactory(manufacturer=alpha, model="P1")
    beta_car = CarFactory(manufacturer=beta, model="B9")
    hybrid = CarFactory(manufacturer=alpha, model="X", engine_manufacturer=beta)
    gt_car = CarFactory(manufacturer=beta, model="GT3")
    teams = [TeamFactory(name=f"Squadra {n}") for n in range(4)]
    drivers = [DriverFactory(given_name=f"Pilot{n}", family_name=f"Racer{n}", nationality="GB") for n in range(12)]
    events = []
    for edition in range(editions):
        year = first_year + edition
        season = SeasonFactory(series=series, year=year)
        event = EventFactory(
            season=season,
            race=race,
            year=year,
            name="Speedway 24",
            circuit=circuit,
            start_date=datetime.date(year, 1, 27),
        )
        winner_car = hybrid if year % 5 == 0 else (alpha_car if year % 2 == 0 else beta_car)
        other_car = beta_car if winner_car is not beta_car else alpha_car
        entries = []
        for n in range(cars_per_class):
            crew = drivers[(n * 3) % 12 : (n * 3) % 12 + 3]
            car = winner_car if n == 0 else other_car
            entries.append(enter(event, n + 1, car=car, team=teams[n % 4], car_class=proto, crew=crew))
        for n in range(cars_per_class):
            crew = drivers[(n * 3 + 6) % 12 : (n * 3 + 6) % 12 + 3]
            entries.append(enter(event, 50 + n, car=gt_car, team=teams[(n + 2) % 4], car_class=gt, crew=crew))
        classify(SessionFactory(event=event, kind=Session.Kind.RACE, name="Race", order=2), entries)
        quali = SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Qualifying", order=1)
        classify(quali, entries)
        Result.objects.filter(session=quali).update(best_lap_ms=100_000)
        Result.objects.filter(session=quali, entry=entries[0]).update(best_lap_ms=95_000 + edition)
        events.append(event)
    return race, events


def career(starts=40, *, series_count=3):
    """A driver with `starts` race starts spread over `series_count` series, winning every fourth."""
    driver = DriverFactory(given_name="Kévin", family_name="Estre", nationality="FR")
    partner = DriverFactory(given_name="Laurens", family_name="Vanthoor", nationality="BE")
    make = ManufacturerFactory(name="Porsche", country="DE")
    car = CarFactory(manufacturer=make, model="963")
    team = TeamFactory(name="Porsche Penske Motorsport")
    rival_cars = [
        CarFactory(manufacturer=ManufacturerFactory(name="Cadillac"), model="V-Series.R"),
        CarFactory(manufacturer=ManufacturerFactory(name="Acura"), model="ARX-06"),
    ]
    all_series = [SeriesFactory(name=f"Championship {n}", short_name=f"CH{n}") for n in range(series_count)]
    classes = [CarClassFactory(series=s, code="TOP", name="Top", order=1) for s in all_series]
    sessions = []
    for n in range(starts):
        series_index = n % series_count
        year = 2000 + n // series_count
        season = SeasonFactory(series=all_series[series_index], year=year)
        event = EventFactory(season=season, name=f"Round {n}", start_date=datetime.date(year, 1 + n % 12, 1))
        ours = enter(event, 6, car=car, team=team, car_class=classes[series_index], crew=[driver, partner])
        others = [
            enter(
                event,
                10 + i,
                car=rival_car,
                team=TeamFactory(name=f"Rival {i}"),
                car_class=classes[series_index],
                crew=[DriverFactory()],
            )
            for i, rival_car in enumerate(rival_cars)
        ]
        order = [ours, *others] if n % 4 == 0 else [*others, ours]
        sessions.append(classify(SessionFactory(event=event, name="Race"), order))
    return driver, sessions
