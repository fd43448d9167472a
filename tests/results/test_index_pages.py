"""Index pages: /drivers/, /teams/, /manufacturers/, /cars/, /circuits/, /races/, /series/."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    CarFactory,
    CircuitFactory,
    DriverFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    SeasonFactory,
    SeriesFactory,
    TeamFactory,
)
from tests.page_text import csv_rows, rows_of, section, text_of

pytestmark = pytest.mark.django_db

INDEXES = ["drivers", "teams", "manufacturers", "cars", "circuits", "races", "series_index"]


def index(client, view="drivers", /, **query):
    response = client.get(reverse(f"results:{view}"), query)
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    return rows_of(section(html, "index"))


def breadcrumbs(html: str) -> str:
    return re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group()


@pytest.fixture
def drivers():
    return {
        "estre": DriverFactory(given_name="Kévin", family_name="Estre", nationality="FR"),
        "vanthoor": DriverFactory(given_name="Laurens", family_name="Vanthoor", nationality="BE"),
        "jaminet": DriverFactory(given_name="Mathieu", family_name="Jaminet", nationality="FR"),
        "werner": DriverFactory(given_name="Marco", family_name="Werner", nationality="DE"),
        "buemi": DriverFactory(given_name="Sébastien", family_name="Buemi", nationality="CH"),
    }


def test_a_driver_is_listed_with_flag_nationality_and_a_link_to_his_career(client, drivers):
    html = index(client)
    assert "<title>Drivers · Race Archive</title>" in html
    assert rows(html) == [
        "Sébastien Buemi Switzerland",
        "Kévin Estre France",
        "Mathieu Jaminet France",
        "Laurens Vanthoor Belgium",
        "Marco Werner Germany",
    ]
    assert f'<a href="{drivers["estre"].get_absolute_url()}">Kévin Estre</a>' in html
    assert 'src="/static/flags/fr.gif"' in section(html, "index")


def test_drivers_are_filed_where_a_reader_looks_for_them_on_every_database(client):
    # Created in an order of their own, so that the page's order is the key's, not the table's.
    for given, family in [
        ("Alex", "Zanardi"),
        ("Gijs", "van Lennep"),
        ("Al", "Unser Jr."),
        ("Philippe", "Étancelin"),
        ("Juan Manuel", "Fangio II"),
        ("Roman", "De Angelis"),
        ("Sébastien", "de Courcelles"),
        ("Marc", "Duez"),
        ("Juan Manuel", "Fangio"),
    ]:
        DriverFactory(given_name=given, family_name=family, nationality="US")

    names = [row.removesuffix(" United States of America") for row in rows(index(client))]
    # Lower-case particles, suffixes and accents aside: Courcelles under C, Lennep under L,
    # Étancelin among the Es; "De Angelis", capitalised, is filed under D as he writes it.
    assert names == [
        "Sébastien de Courcelles",
        "Roman De Angelis",
        "Marc Duez",
        "Philippe Étancelin",
        "Juan Manuel Fangio",
        "Juan Manuel Fangio II",
        "Gijs van Lennep",
        "Al Unser Jr.",
        "Alex Zanardi",
    ]


@pytest.mark.parametrize("typed", ["estre", "KEVIN estre", "Kévin", "évin est"])
def test_the_name_box_ignores_case_and_accents(client, drivers, typed):
    assert rows(index(client, name=typed)) == ["Kévin Estre France"]


def test_the_nationality_filter_narrows_and_offers_only_the_nationalities_held(client, drivers):
    html = index(client, nationality="FR")
    assert rows(html) == ["Kévin Estre France", "Mathieu Jaminet France"]
    offered = re.findall(r'<option value="([A-Z]*)"', html)
    assert offered == ["", "BE", "FR", "DE", "CH"]  # by name: Belgium, France, Germany, Switzerland
    assert rows(index(client, nationality="FR", name="jam")) == ["Mathieu Jaminet France"]


def test_sorting_by_nationality_goes_by_the_countrys_name_and_keeps_the_filter(client, drivers):
    DriverFactory(given_name="Nobody", family_name="Known", nationality="")
    assert [row.split()[-1] for row in rows(index(client, sort="country"))] == [
        "Belgium",
        "France",
        "France",
        "Germany",
        "Switzerland",
        "—",
    ]
    descending = rows(index(client, sort="-country"))
    assert descending[0] == "Sébastien Buemi Switzerland" and descending[-1] == "Nobody Known —"
    html = index(client, name="e", sort="country")
    assert 'href="?name=e&amp;sort=-country"' in html  # the header's link keeps the filter


def test_sorting_by_country_where_none_is_known(client):
    TeamFactory(name="Nowhere Racing", country="")
    assert rows(index(client, "teams", sort="-country")) == ["Nowhere Racing —"]


def test_fifty_a_page_and_the_page_links_keep_the_filter(client):
    for n in range(60):
        DriverFactory(given_name=f"Driver{n:02}", family_name="Fast", nationality="GB")
    DriverFactory(given_name="Slow", family_name="Slowe", nationality="GB")
    first = index(client, name="fast")
    assert len(rows(first)) == 50
    assert "1–50 of 60" in text_of(first)
    assert 'href="?name=fast&amp;page=2"' in first
    second = index(client, name="fast", page=2)
    assert len(rows(second)) == 10
    assert "<title>Drivers, page 2 · Race Archive</title>" in second
    assert 'href="?name=fast&amp;page=1"' in second
    # Sorting starts again at page 1 and keeps the filter.
    assert 'href="?name=fast&amp;sort=-name"' in second


def test_teams_and_makes_filter_by_country(client):
    TeamFactory(name="Porsche Penske Motorsport", country="US")
    TeamFactory(name="Manthey EMA", country="DE")
    ManufacturerFactory(name="Porsche", country="DE")
    ManufacturerFactory(name="Cadillac", country="US")
    assert rows(index(client, "teams", country="DE")) == ["Manthey EMA Germany"]
    assert rows(index(client, "teams", name="penske")) == ["Porsche Penske Motorsport United States of America"]
    assert rows(index(client, "manufacturers")) == ["Cadillac United States of America", "Porsche Germany"]
    assert rows(index(client, "manufacturers", country="US")) == ["Cadillac United States of America"]


def test_cars_are_named_with_their_make_and_filter_by_make(client):
    porsche = ManufacturerFactory(name="Porsche", country="DE")
    march = ManufacturerFactory(name="March", country="GB")
    CarFactory(manufacturer=porsche, model="963")
    CarFactory(manufacturer=porsche, model="911 RSR-19")
    CarFactory(manufacturer=march, model="83G", engine_manufacturer=porsche)
    html = index(client, "cars")
    assert rows(html) == ["March 83G-Porsche March", "Porsche 911 RSR-19 Porsche", "Porsche 963 Porsche"]
    assert rows(index(client, "cars", make="march")) == ["March 83G-Porsche March"]
    assert rows(index(client, "cars", name="porsche")) == [
        "March 83G-Porsche March",
        "Porsche 911 RSR-19 Porsche",
        "Porsche 963 Porsche",
    ]
    assert rows(index(client, "cars", sort="-make")) == [
        "Porsche 963 Porsche",
        "Porsche 911 RSR-19 Porsche",
        "March 83G-Porsche March",
    ]


def test_circuits_by_name_place_and_country(client):
    CircuitFactory(name="Daytona International Speedway", place="Daytona Beach", country="US")
    CircuitFactory(name="Autodromo Enzo e Dino Ferrari", place="Imola", country="IT")
    assert rows(index(client, "circuits")) == [
        "Autodromo Enzo e Dino Ferrari Imola Italy",
        "Daytona International Speedway Daytona Beach United States of America",
    ]
    assert rows(index(client, "circuits", name="imola")) == ["Autodromo Enzo e Dino Ferrari Imola Italy"]
    assert rows(index(client, "circuits", country="US"))[0].startswith("Daytona")


def test_races_filter_by_a_series_they_had_an_edition_in(client):
    imsa, wec = SeriesFactory(name="IMSA", short_name="IMSA"), SeriesFactory(name="FIA WEC", short_name="WEC")
    sebring = CircuitFactory(name="Sebring International Raceway", country="US")
    twelve = RaceFactory(name="12 Hours of Sebring", circuit=sebring)
    petit = RaceFactory(name="Petit Le Mans")
    RaceFactory(name="Never Held")
    EventFactory(season=SeasonFactory(series=imsa, year=2024), race=twelve, circuit=sebring)
    EventFactory(season=SeasonFactory(series=wec, year=2012), race=twelve, circuit=sebring)
    EventFactory(season=SeasonFactory(series=imsa, year=2023), race=petit)
    assert rows(index(client, "races")) == [
        "12 Hours of Sebring Sebring International Raceway",
        "Never Held —",
        "Petit Le Mans —",
    ]
    assert rows(index(client, "races", series=imsa.slug)) == [
        "12 Hours of Sebring Sebring International Raceway",
        "Petit Le Mans —",
    ]
    assert rows(index(client, "races", series=wec.slug)) == ["12 Hours of Sebring Sebring International Raceway"]


def test_series_are_listed_and_found_by_name(client):
    SeriesFactory(name="IMSA WeatherTech SportsCar Championship", short_name="IMSA")
    SeriesFactory(name="FIA World Endurance Championship", short_name="WEC")
    assert rows(index(client, "series_index")) == [
        "FIA World Endurance Championship WEC",
        "IMSA WeatherTech SportsCar Championship IMSA",
    ]
    assert rows(index(client, "series_index", name="weathertech")) == ["IMSA WeatherTech SportsCar Championship IMSA"]


def test_an_empty_result_says_so(client, drivers):
    assert "No drivers match these filters." in text_of(index(client, name="nobody"))
    assert "No series in the archive yet." in text_of(index(client, "series_index"))


def test_the_csv_holds_every_filtered_row_in_plain_words(client, drivers):
    response = client.get(reverse("results:drivers"), {"_export": "csv", "nationality": "FR", "page": 2})
    assert csv_rows(response) == [["Driver", "Nationality"], ["Kévin Estre", "France"], ["Mathieu Jaminet", "France"]]
    assert 'filename="race-archive-drivers.csv"' in response["Content-Disposition"]
    html = index(client, nationality="FR")
    assert 'href="?nationality=FR&amp;_export=csv&amp;_table=drivers"' in html


def make_rows(name: str, count: int) -> None:
    """`count` rows for an index, each with objects of its own behind it (make, circuit, country)."""
    countries = ["FR", "DE", "US", "GB", "IT", "JP"]
    for n in range(count):
        country = countries[n % len(countries)]
        if name == "drivers":
            DriverFactory(nationality=country)
        elif name == "teams":
            TeamFactory(country=country)
        elif name == "manufacturers":
            ManufacturerFactory(country=country)
        elif name == "cars":
            CarFactory(manufacturer=ManufacturerFactory(country=country), engine_manufacturer=ManufacturerFactory())
        elif name == "circuits":
            CircuitFactory(country=country)
        elif name == "races":
            EventFactory(race=RaceFactory(circuit=CircuitFactory(country=country)))
        else:
            SeriesFactory()


@pytest.mark.parametrize("name", INDEXES)
def test_a_full_page_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries, name):
    make_rows(name, 55)
    with django_assert_max_num_queries(5):
        html = index(client, name)
    assert len(rows(html)) == 50
    with django_assert_max_num_queries(5):
        html = index(client, name, sort="-name", page=2)
    assert len(rows(html)) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "abc"}, "There is no page “abc”: this is page 1 of 1."),
        ({"page": "999"}, "There is no page “999”: this is page 1 of 1."),
        ({"page": "-1"}, "There is no page “-1”"),
        ({"page": "9" * 400}, "There is no page “9999"),
        ({"sort": "nonsense"}, "The table cannot be sorted by “nonsense”, so that is left out."),
        ({"sort": ["name", "slug"]}, "The table cannot be sorted by “slug”"),
        ({"nationality": "ZZ"}, "Nationality: Select a valid choice. ZZ is not one of the available choices."),
        ({"nationality": "\x00"}, "Part of the filter was not understood"),
        ({"name": "\x00"}, "Part of the filter was not understood"),
        ({"name": "e" * 101}, "Name: Ensure this value has at most 100 characters"),
        ({"per_page": "-1", "name": "estre"}, ""),
        ({"per_page": "0"}, ""),
    ],
)
def test_garbage_in_the_query_string_gives_the_page_with_a_message(client, drivers, query, message):
    words = text_of(index(client, **query))
    assert message in words
    assert "Kévin Estre" in words
    if "sort" in query:
        assert rows(index(client, **query))[0].startswith("Sébastien Buemi")  # the usual order


@pytest.mark.parametrize(
    ("name", "query"),
    [("cars", {"make": "\x00"}), ("cars", {"make": "no-such-make"}), ("races", {"series": "\x00 x"})],
)
def test_garbage_choices_of_cars_and_races_are_reported(client, name, query):
    html = index(client, name, **query)
    assert "Part of the filter was not understood" in text_of(html)


def test_per_page_cannot_ask_for_the_whole_archive(client):
    make_rows("teams", 60)
    assert len(rows(index(client, "teams", per_page=1000))) == 50


@pytest.fixture
def event():
    series = SeriesFactory(name="IMSA", short_name="IMSA")
    race = RaceFactory(name="24 Hours of Daytona", circuit=CircuitFactory(name="Daytona"))
    return EventFactory(season=SeasonFactory(series=series, year=2024), race=race, circuit=race.circuit)


def test_every_detail_page_links_its_breadcrumbs_to_the_index(client, event):
    driver = DriverFactory(given_name="Felipe", family_name="Nasr")
    team = TeamFactory(name="Porsche Penske Motorsport")
    car = CarFactory(manufacturer=ManufacturerFactory(name="Porsche"), model="963")
    series, season = event.season.series, event.season
    expected = {
        driver.get_absolute_url(): [("Drivers", "/drivers/")],
        team.get_absolute_url(): [("Teams", "/teams/")],
        car.manufacturer.get_absolute_url(): [("Makes", "/manufacturers/")],
        car.get_absolute_url(): [("Cars", "/cars/"), ("Porsche", "/cars/?make=porsche")],
        event.circuit.get_absolute_url(): [("Circuits", "/circuits/")],
        event.race.get_absolute_url(): [("Races", "/races/")],
        series.get_absolute_url(): [("Series", "/series/")],
        season.get_absolute_url(): [("Series", "/series/"), ("IMSA", series.get_absolute_url())],
        event.get_absolute_url(): [
            ("Series", "/series/"),
            ("IMSA", series.get_absolute_url()),
            ("2024", season.get_absolute_url()),
        ],
    }
    for url, links in expected.items():
        crumbs = breadcrumbs(client.get(url).content.decode())
        found = [
            (text_of(text), href.replace("&amp;", "&"))
            for href, text in re.findall(r'href="([^"]+)">(.*?)</a>', crumbs)
        ]
        assert found == [("Home", "/"), *links], url
        # The link leads to a page: the index, filtered to the car's make for a car.
        assert all(client.get(href).status_code == 200 for _, href in found[1:]), url


def test_an_event_outside_any_season_leads_back_through_the_races(client, event):
    event.season = None
    event.save()
    crumbs = breadcrumbs(client.get(event.get_absolute_url()).content.decode())
    assert 'href="/races/">Races</a>' in crumbs


def test_the_main_navigation_leads_to_every_index_and_marks_the_current_one(client):
    nav = re.search(r'<nav class="site-nav".*?</nav>', index(client, "teams"), flags=re.S).group()
    links = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
    assert [(href, text) for href, _, text in links] == [
        ("/drivers/", "Drivers"),
        ("/teams/", "Teams"),
        ("/manufacturers/", "Makes"),
        ("/circuits/", "Circuits"),
        ("/races/", "Races"),
        ("/series/", "Series"),
        ("/records/", "Records"),
    ]
    assert [text for _, current, text in links if current] == ["Teams"]
    elsewhere = client.get(reverse("search")).content.decode()
    assert "aria-current" not in re.search(r'<nav class="site-nav".*?</nav>', elsewhere, flags=re.S).group()
