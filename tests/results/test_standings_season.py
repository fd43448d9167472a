"""A full-size season (12 events of 60 cars): the standings read it in a bounded number of queries.

`build_season` is shared with scripts/bench_standings.py, which times the same season.
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import (
    CarClass,
    Championship,
    ChampionshipEvent,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    PointsScale,
    PointsScaleValue,
    Result,
    Season,
    Series,
    Session,
)
from results.stats.classification import assign_class_positions
from results.stats.standings import driver_championships, season_standings

IMSA = (350, 320, 300, 280, 260, 250)
IMSA_QUALIFYING = (35, 32, 30, 28, 26, 25)
CLASSES = ("GTP", "LMP2", "GTD")


def _scale(name, points, step):
    scale = PointsScale.objects.create(name=name, step_beyond=Decimal(step))
    PointsScaleValue.objects.bulk_create(
        PointsScaleValue(scale=scale, position=n, points=p) for n, p in enumerate(points, start=1)
    )
    return scale


def build_season(*, events: int = 12, cars: int = 60, seed: int = 2024) -> Season:
    """An IMSA-like season: three classes, a qualifying and a race per event, crews that change.

    Results are shuffled with a fixed seed; a few cars retire, one is disqualified at
    every event; class positions come from `assign_class_positions`.
    """
    rng = random.Random(seed)
    series = Series.objects.create(name=f"Bench Series {seed}", short_name="Bench")
    season = Season.objects.create(series=series, year=2024)
    classes = [CarClass.objects.create(series=series, code=code, name=code, order=n) for n, code in enumerate(CLASSES)]
    makes = [Manufacturer.objects.create(name=f"Make {seed}-{n}") for n in range(6)]
    models = [Car.objects.create(manufacturer=make, model="GT") for make in makes]
    teams = [Team.objects.create(name=f"Team {seed}-{n}") for n in range((cars + 1) // 2)]
    drivers = Driver.objects.bulk_create(
        Driver(given_name="Driver", family_name=f"{seed}-{n}", slug=f"driver-{seed}-{n}", search_key=f"d{n}")
        for n in range(cars * 3)
    )
    # Each car keeps a class, team, model and two regular drivers; a third changes by event.
    cars_spec = [
        (str(n + 1), classes[n % 3], teams[n // 2], models[(n // 3) % len(models)], drivers[2 * n : 2 * n + 2])
        for n in range(cars)
    ]
    imsa = _scale(f"IMSA {seed}", IMSA, 10)
    championship = Championship.objects.create(
        season=season,
        name="Championship",
        scale=imsa,
        qualifying_scale=_scale(f"IMSA qualifying {seed}", IMSA_QUALIFYING, 1),
        scores_manufacturers=True,
        manufacturer_points=Championship.ManufacturerPoints.MAKE_ORDER,
    )
    endurance = Championship.objects.create(
        season=season, name="Endurance Cup", scale=imsa, counts_every_event=False, order=1
    )
    start = datetime.date(2024, 1, 27)
    for e in range(events):
        day = start + datetime.timedelta(days=21 * e)
        circuit = Circuit.objects.create(name=f"Circuit {seed}-{e}", time_zone="America/New_York")
        event = Event.objects.create(
            season=season,
            year=2024,
            name=f"Round {e + 1}",
            slug=f"round-{e + 1}",
            circuit=circuit,
            round=e + 1,
            start_date=day,
            end_date=day,
        )
        if e % 3 == 0:
            ChampionshipEvent.objects.create(championship=endurance, event=event)
        if e == events - 1:
            ChampionshipEvent.objects.create(championship=championship, event=event, multiplier=2, note="double")
        entries = Entry.objects.bulk_create(
            Entry(event=event, number=number, car_class=cls, team=team, entrant_name=team.name, car=car)
            for number, cls, team, car, _ in cars_spec
        )
        crews = []
        for n, (entry, (_, _, _, _, regulars)) in enumerate(zip(entries, cars_spec, strict=True)):
            third = drivers[2 * cars + (n + e) % cars]
            crews += [EntryDriver(entry=entry, driver=d, order=k) for k, d in enumerate([*regulars, third], 1)]
        EntryDriver.objects.bulk_create(crews)
        for order_in_event, (kind, name) in enumerate(
            ((Session.Kind.QUALIFYING, "Qualifying"), (Session.Kind.RACE, "Race"))
        ):
            session = Session.objects.create(event=event, kind=kind, name=name, slug=kind, order=order_in_event)
            order = entries[:]
            rng.shuffle(order)
            results = []
            for position, entry in enumerate(order, start=1):
                out = kind == Session.Kind.RACE and position == len(order)
                results.append(
                    Result(
                        session=session,
                        entry=entry,
                        position=None if out else position,
                        status=Result.Status.DISQUALIFIED if out else Result.Status.CLASSIFIED,
                        laps=100,
                        best_lap_ms=60_000 + rng.randrange(5_000),
                    )
                )
            Result.objects.bulk_create(results)
            assign_class_positions(session)
    return season


@pytest.mark.django_db
def test_a_full_season_is_read_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    season = build_season(events=12, cars=60)
    with django_assert_max_num_queries(15):
        standings = season_standings(season)
        html = render_to_string("results/_standings.html", {"standings": standings})
    main, endurance = standings.championships
    assert [c.class_name for c in main.classes] == list(CLASSES)
    gtp = main.classes[0]
    assert gtp.headline == "After round 12 of 12" and gtp.is_complete
    # 20 GTP cars, each with two regular drivers and a third who changes every event.
    drivers, teams, makes = gtp.tables
    assert len(teams.rows) == 20 and len(makes.rows) == 6
    # Every car scores at every event: the leader's points are the sum of its rounds.
    leader = drivers.rows[0]
    assert leader.points == sum(Decimal(p) for p in leader.by_round if p is not None)
    assert [r.event.round for r in endurance.classes[0].rounds] == [1, 4, 7, 10]
    # A chart per table: the championship's 3 classes × 3 tables, the cup's 3 × 2 (no makes).
    assert html.count('role="img"') == 3 * 3 + 3 * 2


@pytest.mark.django_db
def test_the_driver_page_function_reads_all_seasons_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    first = build_season(events=3, cars=12, seed=1)
    build_season(events=3, cars=12, seed=2)
    driver = Driver.objects.get(slug="driver-1-0")
    with django_assert_max_num_queries(15):
        standings = driver_championships(driver)
    assert {(s.championship.season, s.championship.name) for s in standings} == {
        (first, "Championship"),
        (first, "Endurance Cup"),
    }
