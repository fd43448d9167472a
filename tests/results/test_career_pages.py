"""Driver, team, manufacturer and car pages."""

import re

import pytest
from django.urls import reverse

from results.models import CarClass, Result, Session
from tests.factories import (
    CarClassFactory,
    CarFactory,
    DriverFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
)
from tests.history_archive import career, classify, enter
from tests.page_text import csv_rows, rows_of, section, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def estre():
    driver, _ = career(12)
    return driver


def test_driver_page_shows_nationality_totals_per_series_and_in_all(client, estre):
    html = client.get(estre.get_absolute_url()).content.decode()
    assert "<title>Kévin Estre: career and results · Race Archive</title>" in html
    assert 'src="/static/flags/fr.gif"' in html and "France" in text_of(html)
    totals = section(html, "totals")
    # 12 starts over three series (4 each); every fourth start a win, the others third: all podiums.
    assert rows_of(totals) == [
        "CH0 2000–2003 4 1 4 0 1 4 0",
        "CH1 2000–2003 4 1 4 0 1 4 0",
        "CH2 2000–2003 4 1 4 0 1 4 0",
    ]
    assert rows_of(totals, "tfoot") == ["All 2000–2003 12 3 12 0 3 12 0"]


def test_driver_page_lists_every_start_with_car_class_co_drivers_and_results(client, estre):
    html = client.get(estre.get_absolute_url()).content.decode()
    career_rows = rows_of(section(html, "career"))
    assert len(career_rows) == 12
    assert career_rows[0] == "2003 Round 11 CH2 #6 Top Porsche 963 Porsche Penske Motorsport Laurens Vanthoor 3 3"
    assert career_rows[-1] == "2000 Round 0 CH0 #6 Top Porsche 963 Porsche Penske Motorsport Laurens Vanthoor 1 1"
    assert "Kévin Estre" not in text_of(section(html, "career")).replace("Every car Kévin Estre", "")


def test_a_car_that_did_not_start_is_listed_but_not_counted(client):
    driver = DriverFactory(given_name="Nick", family_name="Tandy")
    event = EventFactory(season=SeasonFactory(series=SeriesFactory(name="WEC")))
    ours = enter(event, 6, car=CarFactory(), crew=[driver])
    classify(
        SessionFactory(event=event),
        [enter(event, 5, car=CarFactory()), ours],
        statuses={ours: Result.Status.DID_NOT_START},
    )
    html = client.get(driver.get_absolute_url()).content.decode()
    assert rows_of(section(html, "totals")) == ["WEC 0 0 0 0 0 0 0"]  # entered, but no start
    assert rows_of(section(html, "career"))[0].endswith("DNS —")


def test_a_long_career_paginates_and_the_pages_keep_the_filter(client, django_assert_max_num_queries):
    driver, sessions = career(120, series_count=3)
    url = driver.get_absolute_url()
    with django_assert_max_num_queries(20):
        first = client.get(url, {"series": "ch1"}).content.decode()
    assert len(rows_of(section(first, "career"))) == 40
    with django_assert_max_num_queries(20):
        everything = client.get(url).content.decode()
    assert len(rows_of(section(everything, "career"))) == 50
    pagination = everything[everything.index('class="pagination"') :]
    assert "?page=2" in pagination and "?page=3" in pagination
    two = client.get(url, {"season": 2010, "page": 2}).content.decode()
    assert len(rows_of(section(two, "career"))) == 3  # one page only: page 2 shows the last page
    filtered = client.get(url, {"series": "ch1", "page": 1, "sort": "year"}).content.decode()
    assert all(" CH1 " in row for row in rows_of(section(filtered, "career")))
    links = re.findall(r'href="(\?[^"]*sort=[^"]*)"', filtered)
    assert links and all("series=ch1" in link for link in links)
    assert len(csv_rows(client.get(url, {"_export": "csv"}))) == 1 + 120  # every row, not one page


