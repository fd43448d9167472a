"""The demo as a new user finds it: whole races, every total saying what it counts over, and standings."""

import re

import pytest
from django.urls import reverse

from drivers.models import Driver, Manufacturer
from results.models import PointsScale, Result, Season, Session
from tests.page_text import rows_of, section, text_of
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo fixture

pytestmark = pytest.mark.usefixtures("demo_archive")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def scale_points(name: str) -> dict[int, int]:
    return {v.position: int(v.points) for v in PointsScale.objects.get(name=name).values.all()}


@pytest.mark.django_db
def test_a_driver_of_the_whole_races_has_his_starts_counted_over_them(client):
    nasr = Driver.objects.get(family_name="Nasr")
    complete = Result.objects.filter(
        entry__crew__driver=nasr, session__kind="race", session__completeness=Session.Completeness.COMPLETE
    )

    html = page(client, nasr.get_absolute_url())
    imsa = next(row for row in rows_of(section(html, "totals")) if row.startswith("IMSA"))
    assert imsa.split()[2] == str(complete.count()) == "2"  # the Rolex 24 and Petit Le Mans
    assert "Every count here is over the full results of 2 races." in text_of(section(html, "totals"))


@pytest.mark.django_db
def test_the_daytona_history_counts_starts_over_the_one_whole_edition_and_says_so(client):
    starts = text_of(page(client, reverse("results:records") + "?what=starts&who=make&race=24-hours-of-daytona"))

    held = Session.objects.filter(event__race__name="24 Hours of Daytona", kind="race")
    winners_only = held.filter(completeness=Session.Completeness.WINNERS).count()
    assert (
        f"Starts, class podiums and laps count the 1 race with full results; {winners_only} races hold only the winners"
        in starts
    )
    # 59 cars of the 2024 Rolex 24: Porsche started it with more than one car, and counts once.
    assert re.search(r"\bPorsche 1\b", starts) and not re.search(r"\bPorsche (?!1\b)\d+", starts)
    history = text_of(page(client, reverse("results:race", args=["24-hours-of-daytona"])))
    assert "not held: 1974" in history


@pytest.mark.django_db
def test_the_2024_imsa_season_shows_standings_scored_by_the_seeds_rules(client):
    season = Season.objects.get(series__name="IMSA WeatherTech SportsCar Championship", year=2024)
    race_points, qualifying_points = (
        scale_points("IMSA WeatherTech, race"),
        scale_points("IMSA WeatherTech, qualifying"),
    )
    cameron = Driver.objects.get(family_name="Cameron")
    places = Result.objects.filter(
        session__event__season=season, entry__crew__driver=cameron, entry__car_class__code="GTP"
    ).values_list("session__kind", "class_position")
    expected = sum((race_points if kind == "race" else qualifying_points)[place] for kind, place in places)

    html = page(client, season.get_absolute_url())
    gtp = next(row for row in rows_of(section(html, "standings")) if "Dane Cameron" in row)
    assert f"Dane Cameron {expected} " in gtp and expected == 350 + 300 + 32
    words = text_of(section(html, "standings"))
    assert "Not the official table" in words and "count only the rounds it holds" in words


@pytest.mark.django_db
def test_the_carrera_cup_season_scores_25_20_17_with_pole_and_fastest_lap_points(client):
    season = Season.objects.get(series__name="Porsche Carrera Cup North America", year=2024)

    words = text_of(page(client, season.get_absolute_url()))
    assert "Class positions score 25-20-17; pole 2 points; the fastest race lap in each class 1 point." in words
    assert "Yves Balatas 25 Leader" in words and "13 rounds of the official calendar are not in the archive" in words
    assert "ANDIAL Cup" in words


@pytest.mark.django_db
def test_the_coverage_map_of_the_demo_names_the_whole_races(client):
    words = text_of(page(client, reverse("results:coverage"))).replace(" :", ":")

    assert "24 Hours of Daytona: Full results 2024 · Winners only 1966–1973, 1975–2023 · Not held 1974" in words
    assert "Petit Le Mans: Full results 2024 · Winners only 2015" in words
    assert "12 Hours of Sebring: No race results 2024" in words  # a round whose race is not in the archive


@pytest.mark.django_db
def test_a_series_known_only_by_its_winners_shows_no_starts_beside_its_wins(client):
    porsche = Manufacturer.objects.get(name="Porsche")
    rows = rows_of(section(page(client, porsche.get_absolute_url()), "totals"))

    # Events outside a series (the Daytona winners): years, starts, wins...
    outside = next(row for row in rows if row.startswith("Events outside a series")).split()[4:7]
    imsa = next(row for row in rows if row.startswith("IMSA")).split()[1:4]
    wins_outside = Result.objects.filter(
        session__event__season=None, position=1, entry__car__manufacturer=porsche, session__kind="race"
    ).count()
    assert outside[1:] == ["–", str(wins_outside)]
    assert imsa[1] == "2"  # the two whole races, the Rolex 24 and Petit Le Mans
