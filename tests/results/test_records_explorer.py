"""The records explorer at /records/: any count, by anyone, anywhere; its permalinks, CSV,
occurrences, runs, and the messages for a query string it does not understand."""

import re

import pytest
from django.urls import reverse

from results.models import Race, Result, Session
from tests.factories import DriverFactory
from tests.history_archive import enter, race_history
from tests.milestone_archive import Car, Cars, daytona, edition, not_held
from tests.page_text import csv_rows, rows_of, section, text_of
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo, for the last tests

pytestmark = pytest.mark.django_db

RECORDS = reverse("results:records")
OCCURRENCES = reverse("results:record_occurrences")


def ranking(client, **query) -> list[str]:
    html = client.get(RECORDS, query).content.decode()
    return rows_of(section(html, "records"))


@pytest.fixture
def cars():
    return Cars()


# The counting rules, as the page shows them.


def test_a_one_two_for_one_make_is_one_win(client, cars):
    race = daytona()
    second_porsche = Car(cars.porsche.car, cars.porsche.team, cars.proto, (DriverFactory(),), "6")
    edition(race, 2024, [cars.porsche, second_porsche, cars.cadillac])
    rows = ranking(client, race=race.slug)
    assert rows[0].startswith("1 Porsche 1 2024")
    assert len(rows) == 1
    # One podium each, in 2024, the current run of both (a run of one is no longest run to show).
    assert ranking(client, race=race.slug, what="podiums")[:2] == [
        "1 Porsche 1 2024 24 Hours of Daytona 2024 24 Hours of Daytona 1 (2024)",
        "1 Cadillac 1 2024 24 Hours of Daytona 2024 24 Hours of Daytona 1 (2024)",
    ]


def test_a_car_that_did_not_start_has_no_start(client, cars):
    event = edition(daytona(), 2024, [cars.porsche])
    dns = enter(event, 99, car=cars.cadillac.car, team=cars.cadillac.team, car_class=cars.proto)
    Result.objects.create(
        session=event.sessions.get(kind=Session.Kind.RACE), entry=dns, status=Result.Status.DID_NOT_START
    )
    starts = ranking(client, what="starts", who="make")
    assert [row.split()[1] for row in starts] == ["Porsche"]


def test_the_nationality_note_counts_a_drivers_race_once_whatever_cars_they_drove(client, cars):
    # Farfus, whose nationality the archive lacks, starts the race in the Porsche (with
    # Nasr) and in the BMW, two classes: two credits, one start.
    farfus = cars.bmw.crew[0]
    farfus.nationality = ""
    farfus.save()
    shared = Car(cars.porsche.car, cars.porsche.team, cars.proto, (cars.porsche.crew[0], farfus), "7")
    edition(daytona(), 2024, [shared, cars.bmw])

    html = client.get(RECORDS, {"what": "starts", "who": "nationality"}).content.decode()

    said = "1 of the 2 starts credited to drivers here went to a driver whose nationality the archive does not hold"
    assert said in text_of(html)
    # The same starts as the drivers' ranking counts: one each.
    starts = ranking(client, what="starts", who="driver")
    assert sorted(row.split()[:4] for row in starts) == [["1", "Augusto", "Farfus", "1"], ["1", "Felipe", "Nasr", "1"]]


def test_a_ranking_of_nothing_says_so_and_no_more(client):
    said = text_of(section(client.get(RECORDS).content.decode(), "records"))

    assert "Nothing counted yet." in said
    assert "Ties share a rank" not in said  # there is no rank, nor a count to click


def test_overall_and_class_wins_are_counted_apart(client, cars):
    race = daytona()
    edition(race, 2023, [cars.porsche, cars.ferrari])
    edition(race, 2024, [cars.cadillac, cars.bmw, cars.ferrari])
    assert [row.split()[1] for row in ranking(client, race=race.slug, what="wins")] == ["Porsche", "Cadillac"]
    class_wins = ranking(client, race=race.slug, what="class_wins")
    assert [row.split()[:3] for row in class_wins] == [
        ["1", "Porsche", "1"],
        ["1", "Ferrari", "1"],
        ["1", "Cadillac", "1"],
        ["1", "BMW", "1"],
    ]


