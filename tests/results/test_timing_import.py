"""Importing an official timing file (Al Kamel CSV) into a session: what an editor finds afterwards."""

import pytest

from drivers.models import Car, Driver, Team
from results.importers.errors import ImportValidationError
from results.importers.timing import NEW_CLASS, UnknownClasses, import_timing
from results.models import CarClass, Entry, EntryDriver, Result, Session, SessionImport
from tests.factories import EntryFactory, EventFactory, ManufacturerFactory, SessionFactory, TeamFactory, update_each
from tests.results.test_timing_support import (
    ACO_HEADER,
    DAYTONA,
    PORSCHE_CREW,
    SEBRING_QUALIFYING,
    csv_bytes,
    imsa_car,
    imsa_event,
    imsa_header,
    needs_real_files,
    small_imsa_race,
)

pytestmark = pytest.mark.django_db


def run(event, data: bytes, session="Race", name="results.csv", **options):
    return import_timing(data=data, file_name=name, event=event, session_name=session, **options)


def crew(entry: Entry) -> list[str]:
    return [m.driver.full_name for m in entry.crew.select_related("driver").order_by("order")]


def result(session_name: str, number: str) -> Result:
    return Result.objects.select_related("entry__car_class", "entry__team", "entry__car__manufacturer").get(
        session__name=session_name, entry__number=number
    )


def class_winner(code: str) -> Result:
    return Result.objects.select_related("entry__car__manufacturer").get(
        session__name="Race", class_position=1, entry__car_class__code=code
    )


# The real files -----------------------------------------------------------------------


@needs_real_files
def test_the_2024_rolex_24_file_gives_59_cars_and_the_winners_of_every_class():
    event = imsa_event()
    TeamFactory(name="Porsche Penske Motorsport")

    outcome = run(event, DAYTONA.read_bytes(), name=DAYTONA.name)

    assert outcome.layout.key == "imsa-race"
    assert event.entries.count() == 59 and Result.objects.count() == 59
    winner = result("Race", "7")
    assert winner.position == 1 and winner.class_position == 1 and winner.entry.car_class.code == "GTP"
    assert str(winner.entry.car) == "Porsche 963" and winner.entry.car.manufacturer.name == "Porsche"
    assert crew(winner.entry) == ["Dane Cameron", "Felipe Nasr", "Matt Campbell", "Josef Newgarden"]
    assert winner.laps == 791 and winner.total_time_ms == 86_304_723
    assert winner.best_lap_ms == 95_605 and winner.best_lap_number == 637
    assert winner.entry.team.name == "Porsche Penske Motorsport"
    assert winner.entry.entrant_name == "Porsche Penske Motorsports"
    assert Team.objects.filter(name__icontains="Penske").count() == 1
    assert [class_winner(code).entry.number for code in ("LMP2", "GTDPRO", "GTD")] == ["18", "62", "57"]
    assert result("Race", "31").gap_ms == 2_112 and result("Race", "85").gap_laps == 2
    # "01" and "1" are two cars: a Cadillac in GTP and a BMW in GTD Pro.
    cadillac, bmw = result("Race", "01"), result("Race", "1")
    assert cadillac.entry_id != bmw.entry_id
    assert (cadillac.entry.car_class.code, bmw.entry.car_class.code) == ("GTP", "GTDPRO")
    # The file's country is where a driver lives (Blomqvist, British, lives in Monaco): a
    # hometown, not a nationality.
    blomqvist = Driver.objects.get(family_name="Blomqvist")
    assert (blomqvist.nationality, blomqvist.hometown) == ("", "Monaco")
    assert EntryDriver.objects.get(driver__family_name="Blomqvist").fia_rating == "Platinum"
    session = Session.objects.get(event=event, name="Race")
    assert session.kind == "race" and session.source == DAYTONA.name and session.status == "official"


