"""The archive CSV importer: what a person writing a file sees when it is right and when it is wrong."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from drivers.models import Car, Driver, Team
from results.importers.archive_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, import_archive_file
from results.importers.errors import ImportValidationError
from results.models import Entry, EntryDriver, Event, Result, Session
from tests.factories import DriverFactory, EventFactory, RaceFactory
from tests.page_text import text_of

pytestmark = pytest.mark.django_db

RACE = {
    "series": "IMSA WeatherTech SportsCar Championship",
    "season": "2024",
    "event": "Rolex 24 At Daytona",
    "race": "24 Hours of Daytona",
    "circuit": "Daytona International Speedway",
    "date": "2024-01-27",
    "session": "Race",
}


def car(number: str, position: int | str, **cells) -> dict:
    return (
        RACE
        | {
            "position": str(position),
            "class": "GTP",
            "number": number,
            "team": f"Team {number}",
            "car_make": "Porsche",
            "car_model": "963",
            "drivers": f"Driver {number}A;Driver {number}B",
            "laps": "791",
        }
        | cells
    )


def csv_text(rows: list[dict], extra: tuple[str, ...] = ()) -> str:
    columns = list(REQUIRED_COLUMNS) + [c for c in OPTIONAL_COLUMNS if c in extra or any(c in r for r in rows)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture
def archive_file(tmp_path):
    def write(rows: list[dict], name: str = "archive.csv") -> str:
        path = tmp_path / name
        path.write_text(csv_text(rows), encoding="utf-8")
        return path

    return write


def counts():
    models = (Event, Session, Entry, EntryDriver, Result, Driver, Team, Car)
    return {model.__name__: model.objects.count() for model in models}


def refused(path) -> ImportValidationError:
    with pytest.raises(ImportValidationError) as error:
        import_archive_file(path)
    return error.value


def test_a_file_with_only_the_designs_columns_imports(archive_file):
    rows = [
        car("7", 1, time="23:58:24.723", best_lap="1:35.605"),
        car("31", 2),
        car("65", "", status="DNF", reason="Gearbox", laps="650"),
    ]

    import_archive_file(archive_file(rows))

    winner = Result.objects.select_related("entry__car__manufacturer").get(position=1)
    assert winner.entry.number == "7" and winner.total_time_ms == 86_304_723 and winner.best_lap_ms == 95_605
    retired = Result.objects.get(entry__number="65")
    assert retired.status == Result.Status.RETIRED and retired.source_status == "DNF" and retired.reason == "Gearbox"
    assert Session.objects.get().kind == Session.Kind.RACE


def test_optional_columns_fill_their_fields(archive_file):
    row = car(
        "61",
        "",
        **{"class": "LMP3"},
        class_position="7",
        class_position_at_line="8",
        position_at_line="",
        grid="9",
        gap="+1 Lap",
        class_gap="7 Laps",
        entrant="Ave Motorsports Racing",
        qualifying_driver="Driver 61A",
        best_lap_number="42",
        best_lap_driver="Driver 61B",
        session_kind="race",
        session_start="2024-01-21T12:20",
        session_status="amended",
        completeness="partial",
        round="2",
        end_date="2024-01-28",
        cautions="15",
        red_flags="1",
        duration="24:00:00",
        session_notes="A note.",
        session_classes="LMP3",
        source="A report",
    )

    import_archive_file(archive_file([row]))

    result = Result.objects.select_related("entry", "qualifying_driver", "best_lap_driver", "session__event").get()
    assert (result.class_position, result.class_position_at_line, result.grid) == (7, 8, 9)
    assert (result.gap_laps, result.class_gap_laps, result.best_lap_number) == (1, 7, 42)
    assert result.entry.entrant_name == "Ave Motorsports Racing"
    assert str(result.qualifying_driver) == "Driver 61A" and str(result.best_lap_driver) == "Driver 61B"
    session = result.session
    assert session.status == "amended" and session.is_partial and session.start_time_known
    assert session.local_start.strftime("%Y-%m-%d %H:%M") == "2024-01-21 12:20"
    assert (session.caution_periods, session.red_flags, session.notes, session.source) == (15, 1, "A note.", "A report")
    assert list(session.classes.values_list("code", flat=True)) == ["LMP3"]
    assert (session.event.round, str(session.event.end_date)) == (2, "2024-01-28")


def test_importing_the_same_file_twice_changes_nothing(archive_file):
    path = archive_file([car(str(n), n) for n in range(1, 11)])
    import_archive_file(path)
    before = counts()

    report = import_archive_file(path)

    assert counts() == before
    assert not report.has_changes
    assert report.matched["result"] == 10


def test_a_corrected_file_updates_the_rows_in_place(archive_file):
    import_archive_file(archive_file([car("7", 1), car("31", 2)]))
    before = counts()

    report = import_archive_file(archive_file([car("7", 2, laps="790"), car("31", 1)], name="corrected.csv"))

    assert counts() == before
    assert dict(Result.objects.values_list("entry__number", "position")) == {"7": 2, "31": 1}
    assert Result.objects.get(entry__number="7").laps == 790
    assert report.changed["result"] == 2


def test_names_match_across_case_and_accents(archive_file):
    estre = DriverFactory(given_name="Kévin", family_name="Estre")

    import_archive_file(archive_file([car("6", 1, drivers="Kevin ESTRE;André Lotterer", team="porsche penske")]))
    import_archive_file(archive_file([car("6", 1, drivers="KÉVIN Estre;Andre Lotterer", team="Porsche Penske")]))

    assert Driver.objects.count() == 2
    assert Entry.objects.get().drivers.filter(pk=estre.pk).exists()
    assert Team.objects.get().name == "porsche penske"  # the first spelling held is kept


def test_an_error_at_row_40_writes_nothing_and_names_row_40(archive_file):
    rows = [car(str(n), n) for n in range(1, 39)]  # rows 2 to 39
    rows.append(car("40", 39, laps="seven"))  # row 40
    rows += [car(str(n), n) for n in range(41, 45)]

    error = refused(archive_file(rows))

    assert (error.line, error.column) == (40, "laps")
    assert str(error) == "archive.csv, row 40, column “laps”: “seven” is not a whole number"
    assert set(counts().values()) == {0}


def test_an_error_found_while_writing_also_writes_nothing(archive_file):
    # The 2024 Sebring 12 Hours is held in another series: row 40 says IMSA, which only
    # the archive can tell, after rows 2 to 39 have been written.
    EventFactory(name="12 Hours of Sebring", race=RaceFactory(name="12 Hours of Sebring"), season__year=2024)
    before = counts()
    rows = [car(str(n), n) for n in range(1, 39)]
    rows.append(car("40", 1) | {"event": "12 Hours of Sebring", "race": "12 Hours of Sebring"})

    error = refused(archive_file(rows))

    assert (error.line, error.column) == (40, "series")
    assert "is already held in" in error.message
    assert counts() == before


def test_event_facts_must_agree_between_rows_of_one_event(archive_file):
    rows = [car("7", 1), car("31", 2, circuit="Sebring International Raceway")]

    error = refused(archive_file(rows))

    assert (error.line, error.column) == (3, "circuit")


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"position": "2"}, "position", "position 2 is already given in row 2"),
        ({"drivers": "Dane Cameron;Dane CAMERON"}, "drivers", "Dane Cameron is in this car's crew twice"),
        ({"laps": "-4"}, "laps", "laps cannot be negative"),
        ({"status": "crashed"}, "status", "unknown status “crashed”"),
        ({"time": "23:61:00"}, "time", "minutes and seconds run to 59"),
        ({"best_lap": "fast"}, "best_lap", "“fast” is not a time"),
        ({"season": "24th"}, "season", "“24th” is not a whole number"),
        ({"date": "27/01/2024"}, "date", "is not a date written YYYY-MM-DD"),
        ({"status": "DNS"}, "position", "a car that is “did not start” has no position"),
        ({"number": "31"}, "number", "car #31 is already given in row 2"),
        ({"session": "Session 3"}, "session_kind", "cannot tell what kind of session “Session 3” is"),
    ],
)
def test_each_bad_cell_is_named_with_its_row_column_and_what_is_wrong(archive_file, cells, column, message):
    rows = [car("31", 2), car("7", 1) | cells]

    error = refused(archive_file(rows))

    assert error.line == 3
    assert error.column == column
    assert message in error.message
    assert Result.objects.count() == 0


def test_every_bad_row_is_listed_at_once(archive_file):
    rows = [car("1", 1, laps="x"), car("2", 2), car("3", 3, status="??")]

    error = refused(archive_file(rows))

    assert [(p.line, p.column) for p in error.problems] == [(2, "laps"), (4, "status")]


def test_a_missing_or_unknown_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("series,season,event,grd\nIMSA,2024,X,1\n", encoding="utf-8")

    error = refused(path)

    assert error.line == 1
    assert ("race", "this column is missing") in [(p.column, p.message) for p in error.problems]
    assert any(p.column == "grd" and "unknown column" in p.message for p in error.problems)


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")

    assert "the file is empty" in refused(path).message


def test_a_historic_edition_needs_no_series_and_no_date(archive_file):
    row = car("00", 1, series="", date="", season="1984", event="SunBank 24 at Daytona", **{"class": ""})
    row |= {"car_make": "March", "car_model": "83G", "engine_make": "Porsche"}

    import_archive_file(archive_file([row]))

    event = Event.objects.get()
    assert event.season is None and event.race.name == "24 Hours of Daytona" and event.year == 1984
    assert event.get_absolute_url() == "/races/24-hours-of-daytona/1984/"
    assert Car.objects.get().full_name == "March 83G-Porsche"


def test_a_class_without_a_series_is_refused(archive_file):
    error = refused(archive_file([car("7", 1, series="")]))

    assert (error.line, error.column) == (2, "class")


def test_a_row_without_a_session_holds_an_entry_and_one_without_a_car_holds_a_session(archive_file):
    rows = [
        RACE | {"session": "", "number": "43", "team": "MDK Motorsports", "drivers": "Mark Kvamme"},
        RACE | {"session": "Qualifying", "session_start": "2024-01-26T09:45"},
    ]

    import_archive_file(archive_file(rows))

    assert Entry.objects.get().number == "43" and Result.objects.count() == 0
    assert Session.objects.get().kind == Session.Kind.QUALIFYING


def test_a_result_without_a_car_is_refused(archive_file):
    error = refused(archive_file([RACE | {"position": "1"}]))

    assert (error.line, error.column) == (2, "position")
    assert "a result needs a car" in error.message


def test_session_facts_must_agree_between_rows(archive_file):
    rows = [car("7", 1, cautions="15"), car("31", 2, cautions="14")]

    error = refused(archive_file(rows))

    assert (error.line, error.column) == (3, "cautions")


def test_a_family_name_alone_can_be_written_in_capitals(archive_file):
    import_archive_file(archive_file([car("78", 1, drivers="Goikhberg;DE FRANCESCO")]))

    assert sorted(Driver.objects.values_list("given_name", "family_name")) == [("", "De Francesco"), ("", "Goikhberg")]


def test_the_command_prints_a_summary_and_a_dry_run_saves_nothing(archive_file):
    path = archive_file([car("7", 1), car("31", 2)])
    out = io.StringIO()

    call_command("import_archive", str(path), "--dry-run", stdout=out)

    assert "Created: 1 car, 1 circuit" in out.getvalue() and "Dry run: nothing was saved." in out.getvalue()
    assert Result.objects.count() == 0

    call_command("import_archive", str(path), stdout=out)
    assert Result.objects.count() == 2


def test_the_command_says_what_is_wrong_and_imports_nothing(archive_file):
    path = archive_file([car("7", 1), car("31", 2, laps="-1")])

    with pytest.raises(CommandError) as error:
        call_command("import_archive", str(path))

    assert "Nothing was imported" in str(error.value)
    assert "archive.csv, row 3, column “laps”: laps cannot be negative" in str(error.value)
    assert Result.objects.count() == 0


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="there is no file"):
        call_command("import_archive", str(tmp_path / "nowhere.csv"))


def test_qualifying_and_race_of_several_events_in_one_file_share_each_cars_entry(archive_file):
    sebring = {"event": "Mobil 1 Twelve Hours of Sebring", "race": "12 Hours of Sebring", "date": "2024-03-16"}
    sebring["circuit"] = "Sebring International Raceway"
    qualifying = {"session": "Qualifying", "session_kind": "qualifying"}
    rows = [
        car("7", 1, **qualifying),
        car("31", 2, **qualifying),
        car("7", 2),
        car("31", 1),
        car("01", 3),  # in the race only
        car("7", 1, **sebring, **qualifying),
        car("7", 1, **sebring),
    ]

    import_archive_file(archive_file(rows))

    daytona, sebring_event = Event.objects.order_by("start_date")
    assert sorted(daytona.entries.values_list("number", flat=True)) == ["01", "31", "7"]
    assert list(sebring_event.entries.values_list("number", flat=True)) == ["7"]
    seven = daytona.entries.get(number="7")
    assert [m.driver.full_name for m in seven.crew.order_by("order")] == ["Driver 7A", "Driver 7B"]
    assert {(r.session.name, r.position) for r in seven.results.select_related("session")} == {
        ("Qualifying", 1),
        ("Race", 2),
    }
    assert Result.objects.filter(session__event=sebring_event).count() == 2
    # Imported again, nothing changes.
    before = counts()
    import_archive_file(archive_file(rows, name="again.csv"))
    assert counts() == before


def test_the_preview_warns_of_names_a_source_has_garbled(archive_file):
    rows = [
        car("7", 1, drivers="Louis Krages);Francis Curzon, Earl"),
        car("31", 2, drivers="Jean-Pierre Wimille;Patrick O'Hara Jr.;Dale Earnhardt, Jr.;Jürgen Barth"),
    ]

    report = import_archive_file(archive_file(rows), dry_run=True)

    odd = [warning for warning in report.warnings if "their name holds" in warning]
    assert odd == [
        "Driver “Louis Krages)” is new and their name holds “)”: check how the source wrote it.",
        "Driver “Francis Curzon, Earl” is new and their name holds “,”: check how the source wrote it.",
    ]
    assert counts()["Driver"] == 0  # a preview keeps nothing


def test_a_generational_suffix_stays_with_the_family_name_it_follows(archive_file, client):
    rows = [car("7", 1, drivers="Juan Manuel Fangio II;Al Unser Jr."), car("31", 2, drivers="Juan Manuel FANGIO III")]

    import_archive_file(archive_file(rows))

    names = {(d.given_name, d.family_name) for d in Driver.objects.all()}
    assert names == {("Juan Manuel", "Fangio II"), ("Al", "Unser Jr."), ("Juan Manuel", "Fangio III")}
    # Filed under F, not under "II": the index lists them by family name.
    index = text_of(client.get(reverse("results:drivers")).content.decode())
    assert index.index("Fangio II") < index.index("Fangio III") < index.index("Unser Jr.")


def test_the_preview_says_a_new_driver_is_probably_one_the_archive_holds_spelt_otherwise(archive_file):
    DriverFactory(given_name="Frederic", family_name="Makowiekci")
    DriverFactory(given_name="Felipe", family_name="Massa")
    DriverFactory(given_name="Ricky", family_name="Taylor")
    rows = [car("7", 1, drivers="Fred Makowiecki;Felipe Nasr"), car("10", 2, drivers="Jordan Taylor")]

    report = import_archive_file(archive_file(rows), dry_run=True)

    near = [warning for warning in report.warnings if "is probably" in warning]
    assert near == [
        "Driver “Fred Makowiecki” is new, and is probably “Frederic Makowiekci”, whom the archive holds: "
        "if so, write the name as the archive does and import again."
    ]