def test_the_pages_of_a_sorted_career_hold_every_start_once_in_order(client):
    driver, _ = career(120, series_count=3)
    url = driver.get_absolute_url()
    years = []
    for page in (1, 2, 3):
        rows = rows_of(section(client.get(url, {"sort": "year", "page": page}).content.decode(), "career"))
        years += [int(row.split()[0]) for row in rows]
    assert len(years) == 120
    assert years == sorted(years)
    newest_first = rows_of(section(client.get(url, {"sort": "-year"}).content.decode(), "career"))
    assert [int(row.split()[0]) for row in newest_first] == sorted(years, reverse=True)[:50]


def test_the_pages_of_a_career_hold_every_start_once_newest_first_on_every_visit(client):
    """The first visit reads the pages' keys from the database, later ones from the kept summary."""
    driver, _ = career(120, series_count=3)
    url = driver.get_absolute_url()
    for _visit in range(2):
        years = []
        for page in (1, 2, 3):
            rows = rows_of(section(client.get(url, {"page": page}).content.decode(), "career"))
            years += [int(row.split()[0]) for row in rows]
        assert len(years) == 120
        assert years == sorted(years, reverse=True)
        last = rows_of(section(client.get(url, {"page": 3, "series": "ch1"}).content.decode(), "career"))
        assert last and all(" CH1 " in row for row in last)


def test_career_filters_by_season_series_and_class(client, estre):
    top = CarClass.objects.get(series__short_name="CH1")
    url = estre.get_absolute_url()
    assert len(rows_of(section(client.get(url, {"season": 2001}).content.decode(), "career"))) == 3
    assert len(rows_of(section(client.get(url, {"series": "ch1"}).content.decode(), "career"))) == 4
    by_class = client.get(url, {"car_class": top.pk}).content.decode()
    assert len(rows_of(section(by_class, "career"))) == 4


@pytest.mark.parametrize(
    "query",
    [
        {"season": "1850"},
        {"season": "abc"},
        {"series": "nope"},
        {"car_class": "abc"},
        {"series": "\x00"},
        {"car_class": "9" * 30},
        {"page": "zzz", "sort": "no-such-column"},
        {"page": "99999"},
    ],
)
def test_garbage_filters_give_the_page_with_the_filters_message(client, estre, query):
    response = client.get(estre.get_absolute_url(), query)
    assert response.status_code == 200
    words = text_of(response.content.decode())
    assert "Porsche Penske Motorsport" in words
    if "page" not in query:
        assert "Part of the filter was not understood" in words
        assert "Select a valid choice" in words or "Null characters are not allowed" in words


def test_career_exports_every_row_as_csv_with_the_filter(client, estre):
    rows = csv_rows(client.get(estre.get_absolute_url(), {"_export": "csv"}))
    assert rows[0] == ["Year", "Event", "Series", "No.", "Class", "Car", "Entrant", "Co-drivers", "Pos", "In class"]
    assert rows[1] == [
        "2003",
        "Round 11",
        "Championship 2",
        "6",
        "Top",
        "Porsche 963",
        "Porsche Penske Motorsport",
        "Laurens Vanthoor",
        "3",
        "3",
    ]
    assert len(rows) == 13
    assert len(csv_rows(client.get(estre.get_absolute_url(), {"_export": "csv", "series": "ch0"}))) == 5


def test_driver_page_with_forty_starts_across_three_series_holds_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    driver, _ = career(40, series_count=3)
    with django_assert_max_num_queries(16):
        response = client.get(driver.get_absolute_url())
    assert len(rows_of(section(response.content.decode(), "career"))) == 40


def test_team_page_shows_its_record_and_every_car_it_raced(client, django_assert_max_num_queries, estre):
    team = estre.entries.first().team
    with django_assert_max_num_queries(16):
        html = client.get(team.get_absolute_url()).content.decode()
    assert rows_of(section(html, "totals"), "tfoot") == ["All 2000–2003 12 3 12 0 3 12 0"]
    assert len(rows_of(section(html, "results"))) == 12
    assert "Kévin Estre" in text_of(section(html, "results"))