@needs_real_files
def test_importing_the_same_file_again_changes_nothing():
    event = imsa_event()
    run(event, DAYTONA.read_bytes(), name=DAYTONA.name)
    counts = [model.objects.count() for model in (Entry, EntryDriver, Result, Driver, Team, Car, SessionImport)]

    outcome = run(event, DAYTONA.read_bytes(), name=DAYTONA.name)

    assert not outcome.report.has_changes
    assert outcome.report.matched["result"] == 59
    assert [model.objects.count() for model in (Entry, EntryDriver, Result, Driver, Team, Car, SessionImport)] == counts


@needs_real_files
def test_the_sebring_qualifying_file_gives_the_grid_order_with_best_laps():
    event = imsa_event("12 Hours of Sebring")

    outcome = run(event, SEBRING_QUALIFYING.read_bytes(), session="Qualifying", name=SEBRING_QUALIFYING.name)

    assert outcome.layout.key == "imsa-qualifying"
    session = Session.objects.get(event=event, name="Qualifying")
    assert session.kind == "qualifying" and session.results.count() == 58
    pole = result("Qualifying", "31")
    assert pole.position == 1 and pole.best_lap_ms == 108_152 and pole.best_lap_number == 5 and pole.laps == 6
    assert pole.total_time_ms is None
    assert result("Qualifying", "01").gap_ms == 147
    # Three cars set no time: they keep their place at the back, with no best lap.
    no_time = Result.objects.filter(session=session, best_lap_ms__isnull=True).order_by("position")
    assert [(r.position, r.entry.number, r.best_lap_number) for r in no_time] == [
        (56, "6", None),
        (57, "10", None),
        (58, "83", None),
    ]
    assert result("Qualifying", "14").class_position == 1  # the GTD Pro pole
    kirchhofer = Driver.objects.get(family_name="Kirchhöfer")
    assert kirchhofer.nationality == "" and kirchhofer.hometown.endswith("Switzerland")
    assert Driver.objects.get(family_name="van der Zande").given_name == "Renger"


# The ACO layout and the quirks ----------------------------------------------------------------


def aco_file(**options) -> bytes:
    rows = [
        ["1", "42", "Strakka Racing", "Nick LEVENTIS", "Danny WATTS", "Jonny KANE", "", "HPD ARX 01d - HPD"]
        + ["M", "LMP2", "", "", "Classified", "336", "24:00'52.512", "", "", "218", "3'41.213", "220.4", ""],
        ["2", "26", "Signatech Nissan", "Franck MAILLEUX", "Lucas ORDONEZ", "Soheil AYARI", "", "Oreca 03 - Nissan"]
        + ["M", "LMP2", "", "", "Classified", "335", "24:01'21.381", "1 Laps", "1 Laps", "300", "3'42.001", "", ""],
        ["3", "0", "Greaves Motorsport", "Simon DOLAN", "Sébastien CRUBILÉ", "Alexander TALKANITSA JR", "", ""]
        + ["M", "LMP2", "", "", "Running", "330", "4:00'04.690", "6 Laps", "", "12", "1'36.144", "", ""],
        ["4", "44", "Starworks Motorsport", "Ryan DALZIEL", "Enzo POTOLICCHIO", "", "", "Zytek Z11SN - Nissan"]
        + ["M", "LMP2", "", "", "Not classified", "280", "23:59'01.000", "-12 Laps", "", "99", "3'45.000", "", ""],
        ["5", "99", "Wild Card", "John DOE", "", "", "", "Zytek Z11SN - Nissan"]
        + ["M", "LMP2", "", "", "Black flagged", "100", "9:00'00.000", "236 Laps", "", "1", "3'50.000", "", ""],
    ]
    return csv_bytes([" " + c if c == "LAPS" else c for c in ACO_HEADER], rows, **options)


def wec_event():
    event = EventFactory(name="24 Hours of Le Mans", season__series__name="FIA World Endurance Championship")
    CarClass.objects.create(series=event.season.series, code="LMP2", name="LMP2", order=2)
    return event


