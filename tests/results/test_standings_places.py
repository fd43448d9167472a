"""The drivers' places a career page lists are kept with the results and the points rules:
a correction anywhere in a season re-ranks every driver of it, the rules too, deletes
leave nothing behind, and `rebuild_credits` finds and mends a table changed behind its back.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from results.models import ChampionshipEvent, ChampionshipPlace, Event, PointsScaleValue, Result
from results.stats.classification import assign_class_positions
from results.stats.standings import places
from tests.factories import DriverFactory
from tests.page_text import rows_of, section
from tests.results.test_standings import Book

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    """Hartog wins both rounds; Lee races only the first (second), Cooper only the second."""
    book = Book()
    book.car("24", "Hartog")
    book.car("12", "Lee")
    book.car("7", "Cooper")
    book.race(book.event("Sebring"), ["24", "12"])
    book.race(book.event("Watkins Glen"), ["24", "7"])
    return book


def agrees() -> bool:
    count, shown = places.differences()
    assert count == 0, "\n".join(shown)
    connection.check_constraints()  # no place left pointing at a deleted row
    return True


def championships_of(client, driver) -> list[str]:
    """The rows of the driver page's championships table, as a reader sees them."""
    html = client.get(driver.get_absolute_url()).content.decode()
    return rows_of(section(html, "championships")) if 'id="championships"' in html else []


def test_a_correction_in_one_round_re_ranks_a_driver_who_was_not_in_it(client, season):
    lee = season.drivers["Lee"]
    # Lee 20 and Cooper 20 share second behind Hartog's 50.
    assert championships_of(client, lee) == [f"{season.season} Cup PRO =2 of 3 20 0 after round 2 of 2"]

    # The Watkins Glen winner is disqualified: Cooper inherits the win and ties Hartog (25
    # points, a win each), and Lee drops to third.
    result = Result.objects.get(session__event__name="Watkins Glen", entry__number="24")
    result.status, result.position = Result.Status.DISQUALIFIED, None
    result.save()
    assign_class_positions(result.session)
    assert agrees()
    assert championships_of(client, lee) == [f"{season.season} Cup PRO 3 of 3 20 0 after round 2 of 2"]
    assert championships_of(client, season.drivers["Cooper"]) == [
        f"{season.season} Cup PRO =1 of 3 25 1 after round 2 of 2"
    ]


def test_a_change_to_the_points_scale_re_ranks_the_season(client, season):
    first = PointsScaleValue.objects.get(scale=season.championship.scale, position=1)
    first.points = 30
    first.save()
    assert agrees()
    assert championships_of(client, season.drivers["Hartog"]) == [
        f"{season.season} Cup PRO 1 of 3 60 2 after round 2 of 2"
    ]


def test_a_new_round_counts_in_the_total_before_it_has_results(client, season):
    season.event("Road America")
    assert agrees()
    [row] = championships_of(client, season.drivers["Hartog"])
    assert "after round 2 of 3" in row and "the archive lacks some rounds" in row


def test_deleting_a_round_or_a_championship_leaves_places_that_agree(client, season):
    Event.objects.get(name="Watkins Glen").delete()
    assert agrees()
    assert championships_of(client, season.drivers["Hartog"]) == [
        f"{season.season} Cup PRO 1 of 2 25 1 after round 1 of 1"
    ]
    assert championships_of(client, season.drivers["Cooper"]) == []

    # A championship goes with its event rules and its places; none is left pointing at it.
    ChampionshipEvent.objects.create(championship=season.championship, event=Event.objects.get(), multiplier=2)
    season.championship.delete()
    assert agrees() and not ChampionshipPlace.objects.exists()


def test_rebuild_credits_finds_and_mends_places_changed_behind_its_back(season):
    before = sorted(ChampionshipPlace.objects.values_list(*places.FIELDS))
    ChampionshipPlace.objects.filter(driver=season.drivers["Hartog"]).update(position=2)  # as raw SQL could

    with pytest.raises(CommandError, match=r"2 credits or places differ") as error:
        call_command("rebuild_credits", "--check")
    assert "place only in the table" in str(error.value) and "place missing from the table" in str(error.value)

    out = io.StringIO()
    call_command("rebuild_credits", stdout=out)
    assert "3 championship places" in out.getvalue()
    assert sorted(ChampionshipPlace.objects.values_list(*places.FIELDS)) == before


@pytest.mark.django_db(transaction=True)  # the correction commits, as an editor's does, and tells the cache
def test_a_drivers_kept_page_shows_the_place_a_round_they_were_not_in_moved_them_to(season):
    lee, hartog = season.drivers["Lee"], season.drivers["Hartog"]
    alone = DriverFactory(family_name="Alone")  # in no championship of the season
    for driver in (lee, hartog, alone):
        assert Client().get(driver.get_absolute_url())["X-Page-Cache"] == "miss"
        assert Client().get(driver.get_absolute_url())["X-Page-Cache"] == "hit"

    # Lee did not race at Watkins Glen; its winner's disqualification moves him to third.
    result = Result.objects.get(session__event__name="Watkins Glen", entry__number="24")
    result.status, result.position = Result.Status.DISQUALIFIED, None
    result.save()
    assign_class_positions(result.session)

    page = Client().get(lee.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert rows_of(section(page.content.decode(), "championships")) == [
        f"{season.season} Cup PRO 3 of 3 20 0 after round 2 of 2"
    ]
    assert Client().get(hartog.get_absolute_url())["X-Page-Cache"] == "miss"  # he lost a win
    assert Client().get(alone.get_absolute_url())["X-Page-Cache"] == "hit"
