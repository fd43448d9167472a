"""A car raced without a class won no class: no class place, no ★, on the race page, its history and their CSVs.

Classless cars are still ranked among themselves (the "Overall" podium and standings of a
series without classes count on it); what a reader is shown must not call that a class.
"""

import re

import pytest

from drivers.models import Car
from results.models import Session
from results.stats.classification import assign_class_positions
from tests.factories import (
    CarClassFactory,
    CarFactory,
    EntryFactory,
    EventFactory,
    ManufacturerFactory,
    ResultFactory,
    SeasonFactory,
    SessionFactory,
)
from tests.page_text import csv_rows, rows_of, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def race():
    season = SeasonFactory()
    gt = CarClassFactory(series=season.series, code="GT", name="GT")
    event = EventFactory(season=season, year=season.year)
    session = SessionFactory(event=event, kind=Session.Kind.RACE, name="Race")
    porsche = CarFactory(manufacturer=ManufacturerFactory(name="Porsche"), model="911 GT3 R")
    guest = CarFactory(manufacturer=ManufacturerFactory(name="Ligier"), model="JS P4")
    for position, (number, car_class, car) in enumerate(
        [("9", None, guest), ("1", gt, porsche), ("2", gt, porsche)], 1
    ):
        ResultFactory(
            session=session,
            position=position,
            entry=EntryFactory(event=event, number=number, car_class=car_class, car=car),
        )
    assign_class_positions(session)
    return event


def test_the_race_page_gives_the_classless_winner_no_class_place(client, race):
    rows = rows_of(client.get(race.get_absolute_url()).content.decode())

    guest = next(row for row in rows if "#9" in row)
    gt_winner = next(row for row in rows if "#1" in row)
    assert "★" not in guest and "class winner" not in guest
    assert "★" in gt_winner and "class winner" in gt_winner


def test_the_race_pages_csv_leaves_the_class_place_of_a_classless_car_empty(client, race):
    session = race.sessions.get()
    rows = csv_rows(client.get(race.get_absolute_url(), {"_export": "csv", "session": session.slug}))

    header, *cars = rows
    places = {row[header.index("No.")]: row[header.index("In class")] for row in cars}
    assert places == {"9": "", "1": "1", "2": "2"}


@pytest.mark.parametrize("model, expected", [("JS P4", ""), ("911 GT3 R", "1")])
def test_a_cars_history_and_its_csv_show_a_class_place_only_with_a_class(client, race, model, expected):
    car = Car.objects.get(model=model)
    page = client.get(car.get_absolute_url()).content.decode()
    history = page[page.index("results-table") :]
    shown = re.search(r'<td[^>]*class="[^"]*cell-class-position[^"]*"[^>]*>(.*?)</td>', history, flags=re.S)
    header, first, *_ = csv_rows(client.get(car.get_absolute_url(), {"_export": "csv"}))

    assert first[header.index("In class")] == expected
    assert text_of(shown.group(1)) == expected
