"""Race history, series, season and circuit pages."""

import csv
import re

import pytest
from django.urls import reverse

from results.importers.archive_csv import REQUIRED_COLUMNS, import_archive_file
from results.models import Circuit, Result, Session
from tests.factories import (
    CarClassFactory,
    CarFactory,
    CircuitFactory,
    DriverFactory,
    EventFactory,
    RaceFactory,
    ResultFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
)
from tests.history_archive import classify, enter, race_history
from tests.page_text import csv_rows, rows_of, section, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def speedway():
    race, events = race_history(12, first_year=2008)
    return race


def test_race_history_lists_every_edition_newest_first_with_its_winners(client, speedway):
    html = client.get(speedway.get_absolute_url()).content.decode()
    editions = rows_of(section(html, "editions"))
    assert len(editions) == 12
    assert [row.split()[0] for row in editions] == [str(year) for year in range(2019, 2007, -1)]
    assert editions[0].startswith("2019 Speedway 24 ES Prototype #1 Beta B9 Squadra 0 Pilot0 Racer0")
    assert "GT #50 Beta GT3 Squadra 2 Pilot6 Racer6 Pilot7 Racer7 Pilot8 Racer8" in editions[0]
    assert "Alpha X-Beta" in editions[2017 - 2015 + 2]  # 2015: the Alpha chassis with the Beta engine


def test_race_history_counts_wins_by_chassis_make_with_engine_makes_beside(client, speedway):
    html = client.get(speedway.get_absolute_url()).content.decode()
    makes = rows_of(section(html, "manufacturers"))
    # 2008-2019: Alpha chassis win the even years, 2010 and 2015 with a Beta engine.
    assert makes == ["1 Alpha 7 5 2008 – 2018", "2 Beta 5 7 2009 – 2019"]
    assert rows_of(section(html, "teams")) == ["1 Squadra 0 12 2008 – 2019"]
    drivers = rows_of(section(html, "drivers"))
    assert drivers[:3] == [f"1 Pilot{n} Racer{n} 12 2008 – 2019" for n in range(3)]
    assert "As of the 2019 Speedway 24" in text_of(html)
    assert "A make or a team is counted once per race" in text_of(html)


def test_a_make_whose_engines_won_nothing_shows_0_not_a_blank(client, speedway):
    # 2010: an Alpha chassis won with a Beta engine; Alpha's engines won nothing that year.
    html = client.get(speedway.get_absolute_url(), {"since": 2010, "until": 2010}).content.decode()

    makes = rows_of(section(html, "manufacturers"))
    assert makes == ["1 Alpha 1 0 2010"]
    assert "As engine makers only: Beta 1" in text_of(html)


def test_race_history_filtered_to_one_class_counts_its_class_wins(client, speedway):
    gt = speedway.editions.first().entries.get(number="50").car_class
    html = client.get(speedway.get_absolute_url(), {"car_class": gt.pk}).content.decode()
    assert "Class wins by manufacturer" in text_of(html)
    assert rows_of(section(html, "manufacturers")) == ["1 Beta 12 2008 – 2019"]
    assert rows_of(section(html, "teams")) == ["1 Squadra 2 12 2008 – 2019"]
    editions = rows_of(section(html, "editions"))
    assert all("GT #50" in row and "Prototype" not in row.split("Beta B9")[-1] for row in editions[:1])


def test_race_history_filtered_to_a_span_of_years(client, speedway):
    html = client.get(speedway.get_absolute_url(), {"since": 2010, "until": 2012}).content.decode()
    assert len(rows_of(section(html, "editions"))) == 3
    assert rows_of(section(html, "manufacturers")) == ["1 Alpha 2 1 2010 – 2012", "2 Beta 1 2 2011"]


@pytest.mark.parametrize(
    "query",
    [
        {"since": "abc"},
        {"series": "no-such-series"},
        {"car_class": "999999"},
        {"car_class": "\x00"},
        {"until": "9" * 400},
        {"editions-sort": "nonsense", "editions-page": "x"},
        {"makes-page": "999"},
    ],
)
def test_garbage_in_the_query_string_gives_the_page_with_the_filters_message(client, speedway, query):
    response = client.get(speedway.get_absolute_url(), query)
    assert response.status_code == 200
    words = text_of(response.content.decode())
    assert "Squadra 0" in words
    if not any(key.endswith(("sort", "page")) for key in query):
        assert "Part of the filter was not understood" in words


