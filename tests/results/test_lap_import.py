"""The lap file of the 2024 Petit Le Mans, imported into its race: every lap, the stints
and stops, the caution periods, the laps led, each class's fastest lap; each checked
against the files themselves, read here on their own."""

import csv
from collections import defaultdict
from io import StringIO

import pytest

from results.importers.laps import import_laps
from results.importers.times import parse_time_ms
from results.importers.timing import import_timing
from results.models import CautionPeriod, Lap, Result, Stint, WeatherReading
from results.stats import laps as lap_stats
from tests.results.test_timing_support import REAL, imsa_event

pytestmark = pytest.mark.django_db

LAPS = REAL / "imsa_2024_petit_le_mans_race_laps.csv"
WEATHER = REAL / "imsa_2024_petit_le_mans_race_weather.csv"
RESULTS = REAL / "imsa_2024_petit_le_mans_race_results.csv"
needs_petit_le_mans = pytest.mark.skipif(
    not (LAPS.exists() and WEATHER.exists() and RESULTS.exists()),
    reason=f"the Petit Le Mans timing files are not in {REAL} (they are kept beside the project, not in it)",
)


def file_rows(path) -> list[dict]:
    """A timing file's rows, read with the csv module alone."""
    text = path.read_text(encoding="utf-8-sig")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    rows = csv.DictReader(StringIO(text), delimiter=delimiter)
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in rows]


@pytest.fixture
def petit_le_mans():
    """The race's classification from its results file, then its laps and weather."""
    event = imsa_event(name="Motul Petit Le Mans")
    import_timing(data=RESULTS.read_bytes(), file_name=RESULTS.name, event=event, session_name="Race")
    race = event.sessions.get(name="Race")
    outcome = import_laps(
        data=LAPS.read_bytes(),
        file_name=LAPS.name,
        session=race,
        weather=WEATHER.read_bytes(),
        weather_name=WEATHER.name,
    )
    return race, outcome


@needs_petit_le_mans
def test_every_lap_of_every_car_is_kept_and_the_winner_has_its_443(petit_le_mans):
    race, outcome = petit_le_mans
    rows = file_rows(LAPS)

    assert Lap.objects.filter(result__session=race).count() == len(rows) == outcome.laps
    winner = Result.objects.get(session=race, position=1)
    assert winner.entry.number == "01"
    assert winner.timed_laps.count() == winner.laps == 443
    assert outcome.warnings == []  # the laps end as the classification does
    assert WeatherReading.objects.filter(session=race).count() == len(file_rows(WEATHER))


@needs_petit_le_mans
def test_the_winners_stints_change_driver_at_the_stop_on_lap_100(petit_le_mans):
    race, _ = petit_le_mans
    winner = Result.objects.get(session=race, entry__number="01")
    in_laps = [row for row in file_rows(LAPS) if row["NUMBER"] == "01" and row["CROSSING_FINISH_LINE_IN_PIT"] == "B"]

    stints = list(Stint.objects.filter(result=winner).select_related("driver"))
    assert len(stints) == len(in_laps) + 1  # every stop starts a stint, and the last runs to the flag
    into_100 = next(stint for stint in stints if stint.last_lap == 100)
    after = stints[stints.index(into_100) + 1]
    assert (into_100.driver.family_name, into_100.ends_in_pit) == ("Bourdais", True)
    assert (after.first_lap, after.driver.full_name, after.pit_time_ms) == (101, "Renger van der Zande", 76_113)
    assert stints[-1].last_lap == 443 and not stints[-1].ends_in_pit


@needs_petit_le_mans
def test_the_caution_periods_and_the_laps_led_are_those_of_the_leaders_crossings(petit_le_mans):
    race, _ = petit_le_mans
    # Read here on their own: the leader of each lap is the first car to complete it.
    first_across = {}
    for row in file_rows(LAPS):
        lap, elapsed = int(row["LAP_NUMBER"]), parse_time_ms(row["ELAPSED"])
        if lap not in first_across or elapsed < first_across[lap][0]:
            first_across[lap] = (elapsed, row["NUMBER"], row["FLAG_AT_FL"])
    leaders = [first_across[lap] for lap in sorted(first_across)]
    cautions = sum(
        1 for i, (_, _, flag) in enumerate(leaders) if flag == "FCY" and (i == 0 or leaders[i - 1][2] != "FCY")
    )

    assert CautionPeriod.objects.filter(session=race).count() == cautions > 0
    winner = Result.objects.get(session=race, entry__number="01")
    progress = lap_stats.class_progress(race, winner.entry.car_class_id)[winner.pk]
    led = sum(1 for *_, place in progress if place == 1)
    assert led == sum(1 for _, number, _ in leaders if number == "01") > 0


@needs_petit_le_mans
def test_each_classs_fastest_lap_is_the_one_the_results_file_gives(petit_le_mans):
    race, _ = petit_le_mans
    from_results = defaultdict(list)
    for row in file_rows(RESULTS):
        if row["FL_TIME"]:
            from_results[row["CLASS"]].append(parse_time_ms(row["FL_TIME"]))

    fastest = {lap.result.entry.car_class.code: lap.time_ms for lap in lap_stats.fastest_by_class(race)}

    assert fastest == {code: min(times) for code, times in from_results.items()}


@needs_petit_le_mans
def test_importing_the_same_files_again_changes_nothing(petit_le_mans):
    race, _ = petit_le_mans
    keys = list(Lap.objects.filter(result__session=race).values_list("pk", flat=True))

    again = import_laps(
        data=LAPS.read_bytes(), file_name=LAPS.name, session=race, weather=WEATHER.read_bytes(), weather_name="w.csv"
    )

    assert again.unchanged
    assert list(Lap.objects.filter(result__session=race).values_list("pk", flat=True)) == keys
