"""The counting rules of DESIGN.md section 3, as results/stats/records applies them."""

import csv
import datetime
from pathlib import Path

import pytest
from django.conf import settings

from results.models import Result, Session
from results.stats.records.occurrences import occurrences
from results.stats.records.rankings import tally
from results.stats.records.rules import What, Where, Who
from results.stats.records.totals import Per, breakdown, totals
from tests.factories import (
    CarClassFactory,
    CarFactory,
    CircuitFactory,
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

pytestmark = pytest.mark.django_db

DAYTONA_WINNERS = Path(settings.BASE_DIR).parent / "shared" / "data" / "daytona24_overall_winners.csv"


def counts(rows):
    return {str(row.subject): row.count for row in rows}


@pytest.fixture
def grid():
    """One race: two Porsches finish 1-2 overall, a Ferrari and a BMW in GT, a Cadillac that did not start."""
    series = SeriesFactory(name="IMSA WeatherTech SportsCar Championship", short_name="IMSA")
    gtp = CarClassFactory(series=series, code="GTP", name="GTP", order=1)
    gtd = CarClassFactory(series=series, code="GTD", name="GTD", order=2)
    event = EventFactory(season=SeasonFactory(series=series, year=2024), name="Rolex 24 At Daytona")
    porsche, ferrari = ManufacturerFactory(name="Porsche"), ManufacturerFactory(name="Ferrari")
    penske = TeamFactory(name="Porsche Penske Motorsport")
    nasr, cameron, estre = (
        DriverFactory(given_name="Felipe", family_name="Nasr", nationality="BR"),
        DriverFactory(given_name="Dane", family_name="Cameron", nationality="US"),
        DriverFactory(given_name="Kévin", family_name="Estre", nationality="FR"),
    )
    car7 = enter(
        event, 7, car=CarFactory(manufacturer=porsche, model="963"), team=penske, car_class=gtp, crew=[nasr, cameron]
    )
    car6 = enter(event, 6, car=car7.car, team=penske, car_class=gtp, crew=[estre])
    car62 = enter(
        event, 62, car=CarFactory(manufacturer=ferrari, model="296 GT3"), car_class=gtd, crew=[DriverFactory()]
    )
    car1 = enter(event, 1, car=CarFactory(manufacturer=ManufacturerFactory(name="BMW"), model="M4"), car_class=gtd)
    car31 = enter(event, 31, car=CarFactory(manufacturer=ManufacturerFactory(name="Cadillac")), car_class=gtp)
    session = classify(
        SessionFactory(event=event, kind=Session.Kind.RACE),
        [car7, car6, car62, car1, car31],
        statuses={car31: Result.Status.DID_NOT_START},
    )
    return {
        "event": event,
        "session": session,
        "gtp": gtp,
        "gtd": gtd,
        "series": series,
        "porsche": porsche,
        "penske": penske,
        "nasr": nasr,
        "estre": estre,
        "cars": (car7, car6, car62, car1, car31),
    }


def test_a_one_two_for_one_make_is_one_win_and_one_podium(grid):
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Porsche": 1}
    assert counts(tally(What.PODIUMS, Who.MAKE)) == {"Porsche": 1, "Ferrari": 1}
    assert counts(tally(What.OVERALL_WINS, Who.TEAM)) == {"Porsche Penske Motorsport": 1}
    assert counts(tally(What.PODIUMS, Who.TEAM)) == {"Porsche Penske Motorsport": 1}


def test_every_driver_of_the_winning_car_is_credited_and_only_them(grid):
    assert counts(tally(What.OVERALL_WINS, Who.DRIVER)) == {"Felipe Nasr": 1, "Dane Cameron": 1}
    assert counts(tally(What.PODIUMS, Who.DRIVER))["Kévin Estre"] == 1
    assert counts(tally(What.OVERALL_WINS, Who.NATIONALITY)) == {"BR": 1, "US": 1}


def test_a_car_that_did_not_start_has_no_start_and_a_retired_one_has(grid):
    update_each(Result.objects.filter(entry=grid["cars"][3]), status=Result.Status.RETIRED)
    starts = counts(tally(What.STARTS, Who.MAKE))
    assert starts == {"Porsche": 1, "Ferrari": 1, "BMW": 1}
    assert "Cadillac" not in starts
    update_each(Result.objects.filter(entry=grid["cars"][2]), status=Result.Status.EXCLUDED, position=None)
    assert "Ferrari" not in counts(tally(What.STARTS, Who.MAKE))


def test_overall_and_class_wins_are_kept_apart(grid):
    assert counts(tally(What.CLASS_WINS, Who.MAKE)) == {"Porsche": 1, "Ferrari": 1}
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Porsche": 1}
    assert counts(tally(What.CLASS_PODIUMS, Who.MAKE)) == {"Porsche": 1, "Ferrari": 1, "BMW": 1}
    assert counts(tally(What.CLASS_WINS, Who.MAKE, Where(car_class=grid["gtd"]))) == {"Ferrari": 1}


def test_class_wins_count_once_per_class_of_a_race(grid):
    # Porsche also wins GTD: two class wins in one race, one overall win.
    Result.objects.filter(entry=grid["cars"][2]).delete()
    grid["cars"][3].car = CarFactory(manufacturer=grid["porsche"], model="911 GT3 R")
    grid["cars"][3].save()
    from results.stats.classification import assign_class_positions

    assign_class_positions(grid["session"])
    assert counts(tally(What.CLASS_WINS, Who.MAKE)) == {"Porsche": 2}
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Porsche": 1}


def test_a_car_without_a_class_wins_no_class():
    event = EventFactory(season=None, race=RaceFactory(name="24 Hours of Daytona"), year=1966)
    car = enter(event, 98, car=CarFactory(manufacturer=ManufacturerFactory(name="Ford")), crew=[DriverFactory()])
    classify(SessionFactory(event=event), [car])
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Ford": 1}
    assert tally(What.CLASS_WINS, Who.MAKE) == []


def test_two_races_in_one_weekend_are_two_wins():
    event = EventFactory(name="Carrera Cup at Sebring")
    driver = DriverFactory(given_name="Riley", family_name="Dickinson")
    ours = enter(event, 1, car=CarFactory(manufacturer=ManufacturerFactory(name="Porsche")), crew=[driver])
    other = enter(event, 2, car=ours.car, crew=[DriverFactory()])
    classify(SessionFactory(event=event, name="Race 1", order=1), [ours, other])
    classify(SessionFactory(event=event, name="Race 2", order=2), [ours, other])
    assert counts(tally(What.OVERALL_WINS, Who.DRIVER))["Riley Dickinson"] == 2
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Porsche": 2}
    assert totals(Who.DRIVER, driver).all.starts == 2


def test_ties_are_ranked_equal_and_listed_by_who_did_it_first():
    race = RaceFactory(name="12 Hours of Sebring")
    makes = [ManufacturerFactory(name=name) for name in ("Audi", "Porsche", "Ferrari")]
    winners = {2000: 1, 2001: 0, 2002: 1, 2003: 0, 2004: 2}
    for year, make in winners.items():
        event = EventFactory(season=SeasonFactory(year=year), race=race, year=year, name="Sebring")
        car = enter(event, 1, car=CarFactory(manufacturer=makes[make]))
        classify(SessionFactory(event=event), [car])
    rows = tally(What.OVERALL_WINS, Who.MAKE, Where(race=race))
    assert [(row.rank, str(row.subject), row.count) for row in rows] == [
        (1, "Porsche", 2),
        (1, "Audi", 2),
        (3, "Ferrari", 1),
    ]
    assert (rows[0].first.year, rows[0].last.year) == (2000, 2002)
    assert (rows[1].first.year, rows[1].last.year) == (2001, 2003)


def test_first_and_last_follow_the_calendar_not_the_ids():
    make = ManufacturerFactory(name="Porsche")
    for year in (2010, 1990, 2000):
        event = EventFactory(season=SeasonFactory(year=year), name="Race", start_date=datetime.date(year, 5, 1))
        classify(SessionFactory(event=event), [enter(event, 1, car=CarFactory(manufacturer=make))])
    (row,) = tally(What.OVERALL_WINS, Who.MAKE)
    assert (row.first.year, row.last.year, row.count) == (1990, 2010, 3)


def test_where_narrows_by_race_series_circuit_class_and_years():
    imsa, wec = SeriesFactory(name="IMSA"), SeriesFactory(name="FIA WEC")
    daytona, sebring = CircuitFactory(name="Daytona"), CircuitFactory(name="Sebring")
    race = RaceFactory(name="12 Hours of Sebring", circuit=sebring)
    make = ManufacturerFactory(name="Porsche")
    places = [
        (imsa, 2020, daytona, None),
        (imsa, 2021, sebring, race),
        (wec, 2022, sebring, None),
        (wec, 2023, daytona, None),
    ]
    for series, year, circuit, edition_of in places:
        event = EventFactory(season=SeasonFactory(series=series, year=year), circuit=circuit, race=edition_of)
        classify(SessionFactory(event=event), [enter(event, 1, car=CarFactory(manufacturer=make))])

    def wins(**where):
        return counts(tally(What.OVERALL_WINS, Who.MAKE, Where(**where))).get("Porsche", 0)

    assert wins() == 4
    assert wins(series=imsa) == 2
    assert wins(circuit=sebring) == 2
    assert wins(race=race) == 1
    assert wins(year_from=2021, year_to=2022) == 2
    assert wins(series=wec, circuit=daytona) == 1


def test_chassis_and_engine_makes_count_apart():
    race = RaceFactory(name="24 Hours of Daytona")
    porsche, march = ManufacturerFactory(name="Porsche"), ManufacturerFactory(name="March")
    for year, car in (
        (1983, CarFactory(manufacturer=porsche, model="935 L")),
        (1984, CarFactory(manufacturer=march, model="83G", engine_manufacturer=porsche)),
    ):
        event = EventFactory(season=None, race=race, year=year, name="24 Hours of Daytona")
        classify(SessionFactory(event=event), [enter(event, 1, car=car)])
    assert counts(tally(What.OVERALL_WINS, Who.MAKE)) == {"Porsche": 1, "March": 1}
    assert counts(tally(What.OVERALL_WINS, Who.ENGINE)) == {"Porsche": 2}
    assert counts(tally(What.OVERALL_WINS, Who.CAR)) == {"Porsche 935 L": 1, "March 83G": 1}
    assert totals(Who.ENGINE, porsche).all.wins == 2
    assert totals(Who.MAKE, porsche).all.wins == 1


@pytest.fixture
def qualifying():
    """Qualifying, then a Hyperpole for the prototypes, then a GT-only session after it."""
    series = SeriesFactory(name="FIA WEC")
    hyper = CarClassFactory(series=series, code="HY", name="Hypercar", order=1)
    gt = CarClassFactory(series=series, code="GT3", name="LMGT3", order=2)
    event = EventFactory(season=SeasonFactory(series=series))
    toyota, ferrari, bmw = (ManufacturerFactory(name=name) for name in ("Toyota", "Ferrari", "BMW"))
    heinrich = DriverFactory(given_name="Laurin", family_name="Heinrich")
    partner = DriverFactory(given_name="Klaus", family_name="Bachler")
    cars = {
        "toyota": enter(event, 8, car=CarFactory(manufacturer=toyota), car_class=hyper, crew=[DriverFactory()]),
        "ferrari": enter(event, 50, car=CarFactory(manufacturer=ferrari), car_class=hyper, crew=[DriverFactory()]),
        "porsche": enter(
            event,
            92,
            car=CarFactory(manufacturer=ManufacturerFactory(name="Porsche")),
            car_class=gt,
            crew=[heinrich, partner],
        ),
        "bmw": enter(event, 46, car=CarFactory(manufacturer=bmw), car_class=gt, crew=[DriverFactory()]),
    }
    first = SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Qualifying", order=1)
    classify(first, [cars["toyota"], cars["ferrari"], cars["bmw"], cars["porsche"]])
    hyperpole = SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Hyperpole", order=2)
    classify(hyperpole, [cars["ferrari"], cars["toyota"]])
    gt_only = SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Qualifying — LMGT3", order=3)
    gt_only.classes.add(gt)
    classify(gt_only, [cars["porsche"], cars["bmw"]])
    update_each(Result.objects.filter(session=gt_only, entry=cars["porsche"]), qualifying_driver=heinrich)
    return {"cars": cars, "heinrich": heinrich, "partner": partner, "gt": gt}


def test_the_pole_is_set_by_the_last_qualifying_session_of_the_class(qualifying):
    # Toyota was quickest in the first session, Ferrari in the Hyperpole that set the grid.
    assert counts(tally(What.CLASS_POLES, Who.MAKE)) == {"Ferrari": 1, "Porsche": 1}
    # The GT-only session is not open to every class, so its P1 is no overall pole.
    assert counts(tally(What.POLES, Who.MAKE)) == {"Ferrari": 1}


def test_a_pole_goes_to_the_qualifying_driver_when_known(qualifying):
    poles = counts(tally(What.CLASS_POLES, Who.DRIVER))
    assert poles["Laurin Heinrich"] == 1
    assert "Klaus Bachler" not in poles
    assert totals(Who.DRIVER, qualifying["heinrich"]).all.class_poles == 1
    assert totals(Who.DRIVER, qualifying["partner"]).all.class_poles == 0


def test_totals_split_per_series_add_up_to_all():
    driver = DriverFactory()
    for n, series in enumerate(SeriesFactory(name=f"S{i}") for i in range(3)):
        for year in range(2020, 2020 + n + 1):
            event = EventFactory(season=SeasonFactory(series=series, year=year))
            classify(SessionFactory(event=event), [enter(event, 1, car=CarFactory(), crew=[driver])])
    record = totals(Who.DRIVER, driver, per=Per.SERIES)
    assert [(str(row.group), row.starts, row.wins) for row in record.rows] == [("S0", 1, 1), ("S1", 2, 2), ("S2", 3, 3)]
    assert (record.all.starts, record.all.wins, record.all.first.year, record.all.last.year) == (6, 6, 2020, 2022)


def test_occurrences_list_what_a_count_is_made_of(grid):
    (win,) = occurrences(What.OVERALL_WINS, Who.MAKE, grid["porsche"])
    assert win.entry.number == "7"
    assert [r.entry.number for r in occurrences(What.PODIUMS, Who.DRIVER, grid["estre"])] == ["6"]


@pytest.mark.skipif(not DAYTONA_WINNERS.exists(), reason="../shared/data is not beside the project")
def test_porsche_has_19_overall_daytona_wins_from_1968_to_2024_and_march_has_1984():
    race = RaceFactory(name="24 Hours of Daytona")
    with DAYTONA_WINNERS.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            chassis = ManufacturerFactory(name=row["car_make"])
            engine = ManufacturerFactory(name=row["engine_make"]) if row["engine_make"] != row["car_make"] else None
            event = EventFactory(season=None, race=race, year=int(row["year"]), name=row["event_name"])
            car = CarFactory(
                manufacturer=chassis, model=f"{row['car_model']} {row['year']}", engine_manufacturer=engine
            )
            classify(SessionFactory(event=event), [enter(event, row["car_number"] or "", car=car)])
    rows = {str(row.subject): row for row in tally(What.OVERALL_WINS, Who.MAKE, Where(race=race))}
    porsche = rows["Porsche"]
    assert (porsche.rank, porsche.count, porsche.first.year, porsche.last.year) == (1, 19, 1968, 2024)
    assert (rows["March"].count, rows["March"].first.year) == (1, 1984)
    by_engine = counts(tally(What.OVERALL_WINS, Who.ENGINE, Where(race=race)))
    assert by_engine["Porsche"] > 19


def test_totals_in_all_are_the_same_whether_split_by_series_or_not():
    driver = DriverFactory()
    race = RaceFactory(name="Old Classic")
    for year, series in ((1960, None), (1961, SeriesFactory(name="A")), (1962, SeriesFactory(name="B"))):
        season = SeasonFactory(series=series, year=year) if series else None
        event = EventFactory(season=season, race=race, year=year)
        ours = enter(event, 1, car=CarFactory(), crew=[driver])
        classify(
            SessionFactory(event=event),
            [ours, enter(event, 2, car=CarFactory())] if year != 1961 else [enter(event, 2, car=CarFactory()), ours],
        )
    split, whole = totals(Who.DRIVER, driver, per=Per.SERIES), totals(Who.DRIVER, driver)
    assert split.all.counts == whole.all.counts == {**whole.all.counts, "starts": 3, "wins": 2, "podiums": 3}
    assert (split.all.first, split.all.last) == (whole.all.first, whole.all.last)
    assert [str(row.group) if row.group else None for row in split.rows] == [None, "A", "B"]


def test_a_breakdown_of_wins_reads_only_wins_and_spans_the_first_and_last_win():
    make = ManufacturerFactory(name="Porsche")
    race = RaceFactory(name="24 Hours of Daytona")
    for year, win in ((1990, False), (1991, True), (1992, True), (1993, False)):
        event = EventFactory(season=None, race=race, year=year)
        ours, other = enter(event, 1, car=CarFactory(manufacturer=make)), enter(event, 2, car=CarFactory())
        classify(SessionFactory(event=event), [ours, other] if win else [other, ours])
    (row,) = breakdown(Who.MAKE, make, Per.RACE, counting=(What.OVERALL_WINS, What.CLASS_WINS))
    assert (row.group, row.wins, row.starts, row.first.year, row.last.year) == (race, 2, 0, 1991, 1992)
    (everything,) = breakdown(Who.MAKE, make, Per.RACE)
    assert (everything.starts, everything.first.year, everything.last.year) == (4, 1990, 1993)
