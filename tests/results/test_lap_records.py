"""Laps led, fastest laps and drive time in the records explorer: credited from the lap
files, counted only over the races whose every lap the archive holds, and said so."""

import unicodedata
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from results.importers.laps import import_laps
from results.importers.times import parse_time_ms
from results.importers.timing import import_timing
from tests.factories import EventFactory
from tests.page_text import csv_rows, rows_of, section, text_of
from tests.results.test_lap_import import LAPS, file_rows, needs_petit_le_mans, petit_le_mans  # noqa: F401
from tests.results.test_lap_support import lap, lap_file, small_race
from tests.results.test_records_explorer import EXPLORER_QUERIES
from tests.results.test_timing_support import small_imsa_race

pytestmark = pytest.mark.django_db

RECORDS = reverse("results:records")


def ranking(client, **query) -> list[str]:
    return rows_of(section(client.get(RECORDS, query).content.decode(), "records"))


def counts(rows: list[str]) -> dict[str, str]:
    """A ranking's rows as {who: count}: "1 Dane Cameron 2 2024 ..." -> {"Dane Cameron": "2"}."""
    found = {}
    for row in rows:
        words = row.split()
        at = next(i for i, word in enumerate(words[2:], start=2) if word[:1].isdigit())
        found[" ".join(words[1:at])] = words[at]
    return found


# The #7 leads lap 1 with Dane Cameron and lap 3 with Felipe Nasr, after a stop; the #31
# leads lap 2, the #7 in the pit lane, and sets the fastest lap; the GTD #57 sets its
# class's and leads it throughout.
LAPS_OF_THE_SMALL_RACE = [
    lap("7", 1, 1, "1:35.000", "Dane Cameron", time="1:35.000"),
    lap("31", 1, 1, "1:35.500", "Pipo Derani", time="1:35.500"),
    lap("57", 1, 1, "1:40.000", "Russell Ward", klass="GTD", time="1:40.000"),
    lap("7", 1, 2, "3:20.000", "Dane Cameron", pit="B", time="1:45.000"),
    lap("31", 1, 2, "3:19.500", "Pipo Derani", time="1:34.000"),
    lap("57", 1, 2, "3:30.000", "Russell Ward", klass="GTD", time="1:50.000"),
    lap("7", 2, 3, "5:00.000", "Felipe Nasr", pit_time="40.000", time="1:40.000"),
    lap("31", 1, 3, "5:01.000", "Pipo Derani", time="1:40.500"),
    lap("57", 1, 3, "5:20.000", "Russell Ward", klass="GTD", time="1:50.000"),
]


@pytest.fixture
def race():
    """The small race with its laps, and a second race of its season whose laps the archive lacks."""
    race = small_race()
    import_laps(data=lap_file(*LAPS_OF_THE_SMALL_RACE), file_name="laps.csv", session=race)
    sebring = EventFactory(name="Sebring 12 Hours", season=race.event.season, year=race.event.year)
    import_timing(data=small_imsa_race(), file_name="official.csv", event=sebring, session_name="Race")
    return race


def sebring_circuit(race):
    return race.event.season.events.exclude(pk=race.event_id).get().circuit


def test_laps_led_credit_a_driver_with_the_laps_they_drove_and_a_make_with_its_cars(client, race):
    assert counts(ranking(client, what="laps_led", who="driver")) == {
        "Dane Cameron": "1",
        "Felipe Nasr": "1",
        "Pipo Derani": "1",
    }
    assert counts(ranking(client, what="laps_led", who="make")) == {"Porsche": "2", "Cadillac": "1"}
    assert counts(ranking(client, what="class_laps_led", who="driver"))["Russell Ward"] == "3"


def test_a_fastest_lap_is_the_drivers_who_set_it_and_each_class_has_its_own(client, race):
    assert counts(ranking(client, what="fastest_laps", who="driver")) == {"Pipo Derani": "1"}
    assert counts(ranking(client, what="class_fastest_laps", who="driver")) == {"Pipo Derani": "1", "Russell Ward": "1"}
    assert counts(ranking(client, what="class_fastest_laps", who="team")) == {
        "Whelen Engineering Cadillac Racing": "1",
        "Winward Racing": "1",
    }


def test_lap_counts_say_they_are_over_the_races_with_a_lap_file_and_a_race_without_one_counts_none(client, race):
    html = client.get(RECORDS, {"what": "laps_led", "who": "driver"}).content.decode()
    assert "Laps led, in 1 of 2 races" in text_of(section(html, "records"))

    sebring = client.get(RECORDS, {"what": "laps_led", "who": "driver", "circuit": race.event.circuit.slug})
    assert "in 1 of 1 race" not in text_of(sebring.content.decode())
    sebring = client.get(RECORDS, {"what": "laps_led", "who": "driver", "circuit": sebring_circuit(race).slug})
    said = text_of(sebring.content.decode())
    assert "Laps led are not counted here: the archive does not hold the lap file of the race." in said