def test_race_history_exports_editions_and_tallies_as_csv(client, speedway):
    rows = csv_rows(client.get(speedway.get_absolute_url(), {"_export": "csv"}))
    assert rows[0] == ["Year", "Event", "Series", "Overall winner", "Class winners"]
    assert rows[1][:3] == ["2019", "Speedway 24", "Endurance Series"]
    assert rows[1][3] == "#1 Beta B9, Squadra 0 (Pilot0 Racer0; Pilot1 Racer1; Pilot2 Racer2)"
    assert "GT: #50 Beta GT3, Squadra 2" in rows[1][4]
    assert len(rows) == 13
    makes = csv_rows(client.get(speedway.get_absolute_url(), {"_export": "csv", "_table": "manufacturers"}))
    assert makes[0] == ["#", "Make", "Wins", "Engine", "First", "Last"]
    assert makes[1] == ["1", "Alpha", "7", "5", "2008 Speedway 24", "2018 Speedway 24"]
    filtered = csv_rows(client.get(speedway.get_absolute_url(), {"_export": "csv", "since": 2018}))
    assert [row[0] for row in filtered[1:]] == ["2019", "2018"]


def test_race_history_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    race, _ = race_history(30)
    # Nothing kept yet (each test starts with an empty cache): four rankings counted, the
    # editions' winners drawn, and the filters' choices.
    with django_assert_max_num_queries(27):
        response = client.get(race.get_absolute_url())
    assert len(rows_of(section(response.content.decode(), "editions"))) == 30


def test_a_historic_edition_without_a_season_is_listed_and_linked(client):
    race = RaceFactory(name="24 Hours of Daytona")
    event = EventFactory(season=None, race=race, year=1966, name="24 Hours of Daytona")
    from tests.factories import CarFactory, DriverFactory, ManufacturerFactory

    car = CarFactory(manufacturer=ManufacturerFactory(name="Ford"), model="GT40 Mk II")
    classify(
        SessionFactory(event=event),
        [enter(event, 98, car=car, crew=[DriverFactory(given_name="Ken", family_name="Miles")])],
    )
    html = client.get(race.get_absolute_url()).content.decode()
    assert f'href="{event.get_absolute_url()}"' in html
    assert "1 Ford 1 1966" in rows_of(section(html, "manufacturers"))
    assert "Ken Miles" in text_of(section(html, "editions"))


def test_season_page_shows_the_calendar_with_class_winners(client, speedway):
    event = speedway.editions.get(year=2019)
    season = event.season
    later = EventFactory(season=season, name="Six Hours", round=2)
    response = client.get(season.get_absolute_url())
    html = response.content.decode()
    assert "<title>2019 Endurance Series: calendar and winners · Race Archive</title>" in html
    calendar = rows_of(section(html, "calendar"))
    assert calendar[0].startswith("Speedway 24") or "Speedway 24" in calendar[0]
    assert "GT #50 Beta GT3" in calendar[0]
    assert "Six Hours" in calendar[1] and "No results" in calendar[1]
    assert f'href="{later.get_absolute_url()}"' in html
    assert f'<link rel="canonical" href="http://testserver{season.get_absolute_url()}">' in html
    assert text_of(re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group()) == "Home Series ES 2019"
    rows = csv_rows(client.get(season.get_absolute_url(), {"_export": "csv"}))
    assert rows[0][:4] == ["Rd", "Date", "Event", "Circuit"]


def test_an_undated_event_of_a_season_says_so_and_the_rule_of_its_place_is_stated(client, speedway):
    season = speedway.editions.get(year=2019).season
    EventFactory(season=season, name="Night Race", round=3, start_date=None)

    html = client.get(season.get_absolute_url()).content.decode()
    calendar = rows_of(section(html, "calendar"))
    assert calendar[-1].startswith("3 Date unknown Night Race")
    assert "Events whose date the archive lacks are listed after the dated ones" in text_of(html)
    rows = csv_rows(client.get(season.get_absolute_url(), {"_export": "csv"}))
    assert rows[-1][:3] == ["3", "", "Night Race"]