@pytest.mark.parametrize(
    "options",
    [{}, {"delimiter": ","}, {"bom": False, "trailing": False}, {"crlf": True}],
    ids=["as-written", "commas", "no-bom-no-trailing-delimiter", "crlf"],
)
def test_an_aco_classification_is_read_whatever_its_delimiter_and_line_ends(options):
    event = wec_event()

    outcome = run(event, aco_file(**options))

    assert outcome.layout.key == "aco"
    winner = result("Race", "42")
    assert crew(winner.entry) == ["Nick Leventis", "Danny Watts", "Jonny Kane"]
    assert winner.total_time_ms == ((24 * 60 + 0) * 60 + 52) * 1000 + 512
    assert winner.best_lap_ms == 221_213 and winner.gap_ms is None and winner.gap_laps is None
    assert result("Race", "26").gap_laps == 1
    greaves = result("Race", "0")
    assert greaves.total_time_ms == 14_404_690 and greaves.best_lap_ms == 96_144
    assert crew(greaves.entry) == ["Simon Dolan", "Sébastien Crubilé", "Alexander Talkanitsa Jr"]
    assert greaves.status == "classified" and greaves.source_status == "Running"
    assert greaves.entry.car is None  # the file names no car
    zytek = result("Race", "44")
    assert zytek.status == "not_classified" and zytek.position is None and zytek.class_position is None
    assert zytek.gap_laps == 12
    car = zytek.entry.car
    assert (car.manufacturer.name, car.model, car.engine_manufacturer.name) == ("Zytek", "Z11SN", "Nissan")


def test_a_status_the_importer_does_not_know_is_kept_as_written_with_a_warning():
    event = wec_event()

    outcome = run(event, aco_file())

    flagged = result("Race", "99")
    assert flagged.source_status == "Black flagged" and flagged.status == "classified" and flagged.position == 5
    assert any("Black flagged" in warning for warning in outcome.report.warnings)


def test_short_rows_and_header_names_with_spaces_are_read():
    event = imsa_event()
    data = small_imsa_race().decode("utf-8-sig").replace(";LAPS;", "; LAPS ;", 1)
    lines = data.split("\n")
    lines[3] = lines[3].rstrip(";")  # the GTD car's row stops after its one driver
    assert lines[3].count(";") < 40 < lines[0].count(";")

    run(event, "\n".join(lines).encode())

    assert result("Race", "57").laps == 731 and crew(result("Race", "57").entry) == ["Russell Ward"]


def test_the_make_is_split_from_the_model_by_the_makes_the_archive_knows():
    event = imsa_event()
    ManufacturerFactory(name="Mercedes-AMG")

    run(event, small_imsa_race())

    car = result("Race", "57").entry.car
    assert (car.manufacturer.name, car.model) == ("Mercedes-AMG", "GT3")
    cadillac = result("Race", "31").entry.car
    assert (cadillac.manufacturer.name, cadillac.model) == ("Cadillac", "V-Series.R")


def test_teams_are_matched_across_the_ways_files_write_their_names():
    event = imsa_event()
    penske = TeamFactory(name="Porsche Penske Motorsport")
    vasser = TeamFactory(name="Vasser Sullivan")
    data = small_imsa_race().replace(b"Whelen Engineering Cadillac Racing", b"VasserSullivan")
    data = data.replace(b"Winward Racing", b"Porsche  Penske Motorsports")

    run(event, data)

    assert result("Race", "7").entry.team == penske
    assert result("Race", "57").entry.team == penske
    assert result("Race", "31").entry.team == vasser
    assert Team.objects.count() == 2


# Classes ------------------------------------------------------------------------------------


