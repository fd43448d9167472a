"""Small lap files written here, one for each way a race ends or a file goes wrong: a car
that retires, an in-lap at the finish, a driver whose accents the file lacks, a red flag;
a car not in the session, a lap given twice, a driver not in the crew."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from drivers.merging import merge, undo_merge
from drivers.models import Driver
from results.importers.errors import ImportValidationError
from results.importers.laps import import_laps
from results.models import CarClass, CautionPeriod, Entry, Lap, LapFile, Stint
from results.stats import credits
from tests.factories import UserFactory
from tests.results.test_admin_support import log_in_editor
from tests.results.test_import_revert import archive_dump
from tests.results.test_lap_support import lap, lap_file, small_race

pytestmark = pytest.mark.django_db


@pytest.fixture
def race():
    return small_race()


def three_laps(*, last_31: str | None = None, flag_lap_2: str = "GF") -> list[str]:
    rows = [
        lap("7", 1, 1, "1:35.000", "Dane Cameron"),
        lap("31", 1, 1, "1:35.500", "Pipo Derani"),
        lap("57", 1, 1, "1:40.000", "Russell Ward", klass="GTD"),
        lap("7", 1, 2, "3:10.000", "Dane Cameron", flag=flag_lap_2),
        lap("31", 1, 2, "3:11.000", "Pipo Derani", flag=flag_lap_2),
        lap("57", 1, 2, "3:21.000", "Russell Ward", klass="GTD", flag=flag_lap_2),
        lap("7", 1, 3, "4:45.000", "Dane Cameron", flag="FF"),
    ]
    rows.append(last_31 or lap("31", 1, 3, "4:46.000", "Pipo Derani", flag="FF"))
    return rows  # #57 retires after lap 2


def test_a_car_that_retires_has_no_place_after_its_last_lap_and_the_preview_says_it_ends_early(race):
    outcome = import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)

    on_lap_3 = dict(Lap.objects.filter(result__session=race, number=3).values_list("result__entry__number", "position"))
    assert on_lap_3 == {"7": 1, "31": 2}
    ward = Stint.objects.get(result__entry__number="57")
    assert (ward.first_lap, ward.last_lap, ward.ends_in_pit) == (1, 2, False)
    assert "#57 has 2 laps in the lap file and 731 in the classification" in outcome.warnings
    interval = Lap.objects.get(result__entry__number="31", number=3).interval_ms
    assert interval == 1000  # a second behind the #7 across the line


def test_an_in_lap_at_the_finish_ends_the_last_stint_in_the_pits_and_starts_no_other(race):
    in_at_the_flag = lap("31", 1, 3, "4:50.000", "Pipo Derani", flag="FF", pit="B")

    import_laps(data=lap_file(*three_laps(last_31=in_at_the_flag)), file_name="laps.csv", session=race)

    stints = list(Stint.objects.filter(result__entry__number="31"))
    assert len(stints) == 1 and stints[0].ends_in_pit and stints[0].last_lap == 3


def test_a_driver_whose_accents_the_file_lacks_is_found_in_the_crew(race):
    Driver.objects.filter(family_name="Derani").update(given_name="Pípo")

    import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)

    assert Lap.objects.filter(driver__given_name="Pípo").count() == 3


def test_a_red_flag_is_a_period_of_its_own(race):
    import_laps(data=lap_file(*three_laps(flag_lap_2="RF")), file_name="laps.csv", session=race)

    (period,) = CautionPeriod.objects.filter(session=race)
    assert (period.kind, period.first_lap, period.last_lap) == (CautionPeriod.Kind.RED, 2, 2)
    assert (period.starts_ms, period.ends_ms) == (95_000, 190_000)


@pytest.mark.parametrize(
    ("bad_row", "column", "said"),
    [
        (lap("99", 1, 1, "1:36.000", "Nobody Known"), "NUMBER", "car #99 is not in the classification"),
        (lap("7", 1, 2, "3:12.000", "Dane Cameron"), "LAP_NUMBER", "lap 2 of #7 is given twice (first on line 5)"),
        (lap("7", 2, 4, "6:20.000", "Kevin Estre"), "DRIVER_NAME", "Kevin Estre is not in the crew of #7 (Dane"),
        (lap("7", 1, 4, "6:20.000", "Dane Cameron", flag="PURPLE"), "FLAG_AT_FL", "“PURPLE” is not a flag"),
        (lap("7", 1, 4, "later", "Dane Cameron"), "ELAPSED", "“later” is not a time"),
    ],
)
def test_a_lap_that_does_not_fit_is_refused_with_its_line_and_column_and_nothing_is_written(
    race, bad_row, column, said
):
    with pytest.raises(ImportValidationError) as refused:
        import_laps(data=lap_file(*three_laps(), bad_row), file_name="laps.csv", session=race)

    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (10, column)
    assert said in problem.message and problem.file == "laps.csv"
    assert not Lap.objects.exists() and not LapFile.objects.exists()


def test_the_command_imports_a_lap_file_and_names_the_sessions_when_one_is_wrong(race, tmp_path):
    path = tmp_path / "race-laps.csv"
    path.write_bytes(lap_file(*three_laps()))
    event = race.event
    address = f"{event.season.series.slug}/{event.year}/{event.slug}"
    out = StringIO()

    call_command("import_laps", str(path), "--event", address, "--session", "race", stdout=out)

    assert "race-laps.csv: 8 laps of 3 cars into" in out.getvalue() and "1 caution periods" not in out.getvalue()
    assert Lap.objects.filter(result__session=race).count() == 8
    with pytest.raises(CommandError, match="has no session “Warm-up” \\(its sessions: Race\\)"):
        call_command("import_laps", str(path), "--event", address, "--session", "Warm-up")


def test_an_editor_uploads_a_lap_file_sees_the_preview_and_confirms_it(client, race):
    log_in_editor(client)
    page = reverse("admin:results_session_import_laps", args=[race.pk])
    assert f'href="{page}"' in client.get(reverse("admin:results_session_change", args=[race.pk])).text

    preview = client.post(page, {"laps": SimpleUploadedFile("race-laps.csv", lap_file(*three_laps()))}).text
    assert "8 laps of 3 cars" in preview and "#57 has 2 laps in the lap file and 731 in the classification" in preview
    assert not Lap.objects.exists()

    token = client.session["lap_import"]["token"]
    done = client.post(page, {"token": token, "confirm": "1"}, follow=True).text
    assert "8 laps of 3 cars" in done and Lap.objects.filter(result__session=race).count() == 8


def test_a_bad_lap_file_is_shown_with_its_problems_and_a_cancelled_one_writes_nothing(client, race):
    log_in_editor(client)
    page = reverse("admin:results_session_import_laps", args=[race.pk])
    bad = lap_file(*three_laps(), lap("99", 1, 1, "1:36.000", "Nobody Known"))

    refused = client.post(page, {"laps": SimpleUploadedFile("laps.csv", bad)}).text
    assert "Nothing was imported" in refused
    assert "laps.csv, row 10, column “NUMBER”: car #99 is not in the classification" in refused

    client.post(page, {"laps": SimpleUploadedFile("laps.csv", lap_file(*three_laps()))})
    client.post(page, {"token": client.session["lap_import"]["token"], "cancel": "1"})
    assert not Lap.objects.exists()
    client.force_login(UserFactory(username="viewer", is_staff=True))
    assert client.get(page).status_code == 403


def test_merging_a_driver_moves_their_laps_and_stints_and_undoing_puts_them_back(race):
    import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)
    cameron = Driver.objects.get(family_name="Cameron")
    spelt_otherwise = Driver.objects.create(given_name="Dane", family_name="Camerón")
    before = archive_dump()

    with transaction.atomic(), credits.recounting():
        done = merge(cameron, spelt_otherwise)
    assert Lap.objects.filter(driver=spelt_otherwise).count() == 3
    assert Stint.objects.get(result__entry__number="7").driver == spelt_otherwise
    assert "3 laps move from Dane Cameron to Dane Camerón" in done.lines

    with transaction.atomic(), credits.recounting():
        undo_merge(done.log)
    assert archive_dump() == before


def test_a_lap_file_imported_again_after_a_car_lost_its_laps_writes_them_again(race):
    import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)
    Lap.objects.filter(result__entry__number="57").delete()  # as when its result was deleted and put back

    again = import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)

    assert not again.unchanged and Lap.objects.filter(result__entry__number="57").count() == 2


def test_a_car_moved_to_another_class_is_placed_again_when_its_laps_are_imported_again(race):
    import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)
    ward = Lap.objects.get(result__entry__number="57", number=1)
    assert ward.class_position == 1  # alone in GTD
    Entry.objects.filter(number="57").update(car_class=CarClass.objects.get(code="GTP"))

    import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race)

    assert Lap.objects.get(result__entry__number="57", number=1).class_position == 3


@pytest.mark.parametrize(
    ("weather", "column", "said"),
    [
        ("99999999999999999,70,80,", "TIME_UTC_SECONDS", "is not a time in seconds since 1970"),
        ("1728749467,71,80,", "TIME_UTC_SECONDS", "a reading at this moment is given already, on line 2"),
    ],
)
def test_a_weather_file_with_an_impossible_or_repeated_moment_is_refused_with_its_line(race, weather, column, said):
    data = ("TIME_UTC_SECONDS,AIR_TEMP,TRACK_TEMP,\n1728749467,70,80,\n" + weather + "\n").encode()

    with pytest.raises(ImportValidationError) as refused:
        import_laps(data=lap_file(*three_laps()), file_name="laps.csv", session=race, weather=data, weather_name="w")

    (problem,) = refused.value.problems
    assert (problem.line, problem.column) == (3, column) and said in problem.message
    assert not Lap.objects.exists()


def test_a_drivers_place_below_one_is_refused(race):
    nameless = lap("7", -1, 4, "6:20.000", "")

    with pytest.raises(ImportValidationError, match="a driver's place in the crew is counted from 1"):
        import_laps(data=lap_file(*three_laps(), nameless), file_name="laps.csv", session=race)