def test_chassis_and_engine_make_count_apart(client, cars):
    race = daytona()
    march = cars.make_car("March", "83G", "Kreepy Krauly", ["Sarel van der Merwe"], cars.proto, "00", engine="Porsche")
    edition(race, 1983, [cars.porsche, cars.cadillac])
    edition(race, 1984, [march, cars.cadillac])
    by_chassis = ranking(client, race=race.slug, who="make")
    by_engine = ranking(client, race=race.slug, who="engine")
    assert [row.split()[:3] for row in by_chassis] == [["1", "Porsche", "1"], ["1", "March", "1"]]
    assert [row.split()[:3] for row in by_engine] == [["1", "Porsche", "2"]]


def test_ties_share_a_rank_and_the_next_rank_skips(client, cars):
    race = daytona()
    for year, winner in [(2020, cars.porsche), (2021, cars.cadillac), (2022, cars.porsche), (2023, cars.cadillac)]:
        edition(race, year, [winner])
    edition(race, 2024, [cars.bmw])
    rows = ranking(client, race=race.slug)
    assert [row.split()[:3] for row in rows] == [["1", "Porsche", "2"], ["1", "Cadillac", "2"], ["3", "BMW", "1"]]


# Runs, as of, the rule.


def test_runs_and_droughts_at_a_race_and_the_latest_event_counted(client, cars):
    race = daytona()
    edition(race, 2000, [cars.porsche])
    edition(race, 2001, [cars.porsche])
    not_held(race, 2002)
    edition(race, 2003, [cars.porsche])
    edition(race, 2004, [cars.cadillac])
    edition(race, 2005, [cars.porsche])
    html = client.get(RECORDS, {"race": race.slug}).content.decode()
    porsche = rows_of(section(html, "records"))[0]
    assert porsche.endswith("3 (2000–2003) 1 (2005) first since 2003")
    assert "As of the 2005 24 Hours of Daytona , the latest event counted." in text_of(html)
    rules = text_of(section(html, "rules"))
    assert "A start is a race result whose status is not “did not start” or “excluded”" in rules
    assert "A year the race was not held does not break a run" in rules
    assert "A “first”, an “Nth”, “a record” or “in a row” is said only where the archive holds every earlier" in rules


# Permalinks, CSV, occurrences.


def test_every_choice_is_in_the_query_string_and_the_form_is_get(client, cars):
    race = daytona()
    edition(race, 2024, [cars.porsche, cars.ferrari])
    query = {"what": "class_wins", "who": "team", "race": race.slug, "car_class": cars.gt.pk, "since": 2020}
    html = client.get(RECORDS, query).content.decode()
    form = re.search(r'<form class="history-filter" method="get"[^>]*>.*?</form>', html, flags=re.S).group(0)
    for name, value in query.items():
        assert re.search(rf'name="{name}"[^>]*(value="{value}"|>)', form)
    assert f'<option value="{race.slug}" selected>' in form
    assert "Class wins by team at the 24 Hours of Daytona in GT (EC), since 2020" in text_of(html)
    assert ranking(client, **query)[0].startswith("1 Risi Competizione 1")


def test_the_csv_holds_every_row_with_its_first_and_last_event(client, cars):
    race = daytona()
    edition(race, 2023, [cars.cadillac])
    edition(race, 2024, [cars.porsche])
    response = client.get(RECORDS, {"race": race.slug, "_export": "csv"})
    rows = csv_rows(response)
    assert rows[0][:5] == ["#", "Who", "Count", "First", "Last"]
    assert rows[1][:5] == ["1", "Cadillac", "1", "2023 24 Hours of Daytona", "2023 24 Hours of Daytona"]
    assert rows[2][:3] == ["1", "Porsche", "1"]
    assert rows[2][5:] == ["1 (2024)", "1 (2024)", ""]