def test_drive_time_is_the_drivers_time_at_the_wheel_as_their_page_gives_it(client, race):
    rows = counts(ranking(client, what="drive_time", who="driver"))
    assert rows["Dane Cameron"] == "3:20.000" and rows["Felipe Nasr"] == "1:40.000"
    nasr = client.get(reverse("results:driver", args=["felipe-nasr"])).content.decode()
    assert "1:40.000 driving" in text_of(section(nasr, "laps"))

    by_team = client.get(RECORDS, {"what": "drive_time", "who": "team"}).content.decode()
    assert "Drive time is counted for drivers, and by their nationality, only." in text_of(by_team)
    assert "Drive time by driver" in text_of(by_team)


def test_a_count_of_laps_led_leads_to_each_race_with_its_laps_led(client, race):
    query = {"what": "laps_led", "who": "make", "subject": "porsche"}
    html = client.get(reverse("results:record_occurrences"), query).content.decode()

    assert "Porsche: 2 laps led as a chassis make in 1 race, in 1 of 2 races" in text_of(html)
    rows = rows_of(section(html, "occurrences"))
    assert len(rows) == 1 and rows[0].endswith(" 2")
    exported = csv_rows(client.get(reverse("results:record_occurrences"), {**query, "_export": "csv"}))
    assert exported[0][-1] == "Laps led" and exported[1][-1] == "2"


def test_credits_follow_a_lap_file_imported_again_and_a_recount_agrees(client, race):
    assert "Felipe Nasr" in counts(ranking(client, what="laps_led", who="driver"))
    # The same laps, all driven by Dane Cameron this time: the ranking shows it at once.
    again = [row.replace("2;3;", "1;3;").replace("Felipe Nasr", "Dane Cameron") for row in LAPS_OF_THE_SMALL_RACE]
    import_laps(data=lap_file(*again), file_name="laps.csv", session=race)

    assert counts(ranking(client, what="laps_led", who="driver")) == {"Dane Cameron": "2", "Pipo Derani": "1"}
    out = StringIO()
    call_command("rebuild_credits", "--check", stdout=out)
    assert "agree with a recount" in out.getvalue()


@needs_petit_le_mans
def test_petit_le_mans_laps_led_and_fastest_lap_are_those_of_the_file(client, petit_le_mans):  # noqa: F811
    # Read here on their own: the leader of each lap is the first car to complete it, and
    # the lap is credited to whoever drove it.
    first_across, fastest = {}, None
    for row in file_rows(LAPS):
        number, elapsed = int(row["LAP_NUMBER"]), parse_time_ms(row["ELAPSED"])
        if number not in first_across or elapsed < first_across[number][0]:
            first_across[number] = (elapsed, row["DRIVER_NAME"])
        time = parse_time_ms(row["LAP_TIME"]) if row["LAP_TIME"] else None
        if time is not None and (fastest is None or time < fastest[0]):
            fastest = (time, row["DRIVER_NAME"])
    led = Counter(name for _, name in first_across.values())
    (leader, most), *_ = led.most_common(1)

    shown = counts(ranking(client, what="laps_led", who="driver"))
    assert sum(int(n) for n in shown.values()) == len(first_across)
    assert shown[next(name for name in shown if _same(name, leader))] == str(most)
    (fastest_driver,) = counts(ranking(client, what="fastest_laps", who="driver"))
    assert _same(fastest_driver, fastest[1])


def _same(name: str, as_written: str) -> bool:
    """A driver's name in the archive and as the lap file writes it ("Nick TANDY", no accents)."""

    def plain(text):
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()

    return plain(name).split() == plain(as_written).split()


def test_the_explorer_holds_its_bound_of_queries_for_every_count_from_the_laps(
    client, race, django_assert_max_num_queries
):
    for what in ("laps_led", "class_laps_led", "fastest_laps", "class_fastest_laps", "drive_time"):
        with django_assert_max_num_queries(EXPLORER_QUERIES):
            html = client.get(RECORDS, {"what": what, "who": "driver", "series": race.event.season.series.slug})
        assert html.status_code == 200
        with django_assert_max_num_queries(12):
            found = client.get(
                reverse("results:record_occurrences"), {"what": what, "who": "driver", "subject": "pipo-derani"}
            )
        assert found.status_code == 200
