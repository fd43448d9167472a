"""Every named rule of the archive is refused by the database itself.

Each write below goes straight to the database with .objects.create, .update or
.bulk_create, past full_clean and every form: what an import, a script or the shell
could do. The database must answer with an IntegrityError naming the rule.
"""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import (
    Article,
    CarClass,
    Circuit,
    Entry,
    EntryDriver,
    Event,
    Race,
    Result,
    Season,
    Series,
    Session,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

ARCHIVE_MODELS = [
    Manufacturer,
    Team,
    Car,
    Driver,
    Series,
    Season,
    CarClass,
    Circuit,
    Race,
    Event,
    Session,
    Entry,
    EntryDriver,
    Result,
    Article,
]


def second_car_with_a_number_in_use():
    entry = f.EntryFactory(number="7")
    Entry.objects.create(event=entry.event, number="7")


def second_result_for_one_car():
    result = f.ResultFactory()
    Result.objects.create(session=result.session, entry=result.entry, position=2)


def second_car_at_one_position():
    result = f.ResultFactory(position=1)
    other = f.EntryFactory(event=result.session.event)
    Result.objects.bulk_create([Result(session=result.session, entry=other, position=1)])


def result(**fields):
    """A result written straight to the database, its car entered in its session's event."""
    session = f.SessionFactory()
    Result.objects.create(session=session, entry=f.EntryFactory(event=session.event), **fields)


def a_driver_twice_in_one_crew():
    member = f.EntryDriverFactory()
    EntryDriver.objects.create(entry=member.entry, driver=member.driver, order=2)


def a_second_car_model_of_one_make():
    car = f.CarFactory(model="963")
    Car.objects.create(manufacturer=car.manufacturer, model="963", slug="porsche-963-again")


def a_second_car_model_of_one_make_and_engine():
    car = f.CarFactory(model="83G", engine_manufacturer=f.ManufacturerFactory(name="Porsche"))
    Car.objects.create(
        manufacturer=car.manufacturer, model="83g", engine_manufacturer=car.engine_manufacturer, slug="march-83g-2"
    )


def event(**fields):
    values = {"season": f.SeasonFactory(), "year": 2024, "name": "Rolex 24", "slug": "rolex-24", **fields}
    Event.objects.create(**values)


def a_second_edition_of_a_race_in_one_year():
    edition = f.EventFactory(race=f.RaceFactory())
    event(race=edition.race, year=edition.year, season=None, slug="again")


def a_second_event_slug_in_a_season():
    first = f.EventFactory(name="Rolex 24")
    event(season=first.season, slug=first.slug)


def a_second_session_slug_in_an_event():
    session = f.SessionFactory(name="Race")
    Session.objects.create(event=session.event, kind="race", name="Race 1", slug=session.slug)


def a_second_class_code_in_a_series():
    gtd = f.CarClassFactory(code="GTDPRO")
    CarClass.objects.create(series=gtd.series, code="gtdpro", name="GTD Pro")


def article(**fields):
    Article.objects.create(event=f.EventFactory(), title="Report", slug="report", body="Text", **fields)


CASES = {
    "manufacturer_unique_name": lambda: [Manufacturer.objects.create(name=n) for n in ("Porsche", "PORSCHE")],
    "team_unique_name": lambda: [Team.objects.create(name=n) for n in ("Risi Competizione", "risi competizione")],
    "car_unique_model_per_make": a_second_car_model_of_one_make,
    "car_unique_model_per_make_and_engine": a_second_car_model_of_one_make_and_engine,
    "series_unique_name": lambda: [Series.objects.create(name=n) for n in ("FIA WEC", "fia wec")],
    "season_unique_year_per_series": lambda: Season.objects.create(series=f.SeasonFactory().series, year=2024),
    "season_year_plausible": lambda: Season.objects.create(series=f.SeriesFactory(), year=1066),
    "carclass_unique_code_per_series": a_second_class_code_in_a_series,
    "carclass_colour_is_hex": lambda: CarClass.objects.create(series=f.SeriesFactory(), code="GTP", colour="red"),
    "circuit_unique_name": lambda: [Circuit.objects.create(name=n) for n in ("Watkins Glen", "WATKINS GLEN")],
    "race_unique_name": lambda: [Race.objects.create(name=n) for n in ("Petit Le Mans", "petit le mans")],
    "event_unique_slug_per_season": a_second_event_slug_in_a_season,
    "event_unique_edition_per_race_and_year": a_second_edition_of_a_race_in_one_year,
    "event_has_season_or_race": lambda: event(season=None, race=None),
    "event_ends_after_start": lambda: event(start_date=datetime.date(2024, 1, 28), end_date=datetime.date(2024, 1, 27)),
    "event_round_positive": lambda: event(round=0),
    "event_status_valid": lambda: event(status="postponed"),
    "session_unique_slug_per_event": a_second_session_slug_in_an_event,
    "session_kind_valid": lambda: Session.objects.create(event=f.EventFactory(), kind="sprint", name="Sprint"),
    "session_status_valid": lambda: Session.objects.create(event=f.EventFactory(), kind="race", status="final"),
    "session_completeness_valid": lambda: Session.objects.create(
        event=f.EventFactory(), kind="race", completeness="some"
    ),
    "entry_unique_number_per_event": second_car_with_a_number_in_use,
    "entrydriver_unique_driver_per_crew": a_driver_twice_in_one_crew,
    "entrydriver_order_positive": lambda: EntryDriver.objects.create(
        entry=f.EntryFactory(), driver=f.DriverFactory(), order=0
    ),
    "result_one_per_entry_and_session": second_result_for_one_car,
    "result_unique_position_per_session": second_car_at_one_position,
    "result_position_positive": lambda: result(position=0),
    "result_class_position_positive": lambda: result(class_position=0),
    "result_laps_not_negative": lambda: result(laps=-1),
    "result_times_not_negative": lambda: result(total_time_ms=-1),
    "result_class_gap_not_negative": lambda: result(class_gap_laps=-1),
    "result_status_valid": lambda: result(status="finished"),
    "result_unplaced_has_no_position": lambda: result(position=3, status="did_not_start"),
    "article_published_has_time": lambda: article(status="published"),
    "article_status_valid": lambda: article(
        status="archived", published_at=datetime.datetime(2024, 1, 29, tzinfo=datetime.UTC)
    ),
}


# SQLite names the columns of a broken unique rule, not the rule; PostgreSQL names the rule.
UNIQUE_COLUMNS = {
    "season_unique_year_per_series": "results_season.series_id, results_season.year",
    "event_unique_slug_per_season": "results_event.season_id, results_event.slug",
    "event_unique_edition_per_race_and_year": "results_event.race_id, results_event.year",
    "session_unique_slug_per_event": "results_session.event_id, results_session.slug",
    "entry_unique_number_per_event": "results_entry.event_id, results_entry.number",
    "entrydriver_unique_driver_per_crew": "results_entrydriver.entry_id, results_entrydriver.driver_id",
    "result_one_per_entry_and_session": "results_result.session_id, results_result.entry_id",
    "result_unique_position_per_session": "results_result.session_id, results_result.position",
}


@pytest.mark.parametrize("rule", CASES)
def test_the_database_refuses_a_row_breaking(rule):
    refusal = rule
    if rule in UNIQUE_COLUMNS and connection.vendor == "sqlite":
        refusal = f"UNIQUE constraint failed: {UNIQUE_COLUMNS[rule]}$"
    with pytest.raises(IntegrityError, match=refusal), transaction.atomic():
        CASES[rule]()


def test_every_named_rule_of_the_archive_is_tried_here():
    named = {c.name for model in ARCHIVE_MODELS for c in model._meta.constraints}
    assert named == set(CASES)


@pytest.mark.parametrize("times", [{"best_lap_ms": 0}, {"gap_ms": -1}, {"total_time_ms": -1, "best_lap_ms": 95_605}])
def test_every_time_of_a_result_is_held_by_the_times_rule(times):
    with pytest.raises(IntegrityError, match="result_times_not_negative"), transaction.atomic():
        result(**times)


def test_cars_whose_numbers_are_unknown_may_share_an_event():
    event_ = f.EventFactory()
    Entry.objects.bulk_create([Entry(event=event_, number=""), Entry(event=event_, number="")])
    assert Entry.objects.filter(event=event_, number="").count() == 2


def test_one_car_number_may_run_in_two_events():
    Entry.objects.bulk_create([Entry(event=f.EventFactory(), number="7") for _ in range(2)])
    assert Entry.objects.filter(number="7").count() == 2


def test_a_result_for_a_car_of_another_event_is_refused_by_the_trigger_on_insert_and_update():
    session = f.SessionFactory()
    elsewhere = f.EntryFactory(event=f.EventFactory())
    with pytest.raises(IntegrityError, match="result_entry_same_event"), transaction.atomic():
        Result.objects.create(session=session, entry=elsewhere)
    placed = f.ResultFactory(session=session)
    with pytest.raises(IntegrityError, match="result_entry_same_event"), transaction.atomic():
        Result.objects.filter(pk=placed.pk).update(entry=elsewhere)
    assert Result.objects.get(pk=placed.pk).entry.event == session.event


def test_the_same_event_trigger_comes_back_after_any_migrate(django_db_blocker):
    """SQLite drops triggers when a migration rebuilds a table; migrate must restore them."""
    from django.core.management import call_command
    from django.db import connection

    from results.models import integrity

    integrity.drop_database_rules(connection)
    call_command("migrate", verbosity=0)
    session = f.SessionFactory()
    elsewhere = f.EntryFactory(event=f.EventFactory())
    with pytest.raises(IntegrityError, match="result_entry_same_event"), transaction.atomic():
        Result.objects.create(session=session, entry=elsewhere)
