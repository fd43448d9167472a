"""Milestones of an event (results.stats.milestones, worded by results.display.milestones): what
is claimed, as it stood at the event, and only where the archive holds every earlier edition
the claim depends on."""

import csv
import dataclasses

import pytest

from results.display.milestones import worded
from results.display.words import ordinal
from results.importers.archive_csv import REQUIRED_COLUMNS, import_archive_file
from results.models import Event, Session
from results.stats.milestones.event import for_event
from tests.factories import CircuitFactory
from tests.history_archive import race_history
from tests.milestone_archive import Cars, daytona, edition, not_held, season
from tests.page_text import section, text_of
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo, for the last tests

pytestmark = pytest.mark.django_db


def texts(event, label=None) -> list[str]:
    """Every milestone of the event (of the winner or pole sitter labelled `label`), as sentences."""
    found = []
    for session in worded(for_event(Event.objects.with_place().get(pk=event.pk))):
        found += [m.text for m in session.milestones]
        for result in session.results:
            if label is None or result.label == label:
                found += [m.text for m in result.milestones]
    return found


def limited(event) -> list[tuple[str, str]]:
    """The claims limited to what the archive holds, with their notes."""
    return [
        (m.text, m.note)
        for session in worded(for_event(Event.objects.with_place().get(pk=event.pk)))
        for result in session.results
        for m in result.milestones
        if not m.complete
    ]


@pytest.fixture
def cars():
    return Cars()


def test_ordinals_read_as_a_journalist_writes_them():
    assert [ordinal(n) for n in (1, 2, 9, 10, 11, 12, 13, 19, 21, 22, 100, 101)] == [
        "first",
        "second",
        "ninth",
        "10th",
        "11th",
        "12th",
        "13th",
        "19th",
        "21st",
        "22nd",
        "100th",
        "101st",
    ]


def test_a_team_named_as_its_driver_says_its_count_is_the_entrants(cars):
    race = daytona(first_year=1937)
    own_team = cars.make_car("Bugatti", "57G", "Jean-Pierre Wimille", ["Jean-Pierre Wimille"], cars.proto, "1")
    hired = cars.make_car("Bugatti", "57C", "Hired Hand", ["Pierre Veyron"], cars.proto, "2")
    hired = dataclasses.replace(hired, team=own_team.team)  # the same entrant, another driver
    edition(race, 1937, [hired, cars.cadillac])
    second = edition(race, 1938, [own_team, cars.cadillac])

    found = texts(second, "Overall")
    assert "the first win at the 24 Hours of Daytona for Jean-Pierre Wimille" in found
    assert any(text.startswith("Jean-Pierre Wimille's second overall win as an entrant at the") for text in found)
    # A team not named as a driver of the page keeps the usual words.
    other = texts(edition(race, 1939, [cars.cadillac, own_team]), "Overall")
    assert "Action Express' first overall win at the 24 Hours of Daytona" in other


# At a race: Nth, a record, first since, in a row.


def test_a_win_after_a_drought_equalling_the_record_then_a_record_and_a_run(cars):
    race = daytona(first_year=2000)
    edition(race, 2000, [cars.porsche, cars.cadillac])
    edition(race, 2001, [cars.cadillac, cars.porsche])
    edition(race, 2002, [cars.cadillac, cars.porsche])
    not_held(race, 2003)  # not held: no hole
    equalling = edition(race, 2004, [cars.porsche, cars.cadillac])
    record = edition(race, 2005, [cars.porsche, cars.cadillac])

    assert texts(equalling, "Overall")[:2] == [
        "Porsche's second overall win at the 24 Hours of Daytona, equalling the record, and its first since 2000",
        "Penske's second overall win at the 24 Hours of Daytona, equalling the record, and its first since 2000",
    ]
    assert "Porsche's third overall win at the 24 Hours of Daytona, a record, and its second in a row" in texts(record)


