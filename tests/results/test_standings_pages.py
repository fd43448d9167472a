"""The season page shows the standings class by class; the driver page, the driver's place."""

import re

import pytest
from django.urls import reverse

from results.models import Championship, EntryDriver
from tests.factories import update_each
from tests.results.test_standings import Book
from tests.results.test_standings_season import build_season

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def two_rounds():
    book = Book(pole_points=2)
    book.car("24", "Hartog", team="Kellymoss")
    book.car("12", "Cooper", team="JDC")
    one = book.event("Sebring")
    book.qualifying(one, ["12", "24"])
    book.race(one, ["24", "12"])
    book.race(book.event("Watkins Glen"), ["24", "12"])
    return book


def test_the_season_page_shows_each_class_with_round_breakdown_and_a_chart(client, two_rounds):
    html = client.get(two_rounds.season.get_absolute_url()).content.decode()
    page = text(html)
    # Hartog 25 + 25 = 50; Cooper 20 + 2 (pole) + 20 = 42.
    assert "Standings" in page and "After round 2 of 2" in page
    assert re.search(r"1 Hartog 50 Leader 2 2 0 2 25 25", page)
    assert re.search(r"2 Cooper 42 −8 2 0 1 2 22 20", page)
    assert "Class positions score 25-20-17-14-12; pole 2 points." in page
    assert html.count('role="img"') == 2  # drivers and teams
    assert "The chart as a table" in page


def test_each_class_of_the_standings_is_headed_by_its_badge_in_a_readable_text_colour(client):
    book = Book(classes=("GTD", "GTP"))
    book.classes["GTD"].colour = "#16a34a"  # a light green: black reads better on it than white
    book.classes["GTD"].save()
    book.classes["GTP"].colour = "#111111"
    book.classes["GTP"].save()
    book.car("24", "Hartog", cls="GTD")
    book.car("12", "Cooper", cls="GTP")
    book.race(book.event("Sebring"), ["12", "24"])
    html = client.get(book.season.get_absolute_url()).content.decode()
    headings = re.findall(r'<h4 id="standings-[^"]+-title">\s*(<span class="class-badge"[^>]*>[^<]*</span>)', html)
    assert headings == [
        '<span class="class-badge" style="--badge: #16a34a; --badge-text: #000">GTD</span>',
        '<span class="class-badge" style="--badge: #111111; --badge-text: #fff">GTP</span>',
    ]


def test_the_standings_after_an_earlier_round_and_a_bad_round_number(client, two_rounds):
    url = two_rounds.season.get_absolute_url()
    page = text(client.get(url, {"after": "1"}).content.decode())
    assert "After round 1 of 2" in page and "Latest standings" in page
    assert re.search(r"1 Hartog 25 Leader", page)

    page = text(client.get(url, {"after": "last"}).content.decode())
    assert "“last” is not a round number; these are the standings after the latest round." in page
    assert "After round 2 of 2" in page


def test_a_season_the_archive_holds_in_part_says_so(client):
    book = Book(official_rounds=4)
    book.car("1", "Ann")
    book.race(book.event("Daytona"), ["1"])
    book.qualifying(book.event("Sebring"), ["1"])
    page = text(client.get(book.season.get_absolute_url()).content.decode())
    assert "Not the official table." in page
    assert "these standings count only the rounds it holds: R1." in page
    assert "Round 2: Sebring: race classification not in the archive." in page
    assert "2 rounds of the official calendar are not in the archive." in page


def test_a_season_without_championship_rules_shows_no_standings(client):
    book = Book()
    Championship.objects.all().delete()
    page = text(client.get(book.season.get_absolute_url()).content.decode())
    assert "Standings" not in page


def test_the_driver_page_gives_the_place_in_each_championship(client, two_rounds):
    cooper = two_rounds.drivers["Cooper"]
    page = text(client.get(cooper.get_absolute_url()).content.decode())
    assert re.search(r"Championships .* 2024 \S+ .*Cup PRO 2 of 2 42 0 after round 2 of 2", page)


def test_the_season_page_of_a_full_season_holds_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    season = build_season(events=12, cars=60)
    # The standings read the season in 12 queries; the rest of the page is the calendar's.
    with django_assert_max_num_queries(35):
        response = client.get(season.get_absolute_url())
    assert "After round 12 of 12" in response.content.decode()


def test_the_driver_page_holds_a_bounded_number_of_queries_whatever_the_seasons(client, django_assert_max_num_queries):
    for seed in range(3):
        build_season(events=3, cars=9, seed=seed)
    # Make one driver race in all three seasons: the first regular of car #1 of each.
    driver = EntryDriver.objects.filter(entry__event__season__series__name="Bench Series 0").first().driver
    others = EntryDriver.objects.filter(entry__event__season__series__name__in=["Bench Series 1", "Bench Series 2"])
    update_each(others.filter(entry__number="1", order=1), driver=driver)
    with django_assert_max_num_queries(40):
        page = text(client.get(reverse("results:driver", kwargs={"slug": driver.slug})).content.decode())
    assert page.count("Championship GTP") == 3 and page.count("Endurance Cup GTP") == 3
