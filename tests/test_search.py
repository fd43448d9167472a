"""Site-wide search: every kind of thing, accents and case ignored, never a 500."""

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
from tests.page_text import section, text_of

pytestmark = pytest.mark.django_db


def search(client, q, **extra):
    response = client.get(reverse("search"), {"q": q, **extra})
    assert response.status_code == 200
    return response.content.decode()


def group(html: str, anchor: str) -> str:
    return text_of(section(html, anchor))


@pytest.fixture
def archive():
    estre = DriverFactory(given_name="Kévin", family_name="Estre", nationality="FR")
    DriverFactory(given_name="Felipe", family_name="Nasr", nationality="BR")
    porsche = ManufacturerFactory(name="Porsche", country="DE")
    CarFactory(manufacturer=porsche, model="963")
    CarFactory(manufacturer=ManufacturerFactory(name="March"), model="83G", engine_manufacturer=porsche)
    TeamFactory(name="Porsche Penske Motorsport")
    daytona = CircuitFactory(name="Daytona International Speedway", place="Daytona Beach", country="US")
    race = RaceFactory(name="24 Hours of Daytona", circuit=daytona)
    imsa = SeriesFactory(name="IMSA WeatherTech SportsCar Championship", short_name="IMSA")
    EventFactory(
        season=SeasonFactory(series=imsa, year=2024), race=race, year=2024, name="Rolex 24 At Daytona", circuit=daytona
    )
    EventFactory(season=None, race=race, year=1984, name="SunBank 24 at Daytona", circuit=daytona)
    return {"estre": estre}


@pytest.mark.parametrize("query", ["estre", "ESTRE", "Kevin Estre", "kévin", "  kevin   ESTRÉ "])
def test_a_driver_is_found_whatever_the_case_and_accents(client, archive, query):
    html = search(client, query)
    assert f'<a href="{archive["estre"].get_absolute_url()}">Kévin Estre</a>' in html
    assert 'src="/static/flags/fr.gif"' in html


def test_results_are_grouped_by_kind(client, archive):
    html = search(client, "porsche")
    assert group(html, "teams") == "Teams Porsche Penske Motorsport"
    assert group(html, "manufacturers").startswith("Manufacturers Porsche")
    assert group(html, "cars") == "Cars March 83G-Porsche Porsche 963"
    assert 'id="drivers"' not in html
    daytona = search(client, "daytona")
    assert group(daytona, "circuits").startswith("Circuits Daytona International Speedway")
    assert group(daytona, "races").startswith("Races 24 Hours of Daytona")
    assert group(daytona, "events") == (
        "Events 2024 Rolex 24 At Daytona IMSA · Daytona International Speedway "
        "1984 SunBank 24 at Daytona 24 Hours of Daytona · Daytona International Speedway"
    )


def test_every_word_must_match_and_a_year_narrows_events(client, archive):
    html = search(client, "daytona 2024")
    assert group(html, "events") == "Events 2024 Rolex 24 At Daytona IMSA · Daytona International Speedway"
    assert "Nothing in the archive matches “estre nasr”" in text_of(search(client, "estre nasr"))


def test_series_are_found_by_name_or_short_name(client, archive):
    assert group(search(client, "imsa"), "series") == "Series IMSA WeatherTech SportsCar Championship"
    assert group(search(client, "weathertech"), "series") == "Series IMSA WeatherTech SportsCar Championship"


@pytest.mark.parametrize("query", ["", "   ", "★★★", "\x00\x01", "—"])
def test_an_empty_query_gives_a_helpful_page(client, archive, query):
    words = text_of(search(client, query))
    assert "capitals and accents don’t matter" in words
    assert "Nothing in the archive matches" not in words


@pytest.mark.parametrize(
    "query", ["%", "%%%", "_", "'; DROP TABLE drivers_driver; --", "a" * 5000, "x " * 500, "\\", "<script>"]
)
def test_a_garbage_query_gives_a_page_never_a_500(client, archive, query):
    html = search(client, query)
    assert "<script>" not in html.split("<main", 1)[1]
    assert "Search" in text_of(html)


def test_a_long_query_is_cut_and_says_so(client, archive):
    words = text_of(search(client, "estre " + "x" * 200))
    assert "Only the beginning of a long query is searched" in words


def test_a_query_asks_one_question_per_kind_and_shows_at_most_twenty(client, django_assert_max_num_queries):
    for n in range(30):
        DriverFactory(given_name=f"Jan{n}", family_name="Magnussen")
    with django_assert_max_num_queries(8):
        html = search(client, "magnussen")
    assert group(html, "drivers").count("Magnussen") == 20
    assert "Only the first 20 are shown" in group(html, "drivers")


def test_the_search_page_has_a_title_and_canonical_url(client, archive):
    html = search(client, "estre")
    assert "<title>Search: estre · Race Archive</title>" in html
    assert '<link rel="canonical" href="http://testserver/search/">' in html
    assert '<meta name="robots" content="noindex">' in html
