"""The import-writing service every importer shares: matching by name, in-place updates, the report."""

import datetime
from dataclasses import replace

import pytest

from drivers.models import Car, Driver, Team
from results.importers.errors import ImportValidationError
from results.importers.rows import CarRow, CrewMember, EventTarget, SessionBatch, SessionTarget
from results.importers.writer import write_session, write_sessions
from results.models import Entry, EntryDriver, Event, Result, Session
from tests.factories import CarClassFactory, DriverFactory, EntryDriverFactory, EntryFactory, SeriesFactory

pytestmark = pytest.mark.django_db

SERIES = "IMSA WeatherTech SportsCar Championship"


def target(**session):
    event = EventTarget(
        year=2024, name="Rolex 24 At Daytona", series=SERIES, race="24 Hours of Daytona", circuit="Daytona", line=2
    )
    return SessionTarget(event=event, name=session.pop("name", "Race"), kind=session.pop("kind", "race"), **session)


def crew(*names: str) -> tuple[CrewMember, ...]:
    return tuple(CrewMember(*name.split(" ", 1)) for name in names)


PORSCHE = CarRow(
    line=2,
    number="7",
    class_code="GTP",
    team="Porsche Penske Motorsport",
    entrant="Porsche Penske Motorsports",
    car_make="Porsche",
    car_model="963",
    crew=crew("Dane Cameron", "Felipe Nasr", "Matt Campbell", "Josef Newgarden"),
    position=1,
    laps=791,
    total_time_ms=86_304_723,
)
CADILLAC = CarRow(
    line=3,
    number="31",
    class_code="GTP",
    car_make="Cadillac",
    car_model="V-Series.R",
    crew=crew("Pipo Derani", "Jack Aitken", "Tom Blomqvist"),
    position=2,
    laps=791,
    gap_ms=2112,
)


def porsche(**result) -> CarRow:
    return replace(PORSCHE, **result)


def cadillac(**result) -> CarRow:
    return replace(CADILLAC, **result)


def counts():
    return {model.__name__: model.objects.count() for model in (Event, Session, Entry, EntryDriver, Result, Driver)}


def test_it_creates_the_calendar_the_cars_and_the_results_and_says_so():
    report = write_session(target(), [porsche(), cadillac()])

    result = Result.objects.select_related("entry__car__manufacturer", "entry__team").get(entry__number="7")
    assert result.position == 1 and result.class_position == 1 and result.laps == 791
    assert result.entry.team.name == "Porsche Penske Motorsport"
    assert result.entry.entrant_name == "Porsche Penske Motorsports"
    assert result.entry.car.name == "Porsche 963"
    assert [m.driver.family_name for m in result.entry.crew.order_by("order")] == [
        "Cameron",
        "Nasr",
        "Campbell",
        "Newgarden",
    ]
    assert report.created["driver"] == 7
    assert report.created["result"] == 2
    assert report.created["event"] == 1
    assert report.sessions == ["2024 Rolex 24 At Daytona — Race"]


def test_writing_the_same_rows_again_changes_nothing():
    write_session(target(), [porsche(), cadillac()])
    before = counts()

    report = write_session(target(), [porsche(), cadillac()])

    assert counts() == before
    assert not report.has_changes
    assert report.matched["driver"] == 7
    assert report.matched["result"] == 2


def test_corrected_rows_update_the_same_records_in_place():
    write_session(target(), [porsche(), cadillac()])
    result_ids = set(Result.objects.values_list("pk", flat=True))

    # The corrected file swaps the two cars and fixes a lap count.
    report = write_session(target(), [porsche(position=2, laps=790), cadillac(position=1, gap_ms=None)])

    assert set(Result.objects.values_list("pk", flat=True)) == result_ids
    assert Result.objects.get(entry__number="7").position == 2
    assert Result.objects.get(entry__number="7").laps == 790
    assert Result.objects.get(entry__number="31").position == 1
    assert Driver.objects.count() == 7 and Entry.objects.count() == 2
    changed = {change.label: change.fields for change in report.changes if change.action == "changed"}
    assert set(changed["#7 in Race"]) == {"position", "laps", "class_position"}


def test_a_car_no_longer_in_the_rows_loses_its_result_in_that_session():
    write_session(target(), [porsche(), cadillac()])

    report = write_session(target(), [porsche()])

    assert list(Result.objects.values_list("entry__number", flat=True)) == ["7"]
    assert report.removed["result"] == 1
    assert Entry.objects.filter(number="31").exists()  # the car stays entered


def test_names_match_ignoring_case_and_accents_and_the_held_spelling_is_kept():
    estre = DriverFactory(given_name="Kévin", family_name="Estre")
    row = porsche(crew=crew("KEVIN ESTRE", "dane cameron"))

    write_session(target(), [row])

    assert Driver.objects.filter(family_name__iexact="estre").count() == 1
    cameron = Driver.objects.get(family_name="cameron")
    assert list(Entry.objects.get().drivers.order_by("crews__order")) == [estre, cameron]
    estre.refresh_from_db()
    assert estre.full_name == "Kévin Estre"


