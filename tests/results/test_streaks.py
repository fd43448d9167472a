"""Runs of consecutive wins and droughts (results/stats/records/streaks.py), on the records' counting rules."""

import pytest

from results.models import Result, Session
from results.stats.records.rules import What, Where, Who, credited, subject_key, unit
from results.stats.records.streaks import streaks
from tests.factories import (
    CarClassFactory,
    CarFactory,
    EventFactory,
    ManufacturerFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
)
from tests.history_archive import classify, enter
from tests.milestone_archive import Cars, daytona, edition, not_held

pytestmark = pytest.mark.django_db


def test_credited_names_who_is_credited_and_the_unit_counts_a_one_two_once():
    series = SeriesFactory()
    gtp = CarClassFactory(series=series, code="GTP")
    event = EventFactory(season=SeasonFactory(series=series, year=2024))
    porsche = ManufacturerFactory(name="Porsche")
    car = CarFactory(manufacturer=porsche)
    first, second = enter(event, 7, car=car, car_class=gtp), enter(event, 6, car=car, car_class=gtp)
    classify(SessionFactory(event=event, kind=Session.Kind.RACE), [first, second])
    podium = credited(What.PODIUMS, Who.MAKE)
    assert sorted(podium.values_list("subject", flat=True)) == [porsche.pk, porsche.pk]
    assert podium.values("subject").distinct().count() == 1
    assert len(set(podium.values_list(unit(What.PODIUMS), flat=True))) == 1
    assert subject_key(Who.MAKE, porsche) == porsche.pk
    assert Result.objects.count() == 2


@pytest.fixture
def cars():
    return Cars()


def runs(what, who, where, subjects):
    found = streaks(what, who, where, [subject_key(who, s) for s in subjects])
    return {str(s): found.get(subject_key(who, s)) for s in subjects}


def years(run):
    return None if run is None else (run.length, run.first.year, run.last.year)


def test_a_race_counts_runs_over_its_editions_skipping_a_year_it_was_not_held(cars):
    race = daytona()
    for year, winner in [(2000, cars.porsche), (2001, cars.porsche), (2002, cars.porsche), (2003, cars.cadillac)]:
        edition(race, year, [winner, cars.ferrari])
    not_held(race, 2004)
    edition(race, 2005, [cars.cadillac, cars.porsche])
    edition(race, 2006, [cars.porsche, cars.cadillac])
    porsche, cadillac = cars.makes["Porsche"], cars.makes["Cadillac"]

    found = runs(What.OVERALL_WINS, Who.MAKE, Where(race=race), [porsche, cadillac])

    assert years(found["Porsche"].longest) == (3, 2000, 2002)
    assert years(found["Porsche"].current) == (1, 2006, 2006)
    assert found["Porsche"].since.year == 2002  # 2006 was its first win since 2002
    assert years(found["Cadillac"].longest) == (2, 2003, 2005)  # 2004 was not held: still a run
    assert found["Cadillac"].current is None
    assert found["Cadillac"].last.year == 2005 and found["Cadillac"].since is None


def test_a_year_the_archive_knows_nothing_of_breaks_a_run(cars):
    race = daytona()
    edition(race, 2003, [cars.cadillac])
    edition(race, 2005, [cars.cadillac])  # 2004: nothing in the archive

    found = runs(What.OVERALL_WINS, Who.MAKE, Where(race=race), [cars.makes["Cadillac"]])

    assert years(found["Cadillac"].longest) == (1, 2003, 2003)  # the earliest of equal runs
    assert years(found["Cadillac"].current) == (1, 2005, 2005)
    assert found["Cadillac"].since.year == 2003


def test_in_a_series_runs_count_its_races_and_a_one_two_is_one_win(cars):
    series = cars.series
    for round_, order in enumerate(
        [[cars.porsche, cars.cadillac], [cars.porsche, cars.cadillac], [cars.cadillac, cars.porsche]], start=1
    ):
        edition(None, 2024, order, series=series, round=round_, races=2 if round_ == 2 else 1)
    porsche = cars.makes["Porsche"]

    found = runs(What.OVERALL_WINS, Who.MAKE, Where(series=series), [porsche, cars.makes["Cadillac"]])

    assert years(found["Porsche"].longest) == (3, 2024, 2024)  # rounds 1 and 2 (two races)
    assert found["Porsche"].current is None
    assert years(found["Cadillac"].current) == (1, 2024, 2024)


def test_class_wins_run_over_the_races_in_which_the_class_raced(cars):
    race = daytona()
    edition(race, 2020, [cars.porsche])  # no GT car: not in the GT sequence
    edition(race, 2021, [cars.porsche, cars.ferrari])
    edition(race, 2022, [cars.porsche, cars.ferrari, cars.bmw])
    edition(race, 2023, [cars.porsche, cars.bmw, cars.ferrari])

    where = Where(race=race, car_class=cars.gt)
    found = runs(What.CLASS_WINS, Who.TEAM, where, [cars.ferrari.team, cars.bmw.team])

    assert years(found["Risi Competizione"].longest) == (2, 2021, 2022)
    assert years(found["Team WRT"].current) == (1, 2023, 2023)


def test_no_runs_without_a_race_or_a_series(cars):
    edition(daytona(), 2024, [cars.porsche])
    assert streaks(What.OVERALL_WINS, Who.MAKE, Where(), [cars.makes["Porsche"].pk]) == {}
