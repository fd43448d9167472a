"""`manage.py import_timing`: what an editor at a terminal sees."""

import io

import pytest
from django.core.management import CommandError, call_command

from results.models import Entry, Result, Session
from tests.results.test_timing_support import SEBRING_QUALIFYING, imsa_event, needs_real_files, small_imsa_race

pytestmark = pytest.mark.django_db


def address(event) -> str:
    return f"{event.season.series.slug}/{event.year}/{event.slug}"


def command(*args) -> str:
    out = io.StringIO()
    call_command("import_timing", *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def race_file(tmp_path):
    path = tmp_path / "202401271340-race-results.csv"
    path.write_bytes(small_imsa_race())
    return path


def test_a_dry_run_prints_the_preview_and_saves_nothing(race_file):
    event = imsa_event()

    out = command(race_file, "--event", address(event), "--session", "Race", "--dry-run")

    assert "202401271340-race-results.csv: IMSA race results, 3 cars, into “Race”." in out
    assert "Class GTP → GTP" in out
    created = "Created: 3 cars, 8 crew members, 8 drivers, 3 entries, 3 manufacturers, 3 results, 1 session, 3 teams"
    assert created in out
    assert "New teams: Porsche Penske Motorsports, Whelen Engineering Cadillac Racing, Winward Racing" in out
    assert out.splitlines()[-1] == "Dry run: nothing was saved."
    assert not Session.objects.exists() and not Entry.objects.exists()


def test_it_creates_the_session_of_the_files_kind_and_a_second_run_changes_nothing(race_file):
    event = imsa_event()

    command(race_file, "--event", address(event), "--session", "Race", "--status", "provisional")
    again = command(race_file, "--event", address(event), "--session", "Race", "--status", "provisional")

    session = Session.objects.get(event=event)
    assert (session.name, session.kind, session.status, session.source) == (
        "Race",
        "race",
        "provisional",
        race_file.name,
    )
    assert session.results.count() == 3
    assert "Created: nothing" in again and "Changed: nothing" in again


@needs_real_files
def test_a_qualifying_file_makes_a_qualifying_session_unless_told_otherwise():
    event = imsa_event("12 Hours of Sebring")

    command(SEBRING_QUALIFYING, "--event", address(event), "--session", "Qualifying")
    command(SEBRING_QUALIFYING, "--event", address(event), "--session", "Practice 3", "--kind", "practice")

    assert dict(event.sessions.values_list("name", "kind")) == {"Qualifying": "qualifying", "Practice 3": "practice"}
    assert Result.objects.filter(session__name="Qualifying", position=1, entry__number="31").exists()


def test_a_bad_file_is_refused_with_its_line_and_column_and_nothing_is_written(tmp_path):
    event = imsa_event()
    path = tmp_path / "bad.csv"
    path.write_bytes(small_imsa_race(time="23:5x:24.723"))

    with pytest.raises(CommandError) as raised:
        command(path, "--event", address(event), "--session", "Race")

    assert "Nothing was imported." in str(raised.value)
    assert "bad.csv, row 2, column “TOTAL_TIME”: “23:5x:24.723” is not a time" in str(raised.value)
    assert not Session.objects.exists()


def test_a_file_too_big_is_refused_before_it_is_read(tmp_path):
    event = imsa_event()
    path = tmp_path / "huge.csv"
    with path.open("wb") as huge:
        huge.truncate(50 * 1024 * 1024)

    with pytest.raises(CommandError, match="the file is 50.0 MB"):
        command(path, "--event", address(event), "--session", "Race")


def test_an_unknown_class_asks_which_class_it_is_and_takes_the_answer(race_file):
    event = imsa_event()
    race_file.write_bytes(small_imsa_race().replace(b";GTD;", b";GTD-AM;"))

    with pytest.raises(CommandError) as raised:
        command(race_file, "--event", address(event), "--session", "Race")
    assert "“GTD-AM” is not a class of IMSA WeatherTech SportsCar Championship" in str(raised.value)
    assert "--map-class GTD-AM=CLASS" in str(raised.value)
    assert not Session.objects.exists()

    out = command(race_file, "--event", address(event), "--session", "Race", "--map-class", "GTD-AM=GTD")
    assert "Class GTD-AM → GTD (as you chose)" in out
    assert Result.objects.get(entry__number="57").entry.car_class.code == "GTD"


def test_an_event_not_found_lists_the_events_of_that_season(race_file):
    event = imsa_event()

    with pytest.raises(CommandError) as raised:
        command(race_file, "--event", f"{event.season.series.slug}/2024/nowhere", "--session", "Race")

    assert f"There is no event “{event.season.series.slug}/2024/nowhere”" in str(raised.value)
    assert event.slug in str(raised.value)