def test_names_written_without_spaces_or_hyphens_find_the_held_ones():
    Team.objects.create(name="Vasser Sullivan")
    DriverFactory(given_name="Roman", family_name="De Angelis")
    row = porsche(team="VasserSullivan", entrant="", crew=crew("Roman DeAngelis"))

    write_session(target(), [row])

    assert Team.objects.count() == 1
    assert Driver.objects.count() == 1


def test_a_team_is_found_by_a_name_it_entered_under():
    write_session(target(), [porsche()])
    sebring = SessionTarget(
        event=EventTarget(year=2024, name="12 Hours of Sebring", series=SERIES, line=2), name="Race", kind="race"
    )

    write_session(sebring, [porsche(team="Porsche Penske Motorsports", entrant="")])

    assert Team.objects.count() == 1
    entry = Entry.objects.get(event__name="12 Hours of Sebring")
    assert entry.team.name == "Porsche Penske Motorsport"
    assert entry.entrant_name == "Porsche Penske Motorsports"


def test_a_name_two_teams_entered_under_finds_the_team_that_used_it_first():
    first, later = (EntryFactory(entrant_name="Whelen Engineering Racing") for _ in range(2))
    assert first.team != later.team and first.pk < later.pk

    write_session(target(), [porsche(team="WHELEN ENGINEERING RACING", entrant="")])

    entry = Entry.objects.get(event__name="Rolex 24 At Daytona")
    assert entry.team == first.team


def test_a_car_split_differently_is_the_same_car():
    write_session(target(), [porsche(car_make="Mercedes-AMG", car_model="GT3")])

    write_session(target(), [porsche(car_make="Mercedes", car_model="AMG GT3")])

    assert Car.objects.count() == 1


def test_the_chassis_makers_own_engine_is_no_engine_make():
    write_session(target(), [porsche(engine_make="Porsche")])

    car = Car.objects.get()
    assert car.engine_manufacturer is None and car.full_name == "Porsche 963"


def test_a_driver_known_by_family_name_only_is_completed_not_duplicated():
    entry = EntryFactory(number="78", event__name="Rolex 24 At Daytona", event__season__series__name=SERIES)
    goikhberg = EntryDriverFactory(entry=entry, driver=DriverFactory(given_name="", family_name="Goikhberg")).driver
    row = porsche(number="78", crew=crew("Misha Goikhberg", "Loris Spinelli"), team="", entrant="")
    event = EventTarget(year=2024, name="Rolex 24 At Daytona", series=SERIES, line=2)

    report = write_session(SessionTarget(event=event, name="Race", kind="race"), [row])

    goikhberg.refresh_from_db()
    assert goikhberg.full_name == "Misha Goikhberg"
    assert Driver.objects.filter(family_name="Goikhberg").count() == 1
    assert ("changed", "driver") in {(c.action, c.kind) for c in report.changes}


def test_a_driver_known_by_family_name_in_one_race_of_a_file_is_pointed_out_when_named_in_full_in_another():
    # A report names "Goikhberg" alone at Sebring; the file's Daytona race names "Misha Goikhberg".
    sebring = replace(target().event, name="Mobil 1 Twelve Hours of Sebring", race="12 Hours of Sebring")
    family_only = porsche(number="78", crew=(CrewMember("", "Goikhberg"),), team="", entrant="")
    in_full = porsche(number="78", crew=crew("Misha Goikhberg"), team="", entrant="")

    report = write_sessions(
        [SessionBatch(replace(target(), event=sebring), (family_only,)), SessionBatch(target(), (in_full,))]
    )

    assert Driver.objects.filter(family_name="Goikhberg").count() == 2  # the import does not guess
    assert any("Misha Goikhberg is new" in warning and "“Goikhberg”" in warning for warning in report.warnings)


def test_a_crew_is_made_exactly_the_rows_crew_in_order():
    write_session(target(), [porsche()])

    write_session(target(), [porsche(crew=crew("Felipe Nasr", "Dane Cameron", "Matt Campbell"))])

    members = EntryDriver.objects.order_by("order").values_list("driver__family_name", "order")
    assert list(members) == [("Nasr", 1), ("Cameron", 2), ("Campbell", 3)]


def test_a_dry_run_reports_everything_and_keeps_nothing():
    report = write_session(target(), [porsche(), cadillac()], dry_run=True)

    assert report.dry_run and report.created["result"] == 2
    assert Result.objects.count() == 0 and Driver.objects.count() == 0 and Event.objects.count() == 0


def test_session_facts_are_written_and_a_local_start_is_read_in_the_circuits_zone():
    write_session(
        target(
            starts_at=datetime.datetime(2024, 1, 27, 13, 40),
            start_time_known=True,
            time_zone="America/New_York",
            caution_periods=15,
            completeness="partial",
        ),
        [porsche()],
    )

    session = Session.objects.get()
    assert session.starts_at == datetime.datetime(2024, 1, 27, 18, 40, tzinfo=datetime.UTC)
    assert session.caution_periods == 15 and session.is_partial and session.start_time_known