def test_season_page_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    series = SeriesFactory(name="Busy Series")
    season = SeasonFactory(series=series, year=2024)
    for n in range(15):
        event = EventFactory(season=season, name=f"Round {n}", round=n + 1)
        classify(SessionFactory(event=event), [enter(event, i, car=None, crew=[]) for i in range(1, 4)])
    with django_assert_max_num_queries(16):  # the calendar's, and the standings' (results.stats.standings)
        response = client.get(season.get_absolute_url())
    assert len(rows_of(section(response.content.decode(), "calendar"))) == 15


def test_series_page_lists_its_seasons_and_races(client, speedway):
    series = speedway.editions.first().season.series
    html = client.get(series.get_absolute_url()).content.decode()
    seasons = rows_of(section(html, "seasons"))
    assert seasons[0] == "2019 1 1" and len(seasons) == 12
    assert f'href="{speedway.get_absolute_url()}"' in html
    assert "Endurance Series: seasons" in html


def test_series_page_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    series = SeriesFactory(name="Long Series", short_name="LS")
    for year in range(1960, 2000):
        season = SeasonFactory(series=series, year=year)
        EventFactory(season=season, race=RaceFactory(name=f"Race {year % 7}"), year=year, name=f"Race {year}")
    with django_assert_max_num_queries(6):
        html = client.get(series.get_absolute_url()).content.decode()
    assert len(rows_of(section(html, "seasons"))) == 40
    assert len(set(re.findall(r'href="(/races/[^"]+/)"', html))) == 7


def test_circuit_page_shows_layout_best_laps_and_events(client, speedway):
    circuit = speedway.circuit
    html = client.get(circuit.get_absolute_url()).content.decode()
    words = text_of(html)
    assert "5.729 km · 3.56 miles" in words
    assert "Turns 12" in words
    laps = rows_of(section(html, "best-laps"))
    assert laps[0].startswith("Prototype ES 1:35.000")  # the first edition's pole lap
    assert laps[1].startswith("GT ES 1:40.000")
    assert len(rows_of(section(html, "events"))) == 12
    assert f'href="{speedway.get_absolute_url()}"' in section(html, "races")


def test_circuit_events_paginate_keep_the_filter_and_show_winners(client, django_assert_max_num_queries):
    race, events = race_history(60, first_year=1960, cars_per_class=1)
    # Nothing kept yet: the circuit's record, then the winners of its 60 events, drawn once.
    with django_assert_max_num_queries(17):
        response = client.get(race.circuit.get_absolute_url(), {"series": "es", "page": 2})
    html = response.content.decode()
    rows = rows_of(section(html, "events"))
    assert len(rows) == 10 and rows[0].startswith("1969 Speedway 24")
    assert "Beta B9" in rows[0]
    assert "series=es" in html[html.index('class="pagination"') :]


def test_best_laps_of_many_classes_hold_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    circuit = CircuitFactory(name="Watkins Glen International")
    for n in range(12):
        series = SeriesFactory(name=f"Series {n}")
        event = EventFactory(season=SeasonFactory(series=series), circuit=circuit, name=f"Glen {n}")
        car_class = CarClassFactory(series=series, code=f"K{n}", name=f"Class {n}")
        session = classify(SessionFactory(event=event), [enter(event, 1, car=CarFactory(), car_class=car_class)])
        Result.objects.filter(session=session).update(best_lap_ms=100_000 + n)
    with django_assert_max_num_queries(16):
        html = client.get(circuit.get_absolute_url()).content.decode()
    laps = rows_of(section(html, "best-laps"))
    assert len(laps) == 12 and laps[0].startswith("Class 0 Series 0 1:40.000")


def test_of_two_equal_best_laps_the_one_set_first_keeps_the_record_and_cars_without_a_class_come_last(client):
    circuit = CircuitFactory(name="Road America")
    series = SeriesFactory(name="Cup")
    gt = CarClassFactory(series=series, code="GT", name="GT")
    for year, number in ((2019, 3), (2018, 8), (2020, 5)):
        event = EventFactory(season=SeasonFactory(series=series, year=year), circuit=circuit, year=year)
        entries = [enter(event, number, car=CarFactory(), car_class=gt), enter(event, 90 + number, car=CarFactory())]
        session = classify(SessionFactory(event=event), entries)
        Result.objects.filter(session=session).update(best_lap_ms=120_000)  # the same time every year
    laps = rows_of(section(client.get(circuit.get_absolute_url()).content.decode(), "best-laps"))
    assert [lap.split(" 2:00.000")[0] for lap in laps] == ["GT Cup", "No class"]
    assert all("2018" in lap for lap in laps)  # set first, in 2018