def test_an_unknown_class_stops_the_import_with_a_question_naming_the_code_and_the_known_classes():
    event = imsa_event()
    data = small_imsa_race().replace(b";GTD;", b";GTD-AM;")

    with pytest.raises(UnknownClasses) as raised:
        run(event, data)

    assert raised.value.codes == ["GTD-AM"]
    message = str(raised.value)
    assert "“GTD-AM” is not a class of IMSA WeatherTech SportsCar Championship" in message
    assert "GTP, LMP2, GTD Pro (GTDPRO), GTD" in message
    assert not Result.objects.exists() and not Entry.objects.exists()


def test_an_unknown_class_is_read_as_the_class_the_editor_names_or_created():
    event = imsa_event()
    data = small_imsa_race().replace(b";GTD;", b";GTD-AM;")

    mapped = run(event, data, class_map={"GTD-AM": "GTD"})
    assert result("Race", "57").entry.car_class.code == "GTD"
    assert [str(choice) for choice in mapped.classes] == ["GTP → GTP", "GTD-AM → GTD (as you chose)"]

    created = run(event, data, class_map={"gtd-am": NEW_CLASS})
    assert result("Race", "57").entry.car_class.code == "GTD-AM"
    assert created.report.created["class"] == 1


# Corrections -----------------------------------------------------------------------------


def test_the_official_classification_updates_the_provisional_one_in_place_and_keeps_the_editors_additions():
    event = imsa_event()
    run(event, small_imsa_race(), name="provisional.csv", status="provisional")
    session = Session.objects.get(event=event, name="Race")
    Session.objects.filter(pk=session.pk).update(notes="Fifteen cautions.", caution_periods=15)
    Result.objects.filter(entry__number="7").update(grid=3, reason="Led the last hour")
    nasr = Driver.objects.get(family_name="Nasr")
    update_each(Result.objects.filter(entry__number="7"), qualifying_driver=nasr)
    ids = set(Result.objects.values_list("pk", flat=True))

    outcome = run(event, small_imsa_race(laps="790", time="23:58:30.000"), name="official.csv", status="official")

    session.refresh_from_db()
    assert session.status == "official" and session.source == "official.csv"
    assert session.notes == "Fifteen cautions." and session.caution_periods == 15
    porsche = result("Race", "7")
    assert porsche.laps == 790 and porsche.total_time_ms == 86_310_000
    assert porsche.grid == 3 and porsche.reason == "Led the last hour" and porsche.qualifying_driver == nasr
    assert set(Result.objects.values_list("pk", flat=True)) == ids
    log = session.imports.first()
    assert log.file_name == "official.csv" and log.status == "official"
    assert "changed result #7 in Race (laps, time)" in log.change_lines
    assert "changed session" in log.changes
    assert outcome.log == log and session.imports.count() == 2


def test_a_dry_run_reports_everything_and_keeps_nothing():
    event = imsa_event()

    outcome = run(event, small_imsa_race(), dry_run=True)

    assert outcome.report.created["result"] == 3 and outcome.report.created["driver"] == 8
    assert not Result.objects.exists() and not Driver.objects.exists() and not Session.objects.exists()
    assert any("3 results" in line for line in outcome.preview_lines())


def test_a_session_held_under_another_kind_keeps_it():
    event = imsa_event()
    SessionFactory(event=event, name="Warm-up", kind="warmup")

    run(event, small_imsa_race(), session="warm-up")

    assert list(event.sessions.values_list("name", "kind")) == [("Warm-up", "warmup")]


# Bad files ---------------------------------------------------------------------------------


def missing_column():
    return small_imsa_race().replace(b";FL_TIME;", b";FASTEST;")


def position_twice():
    return small_imsa_race().replace(b"\n3;57;", b"\n2;57;")


def empty_number():
    return small_imsa_race().replace(b"\n2;31;", b"\n2;;")


def bad_time():
    return small_imsa_race(time="23:5x:24.723")


def bad_gap():
    return small_imsa_race().replace(b"60 Laps", b"sixty")