def test_the_first_win_of_a_car_model_and_of_its_drivers(cars):
    race = daytona(first_year=2022)
    edition(race, 2022, [cars.cadillac, cars.porsche])
    edition(race, 2023, [cars.cadillac, cars.porsche])
    first = edition(race, 2024, [cars.porsche, cars.cadillac])

    found = texts(first, "Overall")
    assert "the first win at the 24 Hours of Daytona for the Porsche 963" in found
    assert "the first win at the 24 Hours of Daytona for Felipe Nasr and Dane Cameron" in found
    assert "Porsche's first overall win at the 24 Hours of Daytona" in found


def test_the_first_edition_claims_nothing_since_every_winner_is_a_first(cars):
    race = daytona(first_year=2024)
    assert texts(edition(race, 2024, [cars.porsche, cars.ferrari])) == []


def test_a_year_missing_from_the_archive_stops_every_count_it_holds(cars):
    race = daytona(first_year=2000)
    edition(race, 2000, [cars.porsche, cars.cadillac])
    edition(race, 2001, [cars.cadillac, cars.porsche])
    # 2002: no edition in the archive, and not known as not held: a hole.
    edition(race, 2003, [cars.cadillac, cars.porsche])
    after_the_hole = edition(race, 2004, [cars.porsche, cars.cadillac])

    assert texts(after_the_hole, "Overall") == []  # no "second", no record, no "first since 2000"


def test_first_since_needs_only_the_editions_since_the_previous_win(cars):
    race = daytona(first_year=1990)  # 1990-1999 are not in the archive
    edition(race, 2000, [cars.porsche, cars.cadillac])
    edition(race, 2001, [cars.cadillac, cars.porsche])
    back = edition(race, 2002, [cars.porsche, cars.cadillac])

    found = limited(back)
    assert ("Porsche's first overall win at the 24 Hours of Daytona since 2000", found[0][1]) in found
    assert "of 1990–1999" in found[0][1]
    assert not any("second" in text for text in texts(back))


def test_without_the_race_s_first_year_no_nth_is_claimed(cars):
    race = daytona(first_year=None)
    edition(race, 2000, [cars.cadillac, cars.porsche])
    newcomer = edition(race, 2001, [cars.porsche, cars.cadillac])
    assert limited(newcomer)[0] == (
        "Porsche's first overall win at the 24 Hours of Daytona in the archive",
        "The archive does not know when the 24 Hours of Daytona was first held.",
    )
    assert "the first win at the 24 Hours of Daytona for the Porsche 963" not in texts(newcomer)


# Class wins at a race: complete classifications needed.


def class_history(cars, *, partial_year=None):
    race = daytona(first_year=2020)
    edition(race, 2020, [cars.porsche, cars.lexus, cars.ferrari], complete=partial_year != 2020)
    edition(race, 2021, [cars.porsche, cars.bmw, cars.ferrari], complete=partial_year != 2021)
    return edition(race, 2022, [cars.cadillac, cars.ferrari, cars.bmw])


def test_a_team_s_first_class_win_at_a_race_whose_class_results_are_complete(cars):
    first = class_history(cars)
    assert "Risi Competizione's first class win at the 24 Hours of Daytona" in texts(first, "GT")
    assert "Ferrari's first class win at the 24 Hours of Daytona" in texts(first, "GT")


def test_with_a_partial_classification_before_it_is_first_in_the_archive(cars):
    first = class_history(cars, partial_year=2021)
    assert (
        "Risi Competizione's first class win at the 24 Hours of Daytona in the archive",
        "The archive lacks the complete class results of the 24 Hours of Daytona of 2021.",
    ) in limited(first)
    assert "Risi Competizione's first class win at the 24 Hours of Daytona" not in texts(first)


def test_overall_and_class_wins_are_kept_apart(cars):
    race = daytona(first_year=2020)
    edition(race, 2020, [cars.porsche, cars.ferrari])  # a Porsche class win with its overall win
    second_overall = edition(race, 2021, [cars.porsche, cars.ferrari])
    found = texts(second_overall, "Overall")
    assert "Porsche's second overall win at the 24 Hours of Daytona, a record, and its second in a row" in found
    assert not any("class win" in text for text in found)  # the overall winner's class win goes without saying
    assert "Risi Competizione's second class win at the 24 Hours of Daytona" not in texts(second_overall)