def test_car_page_shows_its_results(client, django_assert_max_num_queries, estre):
    car = estre.entries.first().car
    with django_assert_max_num_queries(16):
        html = client.get(car.get_absolute_url()).content.decode()
    assert "<title>Porsche 963: record and results · Race Archive</title>" in html
    assert len(rows_of(section(html, "results"))) == 12
    assert rows_of(section(html, "totals"), "tfoot") == ["All 2000–2003 12 3 12 0 3 12 0"]


def test_manufacturer_page_shows_wins_by_race_and_class_and_engine_counts(client, django_assert_max_num_queries):
    porsche, march = ManufacturerFactory(name="Porsche"), ManufacturerFactory(name="March")
    daytona = RaceFactory(name="24 Hours of Daytona")
    series = SeriesFactory(name="IMSA")
    gtd = CarClassFactory(series=series, code="GTD", name="GTD", order=2)
    for year, car in (
        (1983, CarFactory(manufacturer=porsche, model="935 L")),
        (1984, CarFactory(manufacturer=march, model="83G", engine_manufacturer=porsche)),
    ):
        event = EventFactory(season=None, race=daytona, year=year, name="24 Hours of Daytona")
        classify(SessionFactory(event=event), [enter(event, 1, car=car)])
    for year in range(2000, 2030):
        event = EventFactory(season=SeasonFactory(series=series, year=year), race=daytona, year=year)
        gt3 = CarFactory(manufacturer=porsche, model=f"911 GT3 R {year}")
        classify(
            SessionFactory(event=event, kind=Session.Kind.RACE),
            [enter(event, 99, car=CarFactory()), enter(event, 9, car=gt3, car_class=gtd)],
        )
    # Cold (nothing kept yet): the make's record, wins by race and by class, then the page of wins by key.
    with django_assert_max_num_queries(25):
        html = client.get(porsche.get_absolute_url()).content.decode()
    assert rows_of(section(html, "by-race")) == ["24 Hours of Daytona 1 30 1983–2029"]
    assert rows_of(section(html, "by-class")) == ["GTD IMSA 30 2000–2029"]
    assert "Counting the cars with Porsche engines instead: 2 overall wins" in text_of(html)
    assert 'href="/cars/march-83g-porsche/"' in section(html, "models")
    wins = rows_of(section(html, "wins"))
    assert len(wins) == 31  # 30 class wins and an overall win


def test_unknown_slugs_are_404(client):
    for name in ("driver", "team", "manufacturer", "car"):
        assert client.get(reverse(f"results:{name}", kwargs={"slug": "no-such-thing"})).status_code == 404


def test_pages_have_a_canonical_url_and_breadcrumbs(client, estre):
    html = client.get(estre.get_absolute_url(), {"season": 2001}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{estre.get_absolute_url()}">' in html
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group()
    assert text_of(crumbs) == "Home Drivers Kévin Estre"
    team = TeamFactory(name="Empty Team")
    assert "No race results match." in text_of(client.get(team.get_absolute_url()).content.decode())


def test_a_sorted_history_says_how_it_sorts_and_sorting_again_starts_at_the_first_page(client):
    driver, _ = career(120, series_count=1)
    html = section(client.get(driver.get_absolute_url(), {"page": 2, "sort": "-year"}).content.decode(), "career")
    header = html[html.index("<thead") : html.index("</thead>")]
    assert re.search(r'<th [^>]*aria-sort="descending"[^>]*><a href="\?[^"]*sort=year"', header)  # next: ascending
    sort_links = re.findall(r'<a href="(\?[^"]*)"', header)
    assert len(sort_links) >= 5 and not any("page=" in link for link in sort_links)
    pages = html[html.index('<nav class="pagination"') :]
    assert 'aria-current="page">2</a>' in pages and "page=3&amp;sort=-year" in pages and 'rel="prev"' in pages