@pytest.mark.parametrize(
    ("data", "line", "column", "message"),
    [
        (missing_column(), 1, "FL_TIME", "this column is missing"),
        (position_twice(), 4, "POSITION", "position 2 is already given in row 3"),
        (empty_number(), 3, "NUMBER", "the car number is empty"),
        (bad_time(), 2, "TOTAL_TIME", "“23:5x:24.723” is not a time"),
        (bad_gap(), 4, "GAP_FIRST", "“sixty” is not a time"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "", "not a CSV file"),
        (b"name,age\nAnn,3\n", 1, "", "this is not an Al Kamel results file"),
        (b"", None, "", "the file is empty"),
        (b"\xef\xbb\xbf\n", None, "", "the file is empty"),
        (b"x" * (50 * 1024 * 1024), None, "", "the file is 50.0 MB"),
    ],
    ids=[
        "missing-column",
        "position-twice",
        "empty-number",
        "bad-time",
        "bad-gap",
        "not-csv",
        "not-al-kamel",
        "empty",
        "bom-only",
        "50-mb",
    ],
)
def test_a_bad_file_is_refused_with_the_line_the_column_and_what_is_wrong(data, line, column, message):
    event = imsa_event()

    with pytest.raises(ImportValidationError) as raised:
        run(event, data, name="bad.csv")

    problem = raised.value.problems[0]
    assert (problem.line, problem.column, problem.file) == (line, column, "bad.csv")
    assert message in problem.message
    assert not Session.objects.exists() and not Entry.objects.exists() and not Driver.objects.exists()


def test_every_bad_cell_is_listed_at_once():
    data = small_imsa_race(time="soon").replace(b"\n2;31;", b"\n2;;")

    with pytest.raises(ImportValidationError) as raised:
        run(imsa_event(), data)

    assert [(p.line, p.column) for p in raised.value.problems] == [(2, "TOTAL_TIME"), (3, "NUMBER")]


def test_a_car_entered_before_keeps_its_team_when_the_file_names_it_otherwise():
    event = imsa_event()
    multimatic = TeamFactory(name="Multimatic")
    EntryFactory(event=event, number="57", team=multimatic, entrant_name="")

    run(event, small_imsa_race())

    entry = result("Race", "57").entry
    assert entry.team == multimatic and entry.entrant_name == "Winward Racing"


REPLACEMENT = (("Louis", "Deletraz", "SUI", "Gold"),)


def test_a_qualifying_file_adds_to_the_crews_and_takes_no_one_out_of_them():
    event = imsa_event()
    run(event, small_imsa_race())
    porsche = Entry.objects.get(event=event, number="7")
    assert crew(porsche) == ["Dane Cameron", "Felipe Nasr", "Matt Campbell", "Josef Newgarden"]
    # A qualifying sheet that names, for each car, the one driver who set its time; the
    # Cadillac's is a driver its race crew did not hold.
    rows = [
        imsa_car(1, "7", "GTP", "Porsche Penske Motorsports", "Porsche 963", PORSCHE_CREW[1:2]),
        imsa_car(2, "31", "GTP", "Whelen Engineering Cadillac Racing", "Cadillac V-Series.R", REPLACEMENT),
    ]

    outcome = run(event, csv_bytes(imsa_header(), rows), session="Qualifying", kind="qualifying")

    assert crew(porsche) == ["Dane Cameron", "Felipe Nasr", "Matt Campbell", "Josef Newgarden"]
    cadillac = Entry.objects.get(event=event, number="31")
    assert crew(cadillac) == ["Pipo Derani", "Jack Aitken", "Tom Blomqvist", "Louis Deletraz"]
    assert not outcome.report.removed


def test_a_race_file_still_makes_a_crew_what_it_says():
    event = imsa_event()
    run(event, small_imsa_race())

    two = imsa_car(1, "7", "GTP", "Porsche Penske Motorsports", "Porsche 963", PORSCHE_CREW[:2])
    run(event, csv_bytes(imsa_header(), [two]))

    assert crew(Entry.objects.get(event=event, number="7")) == ["Dane Cameron", "Felipe Nasr"]