# In a series: every round of every season since the first.


def series_history(cars, *, rounds_2023=2):
    series = cars.series
    series.first_year = 2022
    series.save()
    season(series, 2022, rounds=2)
    season(series, 2023, rounds=rounds_2023)
    for year in (2022, 2023):
        for round_ in (1, 2):
            edition(None, year, [cars.porsche, cars.ferrari, cars.bmw], series=series, round=round_)
    edition(None, 2024, [cars.porsche, cars.lexus, cars.bmw], series=series, round=1)
    first = edition(None, 2024, [cars.porsche, cars.bmw, cars.ferrari], series=series, round=2)
    return first


def test_a_make_s_first_class_win_in_a_series_held_in_full(cars):
    first = series_history(cars)
    assert "BMW's first class win in the Endurance Championship" in texts(first, "GT")
    assert "Team WRT's first class win in the Endurance Championship" in texts(first, "GT")


def test_a_season_of_unknown_length_makes_it_first_in_the_archive(cars):
    first = series_history(cars, rounds_2023=None)
    assert (
        "BMW's first class win in the Endurance Championship in the archive",
        "The archive lacks the complete class results of the Endurance Championship in 2023.",
    ) in limited(first)


def test_the_100th_race_of_a_series_at_a_circuit(cars):
    series = cars.series
    series.first_year = 1975
    series.save()
    glen = CircuitFactory(name="Watkins Glen")
    for year in range(1975, 2025):
        season(series, year, rounds=1)
        event = edition(None, year, [cars.porsche, cars.cadillac], series=series, round=1, races=2, circuit=glen)
    race_1, race_2 = event.sessions.filter(kind=Session.Kind.RACE).order_by("order")

    by_session = {s.session.pk: [m.text for m in s.milestones] for s in worded(for_event(event))}
    assert by_session[race_2.pk] == ["the 100th race of the series at Watkins Glen"]
    assert by_session.get(race_1.pk, []) == []  # the 99th: nothing to say


# In a season: poles.


def pole_season(cars, *, round_2_qualifying_complete=True):
    series = cars.series
    heinrich = cars.make_car("Porsche", "911 GT3 R", "AO Racing", ["Laurin Heinrich"], cars.gt, "77")
    season(series, 2024, rounds=3)
    edition(None, 2024, [cars.porsche, cars.lexus], series=series, round=1, poles=[cars.porsche, cars.lexus])
    poles_2 = [cars.cadillac, cars.lexus] if round_2_qualifying_complete else [cars.cadillac]
    edition(
        None,
        2024,
        [cars.cadillac, cars.lexus],
        series=series,
        round=2,
        poles=poles_2,
        qualifying_complete=round_2_qualifying_complete,
    )
    return edition(None, 2024, [cars.porsche, heinrich], series=series, round=3, poles=[cars.porsche, heinrich])


def test_a_driver_s_first_class_pole_of_the_season(cars):
    third_round = pole_season(cars)
    assert texts(third_round, "GT pole") == ["Laurin Heinrich's first GT pole of the season"]
    assert texts(third_round, "Pole") == ["Felipe Nasr's second pole of the season"]


def test_no_pole_claim_when_an_earlier_round_s_pole_is_unknown(cars):
    third_round = pole_season(cars, round_2_qualifying_complete=False)  # round 2's GT pole unknown
    assert texts(third_round, "GT pole") == []
    assert texts(third_round, "Pole") == ["Felipe Nasr's second pole of the season"]  # round 2's overall pole is known


# As it stood at the event.