def test_a_best_lap_names_the_driver_who_set_it_with_flag_and_link(client):
    circuit = CircuitFactory(name="Sebring International Raceway")
    event = EventFactory(circuit=circuit, name="12 Hours of Sebring")
    session = classify(SessionFactory(event=event), [enter(event, 7, car=CarFactory())])
    driver = DriverFactory(given_name="Felipe", family_name="Nasr", nationality="BR")
    Result.objects.filter(session=session).update(best_lap_ms=105_123, best_lap_driver=driver)

    html = section(client.get(circuit.get_absolute_url()).content.decode(), "best-laps")

    assert rows_of(html)[0].startswith("No class 1:45.123 Felipe Nasr")
    assert f'title="Brazil" width="16" height="11"><a href="{driver.get_absolute_url()}">Felipe Nasr</a>' in html


def test_a_circuit_without_lap_times_says_so(client):
    circuit = CircuitFactory(name="Mosport")
    html = client.get(circuit.get_absolute_url()).content.decode()
    assert rows_of(section(html, "best-laps")) == ["No lap times in the archive yet."]


def test_unknown_slugs_are_404(client, speedway):
    series = speedway.editions.first().season.series
    assert client.get(reverse("results:race", kwargs={"race": "no-such-race"})).status_code == 404
    assert client.get(reverse("results:series", kwargs={"series": "nope"})).status_code == 404
    assert client.get(reverse("results:season", kwargs={"series": series.slug, "year": 1899})).status_code == 404
    assert client.get(reverse("results:circuit", kwargs={"slug": "nowhere"})).status_code == 404


def test_an_edition_whose_race_was_partial_still_shows_its_known_winner(client):
    race = RaceFactory(name="Old Race")
    event = EventFactory(season=None, race=race, year=1955)
    session = SessionFactory(event=event, kind=Session.Kind.RACE, completeness=Session.Completeness.PARTIAL)
    ResultFactory(session=session, entry=enter(event, 4, car=None, entrant_name="Privateer"), position=1)
    ResultFactory(session=session, entry=enter(event, 5, car=None), position=None, status=Result.Status.RETIRED)
    html = client.get(race.get_absolute_url()).content.decode()
    assert "Privateer" in text_of(section(html, "editions"))


@pytest.mark.parametrize("size", ["-1", "0", "100000", "abc"])
def test_a_page_size_in_the_query_string_is_ignored_on_every_history_page(client, size):
    race, events = race_history(60, first_year=1960)
    driver = events[0].entries.get(number="1").crew.first().driver
    circuit = events[0].circuit
    pages = {
        race.get_absolute_url(): ("editions-per_page", "editions", 50),
        circuit.get_absolute_url(): ("per_page", "events", 50),
        driver.get_absolute_url(): ("per_page", "career", 50),
    }
    for url, (parameter, table, rows) in pages.items():
        response = client.get(url, {parameter: size})
        assert response.status_code == 200, url
        assert len(rows_of(section(response.content.decode(), table))) == rows, url


@pytest.mark.parametrize("asked", ["xls", "abc", ""])
def test_an_export_format_we_do_not_make_shows_the_page(client, asked):
    race, events = race_history(3, first_year=2000)
    for url in (events[0].circuit.get_absolute_url(), race.get_absolute_url(), "/records/"):
        response = client.get(url, {"_export": asked})
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url


def test_a_circuit_whose_time_zone_is_not_known_says_so(client, tmp_path):
    path = tmp_path / "winners.csv"
    row = {"series": "Bench Cup", "season": "1971", "event": "Bench 1000 km", "circuit": "Lakeside Ring"}
    row |= {"date": "1971-05-02", "session": "Race", "position": "1", "number": "5", "drivers": "Ann Arbor"}
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=REQUIRED_COLUMNS)
        writer.writeheader()
        writer.writerow(row)
    report = import_archive_file(path)
    circuit = Circuit.objects.get(name="Lakeside Ring")
    assert "Circuit “Lakeside Ring” is new: give it a time zone, place and country." in report.warnings

    assert "Time zone Unknown" in text_of(client.get(circuit.get_absolute_url()).content.decode())

    circuit.time_zone = "Europe/Berlin"
    circuit.save()
    assert "Time zone Europe/Berlin" in text_of(client.get(circuit.get_absolute_url()).content.decode())