@pytest.mark.parametrize(
    "who, named",
    [("driver", ["Felipe Nasr", "Dane Cameron", "Pipo Derani"]), ("team", ["Penske", "Action Express"])],
)
def test_the_csv_of_drivers_or_teams_names_each_as_the_page_does(client, cars, who, named):
    race = daytona()
    edition(race, 2023, [cars.porsche, cars.cadillac])
    edition(race, 2024, [cars.porsche])
    rows = csv_rows(client.get(RECORDS, {"race": race.slug, "what": "starts", "who": who, "_export": "csv"}))
    assert [row[1] for row in rows[1:]] == named
    assert rows[1][2:5] == ["2", "2023 24 Hours of Daytona", "2024 24 Hours of Daytona"]
    assert rows[-1][2:5] == ["1", "2023 24 Hours of Daytona", "2023 24 Hours of Daytona"]
    page = ranking(client, race=race.slug, what="starts", who=who)
    assert len(page) == len(named) and all(name in row for name, row in zip(named, page, strict=True))


def test_as_of_names_the_events_of_its_year_that_have_no_date(client, cars):
    race = daytona()
    edition(race, 2023, [cars.porsche])
    rolex = edition(race, 2024, [cars.porsche])  # 1 January 2024
    undated = [
        edition(None, year, [cars.porsche], series=cars.series, round=round_, name=name)
        for year, round_, name in ((2023, 3, "Imola"), (2024, 2, "Imola"), (2024, 1, "Qatar"))
    ]
    for event in undated:
        event.start_date = None  # the source gives none: the event counts as the earliest of its year
        event.save()
    told = "Also counted: 2024 Qatar , 2024 Imola , whose dates the archive lacks"  # not 2023's

    records = text_of(client.get(RECORDS, {"what": "starts", "who": "make"}).content.decode())
    porsche_page = text_of(client.get(cars.porsche.car.manufacturer.get_absolute_url()).content.decode())

    for words in (records, porsche_page):
        assert f"As of the {rolex}" in words
        assert told in words
    assert "As of the 2024 24 Hours of Daytona , the latest event counted. " + told in records


def test_a_count_leads_to_its_occurrences_with_their_years(client, cars):
    race = daytona()
    for year in (2001, 2003):
        edition(race, year, [cars.porsche, cars.cadillac])
    edition(race, 2002, [cars.cadillac, cars.porsche])
    html = client.get(RECORDS, {"race": race.slug}).content.decode()
    link = re.search(r'<td class="cell-count[^"]*"[^>]*><a href="([^"]+)"', html).group(1)
    occurrences = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Porsche: 2 overall wins as a chassis make at the 24 Hours of Daytona" in text_of(occurrences)
    assert text_of(section(occurrences, "years")) == "When 2001 2003"
    assert [row.split()[0] for row in rows_of(section(occurrences, "occurrences"))] == ["2001", "2003"]


def test_an_unknown_subject_says_so(client, cars):
    response = client.get(OCCURRENCES, {"who": "team", "subject": "nobody-at-all"})
    assert response.status_code == 404
    assert "The archive holds no team named “nobody-at-all”." in text_of(response.content.decode())


# A query string it does not understand.


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"what": "laps-led"}, "Count: Select a valid choice. laps-led is not one of the available choices."),
        ({"who": "marshal"}, "By: Select a valid choice."),
        ({"race": "no-such-race"}, "Race: Select a valid choice."),
        ({"car_class": "x'; drop table"}, "Class: Select a valid choice."),
        ({"since": "nineteen"}, "From: Enter a whole number."),
        ({"until": "1066"}, "To: Ensure this value is greater than or equal to 1890."),
        ({"since": "2010", "until": "2000"}, "To: The span ends (2000) before it starts (2010)."),
        ({"page": "999"}, None),
        ({"sort": "nonsense"}, None),
    ],
)
def test_garbage_gives_the_page_with_a_message(client, cars, query, message):
    edition(daytona(), 2024, [cars.porsche])
    response = client.get(RECORDS, query)
    assert response.status_code == 200
    html = text_of(response.content.decode())
    if message:
        assert "Part of the filter was not understood, so it is left out:" in html
        assert message in html
    assert "Overall wins by manufacturer (chassis)" in html or "by manufacturer (chassis)" in html