def test_a_later_edition_changes_nothing_an_earlier_page_says_and_takes_the_next_number(cars):
    race = daytona(first_year=2000)
    edition(race, 2000, [cars.porsche, cars.cadillac])
    second = edition(race, 2001, [cars.porsche, cars.cadillac])
    before = texts(second)
    third = edition(race, 2002, [cars.porsche, cars.cadillac])

    assert texts(second) == before
    assert "Porsche's second overall win at the 24 Hours of Daytona, a record, and its second in a row" in before
    assert "Porsche's third overall win at the 24 Hours of Daytona, a record, and its third in a row" in texts(third)


def test_milestones_cost_a_fixed_number_of_queries_however_long_the_history(django_assert_max_num_queries):
    race, events = race_history(editions=30)
    race.first_year = events[0].year
    race.save()
    last = Event.objects.with_place().get(pk=events[-1].pk)
    sessions = list(last.sessions.all())
    with django_assert_max_num_queries(7):
        found = for_event(last, sessions=sessions)
    assert any(result.milestones for session in found for result in session.results)


# The demo archive (`manage.py load_demo`), loaded once for these last tests of the module.

# The 2025 winner, as an archive CSV row (the columns left out are empty).
NEXT_DAYTONA = {
    "series": "IMSA WeatherTech SportsCar Championship",
    "season": "2025",
    "event": "Rolex 24 At Daytona",
    "race": "24 Hours of Daytona",
    "circuit": "Daytona International Speedway",
    "date": "2025-01-25",
    "session": "Race",
    "position": "1",
    "class": "GTP",
    "number": "7",
    "team": "Porsche Penske Motorsport",
    "car_make": "Porsche",
    "car_model": "963",
    "engine_make": "Porsche",
    "drivers": "Felipe Nasr;Nick Tandy;Laurens Vanthoor",
}


def test_demo_the_2024_rolex_24_milestones(client, demo_archive, db):  # noqa: F811
    rolex = Event.objects.get(race__name="24 Hours of Daytona", year=2024)
    html = client.get(rolex.get_absolute_url()).content.decode()
    milestones = text_of(section(html, "milestones"))
    assert "Porsche's 19th overall win at the 24 Hours of Daytona, a record, and its first since 2003" in milestones
    assert "The first win at the 24 Hours of Daytona for the Porsche 963" in milestones
    # Class results of earlier editions are not all in the demo: a first only "in the archive".
    assert "Risi Competizione's first class win at the 24 Hours of Daytona in the archive" in milestones
    assert "The archive lacks the complete class results of the 24 Hours of Daytona of 1966–1973, 1975–2023." in (
        milestones
    )
    assert "Risi Competizione's first class win at the 24 Hours of Daytona in the archive 2" in milestones  # note 2


def test_demo_bmw_s_first_wec_class_win_is_first_in_the_archive(demo_archive, db):  # noqa: F811
    imola = Event.objects.get(name="6 Hours of Imola", year=2024)
    assert ("BMW's first class win in the FIA WEC in the archive") in [text for text, _ in limited(imola)]
    assert "BMW's first class win in the FIA WEC" not in texts(imola)


def test_demo_no_pole_of_the_season_claim_where_the_round_is_unknown(demo_archive, db):  # noqa: F811
    petit = Event.objects.get(name="Petit Le Mans", year=2024)
    assert petit.round is None
    assert not any("Laurin Heinrich" in text for text in texts(petit))


def test_demo_a_2025_edition_imported_afterwards_is_porsche_s_20th_and_2024_still_says_19th(
    demo_archive,  # noqa: F811
    db,
    tmp_path,
):
    path = tmp_path / "daytona_2025.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=REQUIRED_COLUMNS)
        writer.writeheader()
        writer.writerow(NEXT_DAYTONA)
    import_archive_file(path)
    rolex_2025 = Event.objects.get(race__name="24 Hours of Daytona", year=2025)
    rolex_2024 = Event.objects.get(race__name="24 Hours of Daytona", year=2024)
    assert "Porsche's 20th overall win at the 24 Hours of Daytona, a record, and its second in a row" in texts(
        rolex_2025
    )
    assert "Porsche's 19th overall win at the 24 Hours of Daytona, a record, and its first since 2003" in texts(
        rolex_2024
    )
