"""The home page: latest events with their winners, latest reports, and the way in to the archive."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from results.models import Article, Event, Session
from tests.factories import (
    ArticleFactory,
    CarClassFactory,
    CarFactory,
    CircuitFactory,
    DriverFactory,
    EntryDriverFactory,
    EntryFactory,
    EventFactory,
    ManufacturerFactory,
    RaceFactory,
    ResultFactory,
    SeasonFactory,
    SeriesFactory,
    SessionFactory,
    TeamFactory,
)
from tests.page_text import section

pytestmark = pytest.mark.django_db


def home_html(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words without tags, spaces collapsed, for asserting what a reader sees."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def car_result(session, *, position, number, car_class=None, class_position=None, team="", car=None, crew=()):
    entry = EntryFactory(
        event=session.event,
        number=number,
        car_class=car_class,
        team=TeamFactory(name=team) if team else None,
        entrant_name=team,
        car=car or CarFactory(),
    )
    for order, driver in enumerate(crew, start=1):
        EntryDriverFactory(entry=entry, driver=driver, order=order)
    return ResultFactory(session=session, entry=entry, position=position, class_position=class_position)


@pytest.fixture
def rolex_24():
    """A 2024 Rolex 24 as factories build it: an overall winner and two other class winners."""
    imsa = SeriesFactory(name="IMSA WeatherTech SportsCar Championship", short_name="IMSA")
    daytona = CircuitFactory(name="Daytona International Speedway", country="US")
    event = EventFactory(
        season=SeasonFactory(series=imsa, year=2024),
        name="Rolex 24 At Daytona",
        round=1,
        circuit=daytona,
        start_date=datetime.date(2024, 1, 27),
        end_date=datetime.date(2024, 1, 28),
        race=RaceFactory(name="24 Hours of Daytona", circuit=daytona),
    )
    gtp = CarClassFactory(series=imsa, code="GTP", name="GTP", order=1, colour="#1f4e9c")
    gtd_pro = CarClassFactory(series=imsa, code="GTDPRO", name="GTD Pro", order=2, colour="#c8102e")
    gtd = CarClassFactory(series=imsa, code="GTD", name="GTD", order=3, colour="#0a7d3b")
    porsche = ManufacturerFactory(name="Porsche")
    race = SessionFactory(event=event, kind=Session.Kind.RACE, name="Race")
    car_result(
        race,
        position=1,
        number="7",
        car_class=gtp,
        class_position=1,
        team="Porsche Penske Motorsport",
        car=CarFactory(manufacturer=porsche, model="963"),
        crew=[
            DriverFactory(given_name="Dane", family_name="Cameron", nationality="US"),
            DriverFactory(given_name="Felipe", family_name="Nasr", nationality="BR"),
            DriverFactory(given_name="Matt", family_name="Campbell", nationality="AU"),
            DriverFactory(given_name="Josef", family_name="Newgarden", nationality="US"),
        ],
    )
    car_result(race, position=2, number="31", car_class=gtp, class_position=2, team="Whelen Cadillac Racing")
    car_result(race, position=10, number="57", car_class=gtd, class_position=1, team="Winward Racing")
    car_result(
        race,
        position=9,
        number="62",
        car_class=gtd_pro,
        class_position=1,
        team="Risi Competizione",
        car=CarFactory(manufacturer=ManufacturerFactory(name="Ferrari"), model="296 GT3"),
    )
    return event


def test_the_latest_event_shows_its_date_circuit_series_and_winners(client, rolex_24):
    html = home_html(client)
    text = text_of(html)

    assert "2024 Rolex 24 At Daytona" in text
    assert f'href="{rolex_24.get_absolute_url()}"' in html
    assert "27–28 Jan 2024" in text
    assert "Daytona International Speedway" in text
    assert "IMSA 2024 · Round 1" in text
    assert "Overall GTP #7 Porsche 963 Porsche Penske Motorsport" in text
    assert "Dane Cameron Felipe Nasr Matt Campbell Josef Newgarden" in text
    assert 'alt="BR" title="Brazil"' in html


def test_class_winners_follow_the_organisers_order_and_runners_up_are_left_out(client, rolex_24):
    text = text_of(home_html(client))

    gtd_pro = text.index("GTD Pro #62 Ferrari 296 GT3 Risi Competizione")
    gtd = text.index("GTD #57")
    assert gtd_pro < gtd
    assert "Winward Racing" in text
    assert "Whelen Cadillac Racing" not in text


def test_class_badges_take_their_colour_from_the_data(client, rolex_24):
    html = home_html(client)

    assert re.search(r'class="class-badge" style="--badge: #c8102e;[^"]*">GTD Pro<', html)


def test_only_completed_events_are_listed(client):
    EventFactory(name="Finished Grand Prix")
    EventFactory(name="Coming Grand Prix", status=Event.Status.SCHEDULED)
    EventFactory(name="Called-off Grand Prix", status=Event.Status.CANCELLED)

    text = text_of(home_html(client))

    assert "Finished Grand Prix" in text
    assert "Coming Grand Prix" not in text
    assert "Called-off Grand Prix" not in text


def test_the_newest_events_come_first_and_old_ones_give_way(client):
    season = SeasonFactory(year=2023)
    for day in range(1, 15):
        EventFactory(season=season, name=f"Day {day:02d} Race", start_date=datetime.date(2023, 3, day))

    text = text_of(home_html(client))

    assert text.index("Day 14 Race") < text.index("Day 13 Race") < text.index("Day 03 Race")
    assert "Day 02 Race" not in text
    assert "Day 01 Race" not in text


def test_an_event_of_unknown_date_follows_the_dated_events_of_its_year(client):
    EventFactory(season=SeasonFactory(year=2024), name="Dated Twenty-Four", start_date=datetime.date(2024, 1, 27))
    EventFactory(season=SeasonFactory(year=2024), name="Undated Twenty-Four", start_date=None, end_date=None)
    EventFactory(season=SeasonFactory(year=2023), name="Dated Twenty-Three", start_date=datetime.date(2023, 10, 1))

    text = text_of(home_html(client))

    assert text.index("Dated Twenty-Four") < text.index("Undated Twenty-Four") < text.index("Dated Twenty-Three")


def test_two_races_of_one_weekend_show_both_winners(client):
    event = EventFactory(name="Carrera Cup at Watkins Glen")
    race_1 = SessionFactory(event=event, name="Race 1", order=1)
    race_2 = SessionFactory(event=event, name="Race 2", order=2)
    car_result(race_1, position=1, number="1", team="First Winners")
    car_result(race_2, position=1, number="2", team="Second Winners")

    text = text_of(home_html(client))

    assert text.index("Race 1 Overall #1") < text.index("Race 2 Overall #2")
    assert "First Winners" in text and "Second Winners" in text


def test_an_event_without_race_results_says_so(client):
    event = EventFactory(name="Qualifying Only Classic")
    ResultFactory(session=SessionFactory(event=event, kind=Session.Kind.QUALIFYING, name="Qualifying"))

    assert "The archive does not know the winners of this event." in text_of(home_html(client))


def test_a_partial_classification_is_not_shown_as_complete(client):
    event = EventFactory(name="Six Hours Partly Known")
    race = SessionFactory(event=event, completeness=Session.Completeness.PARTIAL)
    car_result(race, position=1, number="50", team="Known Winners")

    text = text_of(home_html(client))

    assert "Known Winners" in text
    assert "Partial classification" in text


def test_a_historic_edition_without_a_season_is_listed_under_its_race(client):
    daytona = RaceFactory(name="24 Hours of Daytona")
    event = EventFactory(season=None, race=daytona, year=1984, name="24 Hours of Daytona")
    race = SessionFactory(event=event)
    march = CarFactory(
        manufacturer=ManufacturerFactory(name="March"),
        model="83G",
        engine_manufacturer=ManufacturerFactory(name="Porsche"),
    )
    car_result(race, position=1, number="04", team="Kreepy Krauly Racing", car=march)

    html = home_html(client)
    text = text_of(html)

    assert f'href="{event.get_absolute_url()}"' in html
    assert "/races/24-hours-of-daytona/1984/" in html
    assert "#04 March 83G-Porsche Kreepy Krauly Racing" in text


def test_published_reports_are_listed_and_drafts_and_future_ones_are_not(client):
    event = EventFactory(name="Reported Race")
    ArticleFactory(event=event, title="Porsche wins a classic", author="A. Writer")
    ArticleFactory(event=event, title="Unfinished draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(event=event, title="Embargoed story", published_at=timezone.now() + datetime.timedelta(days=1))

    html = home_html(client)
    text = text_of(html)

    assert "Porsche wins a classic" in text
    assert "A. Writer" in text
    assert "Unfinished draft" not in text
    assert "Embargoed story" not in text


def test_series_seasons_and_races_lead_into_the_archive(client, rolex_24):
    html = home_html(client)
    text = text_of(html)

    assert 'href="/series/imsa/"' in html
    assert 'href="/series/imsa/2024/"' in html
    assert 'href="/races/24-hours-of-daytona/"' in html
    assert "24 Hours of Daytona 1 edition, 2024" in text


def test_every_page_has_a_search_box_and_the_main_navigation(client):
    html = home_html(client)

    assert re.search(r'<form class="site-search" action="/search/" method="get"', html)
    assert 'name="q"' in html
    assert 'aria-label="Main"' in html
    assert "<title>Latest results · Race Archive</title>" in html


def test_an_empty_archive_gives_a_page_not_an_error(client):
    text = text_of(home_html(client))

    assert "No completed events in the archive yet." in text


def test_the_home_page_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    # 31 events of two races, each with two class winners and a runner-up, every car with a
    # crew: a query per event, race, car, class or driver would overrun the bound.
    for _ in range(31):
        series = SeriesFactory()
        class_a, class_b = CarClassFactory(series=series, order=1), CarClassFactory(series=series, order=2)
        event = EventFactory(season=SeasonFactory(series=series), race=RaceFactory(), start_date=None)
        for session_name in ("Race 1", "Race 2"):
            race = SessionFactory(event=event, name=session_name)
            for position, car_class, class_position in ((1, class_a, 1), (2, class_b, 1), (3, class_a, 2)):
                result = ResultFactory(
                    session=race,
                    entry=EntryFactory(event=event, car_class=car_class, number=f"{session_name[-1]}{position}"),
                    position=position,
                    class_position=class_position,
                )
                EntryDriverFactory.create_batch(2, entry=result.entry)
        ArticleFactory(event=event)

    with django_assert_max_num_queries(8):
        html = home_html(client)

    assert html.count('class="card event-card"') == 12


def test_the_home_page_shows_the_latest_series_and_the_races_held_most_not_all_of_them(client):
    # Twelve series of ten seasons and twelve races: more than the page lists.
    for n in range(12):
        series = SeriesFactory(name=f"Series {n:02d}")
        for year in range(2000 + n, 2010 + n):
            SeasonFactory(series=series, year=year)
        race = RaceFactory(name=f"Race {n:02d}")
        for year in range(2000, 2001 + n):
            EventFactory(season=None, race=race, year=year, name=race.name)
    html = home_html(client)
    series_block, races_block = section(html, "series"), section(html, "races")

    # The series raced most recently, newest first, each with its five newest seasons and the rest one click away.
    assert re.findall(r'<a href="/series/[^/"]+/">(Series \d+)</a>', series_block) == [
        f"Series {n:02d}" for n in range(11, 3, -1)
    ]
    latest = re.search(r'aria-label="Series 11 seasons">(.*?)</ul>', series_block, re.S).group(1)
    assert re.findall(r">(\d{4})</a>", latest) == ["2020", "2019", "2018", "2017", "2016"]
    assert "all 10 seasons</a>" in latest
    assert 'href="/series/">Every series</a>' in series_block
    # The races held most often, with how often.
    assert re.findall(r'<a href="/races/[^/"]+/">(Race \d+)</a>', races_block) == [
        f"Race {n:02d}" for n in range(11, 3, -1)
    ]
    assert 'Race 11</a><br>\n          <span class="note">12 editions, 2000–2011' in races_block
    assert 'href="/races/">Every race</a>' in races_block


def test_an_unknown_address_gives_the_sites_own_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    text = text_of(response.content.decode())
    assert "Page not found" in text
    assert "Search the archive" in text


def test_the_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html