def test_class_positions_given_in_a_partial_classification_are_kept_where_they_cannot_be_derived():
    rows = [
        porsche(),
        CarRow(line=3, number="12", class_code="GTD", crew=crew("Parker Thompson"), position=3, class_position=1),
        CarRow(line=4, number="45", class_code="GTD", crew=crew("Kyle Marcelli"), position=6, class_position=4),
        CarRow(line=5, number="62", class_code="GTDPRO", crew=crew("Daniel Serra"), class_position=1),
    ]

    write_session(target(completeness="partial"), rows)

    places = dict(Result.objects.values_list("entry__number", "class_position"))
    assert places == {"7": 1, "12": 1, "45": 4, "62": 1}


def test_in_a_complete_classification_class_positions_follow_the_overall_order():
    rows = [
        porsche(),
        CarRow(line=3, number="12", class_code="GTD", crew=crew("Parker Thompson"), position=2, class_position=4),
        CarRow(line=4, number="45", class_code="GTD", crew=crew("Kyle Marcelli"), position=3),
    ]

    write_session(target(), rows)

    assert dict(Result.objects.values_list("entry__number", "class_position")) == {"7": 1, "12": 1, "45": 2}


def test_bad_rows_are_refused_with_their_line_and_column_and_nothing_is_written():
    rows = [porsche(), cadillac(position=1, line=9)]

    with pytest.raises(ImportValidationError) as refused:
        write_session(target(), rows)

    assert (refused.value.line, refused.value.column) == (9, "position")
    assert "position 1 is already given in row 2" in refused.value.message
    assert Result.objects.count() == 0 and Driver.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (porsche(crew=crew("Dane Cameron", "Dane CAMERON")), "drivers", "Dane CAMERON is in this car's crew twice"),
        (porsche(laps=-3), "laps", "laps cannot be negative"),
        (porsche(status="did_not_start"), "position", "a car that is “did not start” has no position"),
        (porsche(status="gone"), "status", "“gone” is not a result status"),
        (porsche(number="", crew=()), "number", "a car without a number needs at least one driver"),
        (porsche(qualifying_driver=CrewMember("Jenson", "Button")), "qualifying_driver", "is not in this car's crew"),
        (porsche(total_time_ms=-1), "time", "a time cannot be negative"),
    ],
)
def test_each_kind_of_bad_row_says_what_is_wrong(row, column, message):
    with pytest.raises(ImportValidationError) as refused:
        write_session(target(), [row])

    assert refused.value.column == column
    assert message in refused.value.message


def test_a_parser_can_name_its_own_columns_in_the_messages():
    with pytest.raises(ImportValidationError) as refused:
        write_session(target(), [porsche(laps=-1)], column_names={"laps": "LAPS"})

    assert str(refused.value) == "row 2, column “LAPS”: laps cannot be negative"


def test_two_rows_of_one_car_must_agree_on_its_team():
    qualifying = target(name="Qualifying", kind="qualifying")
    race = target()

    with pytest.raises(ImportValidationError) as refused:
        write_sessions([SessionBatch(qualifying, (porsche(),)), SessionBatch(race, (porsche(team="Penske", line=8),))])

    assert (refused.value.line, refused.value.column) == (8, "team")


def test_an_event_already_held_in_another_season_is_refused():
    write_session(target(), [porsche()])
    other = SessionTarget(
        event=EventTarget(year=2024, name="Rolex 24", series="Another Series", race="24 Hours of Daytona", line=5),
        name="Race",
        kind="race",
    )

    with pytest.raises(ImportValidationError) as refused:
        write_session(other, [porsche()])

    assert refused.value.line == 5 and refused.value.column == "series"
    assert Session.objects.count() == 1


def test_a_class_is_found_by_its_code_or_its_display_name():
    series = SeriesFactory(name=SERIES)
    gtd_pro = CarClassFactory(series=series, code="GTDPRO", name="GTD Pro")

    write_session(target(), [porsche(class_code="GTD Pro")])

    assert Entry.objects.get().car_class == gtd_pro


def test_a_drivers_nationality_and_hometown_fill_what_is_blank_and_keep_what_is_held():
    DriverFactory(given_name="Dane", family_name="Cameron", nationality="")
    DriverFactory(given_name="Felipe", family_name="Nasr", nationality="BR", hometown="Brasília")
    members = (
        CrewMember("Dane", "Cameron", nationality="US", fia_rating="Platinum"),
        CrewMember("Felipe", "Nasr", nationality="US", hometown="Somewhere"),
        CrewMember("Matt", "Campbell", nationality="AU"),
    )

    write_session(target(), [porsche(crew=members)])

    held = {d.family_name: (d.nationality.code, d.hometown) for d in Driver.objects.all()}
    assert held == {"Cameron": ("US", ""), "Nasr": ("BR", "Brasília"), "Campbell": ("AU", "")}
    assert EntryDriver.objects.get(driver__family_name="Cameron").fia_rating == "Platinum"