# A bounded number of queries, however many rows.


# The explorer's queries whatever the rows: the race named, the ranking, the page's subjects
# and events (2), the latest event and the undated events of its year (2), the runs (4),
# the shortcuts to each race, and the form's four lists of choices.
EXPLORER_QUERIES = 16


def test_the_explorer_and_occurrences_hold_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    race, events = race_history(editions=30)
    for who in ("make", "team", "driver", "car", "nationality", "engine"):
        with django_assert_max_num_queries(EXPLORER_QUERIES):
            response = client.get(RECORDS, {"race": race.slug, "who": who, "what": "podiums"})
        assert response.status_code == 200
    with django_assert_max_num_queries(EXPLORER_QUERIES):
        html = client.get(RECORDS, {"who": "driver", "what": "starts"}).content.decode()
    assert len(rows_of(section(html, "records"))) == 12  # every driver of the archive
    driver_link = re.search(r'<td class="cell-count[^"]*"[^>]*><a href="([^"]+)"', html).group(1)
    with django_assert_max_num_queries(12):
        occurrences = client.get(driver_link.replace("&amp;", "&")).content.decode()
    assert len(rows_of(section(occurrences, "occurrences"))) >= 10


# The demo archive (`manage.py load_demo`), loaded once for these last tests of the module.


def test_a_makes_chassis_and_engine_counts_have_headings_of_their_own(client, cars):
    race = daytona()
    edition(race, 2001, [cars.porsche, cars.cadillac])
    pages = {
        who: client.get(
            reverse("results:record_occurrences"), {"race": race.slug, "who": who, "subject": "porsche"}
        ).content.decode()
        for who in ("make", "engine")
    }

    titles = {who: re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1) for who, html in pages.items()}
    assert "1 overall win as a chassis make at the 24 Hours of Daytona" in titles["make"]
    assert "1 overall win as an engine make at the 24 Hours of Daytona" in titles["engine"]
    # The way back names the ranking as it is titled, the race as it is written.
    assert "the ranking: overall wins by manufacturer (chassis) at the 24 Hours of Daytona" in text_of(pages["make"])


def test_demo_a_fan_clicks_from_home_to_porsche_s_19_daytona_wins_and_their_years(client, demo_archive, db):  # noqa: F811
    home = client.get("/").content.decode()
    records_link = re.search(r'<a href="([^"]+)">Records</a>', home).group(1)
    records = client.get(records_link).content.decode()
    daytona_link = re.search(r'<a href="([^"]+)">24 Hours of Daytona</a>', section(records, "shortcuts"))
    ranking_html = client.get(daytona_link.group(1).replace("&amp;", "&")).content.decode()
    porsche = rows_of(section(ranking_html, "records"))[0]
    assert porsche.startswith("1 Porsche 19 1968 24 Hours of Daytona 2024 Rolex 24 At Daytona")
    assert porsche.endswith("first since 2003")
    count_link = re.search(r'<td class="cell-count[^"]*"[^>]*><a href="([^"]+)"', ranking_html).group(1)
    occurrences = client.get(count_link.replace("&amp;", "&")).content.decode()
    assert "Porsche: 19 overall wins as a chassis make at the 24 Hours of Daytona" in text_of(occurrences)
    years = text_of(section(occurrences, "years")).split()[1:]
    assert years[0] == "1968" and years[-1] == "2024" and len(years) == 19
    assert "2003" in years and "1984" not in years  # 1984: a March with a Porsche engine


def test_demo_by_engine_make_porsche_has_more(client, demo_archive, db):  # noqa: F811
    daytona_race = Race.objects.get(name="24 Hours of Daytona")
    by_engine = ranking(client, race=daytona_race.slug, who="engine")
    assert by_engine[0].startswith("1 Porsche 23 1968")
    march = ranking(client, race=daytona_race.slug, who="make")
    assert any(row.startswith("10 March 1 1984") for row in march)
