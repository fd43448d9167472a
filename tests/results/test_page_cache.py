"""Visitors' pages come from the page cache until a write touches what they show.

Two races of two series with nothing in common, imported from archive CSV files as an
editor would; then an editor's correction in the admin, and a re-import, each followed
by what a visitor sees: every page that shows the change shows it on its next request,
and the pages of the other race stay kept. The writes commit, as in a served archive.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from drivers.models import Driver, Manufacturer, Team
from results.importers.archive_csv import import_archive_file
from results.models import Event, Race, Result
from tests.factories import UserFactory
from tests.page_text import text_of
from tests.results.test_admin_support import form_data
from tests.results.test_archive_import import RACE, csv_text

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_editor(client):
    """An editor signed in (all rights: a transactional test's database has no Editors group)."""
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))


DAYTONA = RACE | {"class": "GTP"}
LE_MANS = {
    "series": "FIA World Endurance Championship",
    "season": "2024",
    "event": "24 Hours of Le Mans",
    "race": "24 Hours of Le Mans",
    "circuit": "Circuit de la Sarthe",
    "date": "2024-06-16",
    "session": "Race",
    "class": "HYPERCAR",
}


def car(race: dict, position: int, number: str, team: str, make: str, model: str, drivers: str) -> dict:
    return race | {
        "position": str(position),
        "number": number,
        "team": team,
        "car_make": make,
        "car_model": model,
        "drivers": drivers,
        "laps": "700",
    }


def imported(tmp_path, rows, *, dry_run=False, name="archive.csv"):
    path = tmp_path / name
    path.write_text(csv_text(rows), encoding="utf-8")
    return import_archive_file(path, dry_run=dry_run)


PORSCHE_WINS = car(DAYTONA, 1, "7", "Porsche Penske Motorsport", "Porsche", "963", "Felipe Nasr;Dane Cameron")
CADILLAC_SECOND = car(DAYTONA, 2, "31", "Action Express Racing", "Cadillac", "V-Series.R", "Pipo Derani;Jack Aitken")
FERRARI_WINS = car(LE_MANS, 1, "50", "Ferrari AF Corse", "Ferrari", "499P", "Antonio Fuoco;Miguel Molina")
TOYOTA_SECOND = car(LE_MANS, 2, "7", "Toyota Gazoo Racing", "Toyota", "GR010", "Kamui Kobayashi;Nyck de Vries")


@pytest.fixture
def archive(tmp_path):
    imported(tmp_path, [PORSCHE_WINS, CADILLAC_SECOND, FERRARI_WINS, TOYOTA_SECOND])
    daytona, le_mans = Event.objects.get(name="Rolex 24 At Daytona"), Event.objects.get(name="24 Hours of Le Mans")
    return {
        "daytona": daytona.get_absolute_url(),
        "daytona history": Race.objects.get(name="24 Hours of Daytona").get_absolute_url(),
        "Derani": Driver.objects.get(family_name="Derani").get_absolute_url(),
        "Action Express": Team.objects.get(name="Action Express Racing").get_absolute_url(),
        "Cadillac": Manufacturer.objects.get(name="Cadillac").get_absolute_url(),
        "records": reverse("results:records") + "?what=wins&who=make",
        "home": reverse("home"),
        "le mans": le_mans.get_absolute_url(),
        "le mans history": Race.objects.get(name="24 Hours of Le Mans").get_absolute_url(),
        "Fuoco": Driver.objects.get(family_name="Fuoco").get_absolute_url(),
        "Ferrari AF Corse": Team.objects.get(name="Ferrari AF Corse").get_absolute_url(),
        "Ferrari": Manufacturer.objects.get(name="Ferrari").get_absolute_url(),
    }


DAYTONA_PAGES = ("daytona", "daytona history", "Derani", "Action Express", "Cadillac", "records", "home")
LE_MANS_PAGES = ("le mans", "le mans history", "Fuoco", "Ferrari AF Corse", "Ferrari")


def visit(url: str, **headers):
    """A visitor's GET: the response, and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response, len(queries)


def served_from_cache(url: str) -> bool:
    response, queries = visit(url)
    return response["X-Page-Cache"] == "hit" and queries == 0


def seen(archive) -> dict[str, str]:
    """Every page of the archive fixture, as a visitor reads it now."""
    return {name: text_of(visit(url)[0].content.decode()) for name, url in archive.items()}


def give_the_daytona_win_to_31(client) -> int:
    """An editor gives the win to #31, a penalty for #7, in the session's page of the admin; #31's entry id."""
    race = Result.objects.get(entry__number="7", session__event__name="Rolex 24 At Daytona").session
    log_in_editor(client)
    url = reverse("admin:results_session_change", args=[race.pk])
    data = form_data(client.get(url), "session_form")
    rows = {data[f"results-{i}-entry"]: i for i in range(2)}
    seven, thirty_one = (Result.objects.get(session=race, entry__number=n).entry_id for n in ("7", "31"))
    data |= {f"results-{rows[str(seven)]}-position": "2", f"results-{rows[str(thirty_one)]}-position": "1"}
    assert client.post(url, data).status_code == 302
    return thirty_one


def test_a_second_visitor_gets_the_page_kept_without_a_query(archive):
    for name, url in archive.items():
        first, queries = visit(url)
        assert first["X-Page-Cache"] == "miss" and queries > 0, name
        again, queries = visit(url)
        assert (again["X-Page-Cache"], queries, again.content) == ("hit", 0, first.content), name


def test_an_editors_correction_shows_on_every_page_that_shows_it_and_no_other_is_rendered(client, archive):
    before = seen(archive)
    assert "Action Express Racing" not in before["home"].split("Porsche Penske")[0]  # Porsche is the winner shown
    give_the_daytona_win_to_31(client)

    for name in LE_MANS_PAGES:
        assert served_from_cache(archive[name]), f"{name} was rendered again, though the correction is not on it"
    after = seen(archive)
    for name in DAYTONA_PAGES:
        assert after[name] != before[name], f"{name} does not show the correction"
    assert "Derani" not in before["daytona history"] and "Derani" in after["daytona history"]  # the new winner
    assert after["Cadillac"].count("Rolex 24") > before["Cadillac"].count("Rolex 24")  # its new win listed


def test_an_import_committed_shows_at_once_and_the_other_race_stays_kept(tmp_path, archive):
    before = seen(archive)
    toyota_wins = [TOYOTA_SECOND | {"position": "1"}, FERRARI_WINS | {"position": "2"}]
    imported(tmp_path, toyota_wins, name="le-mans-corrected.csv")

    for name in DAYTONA_PAGES[:-2]:  # not the records and home, which every write touches
        assert served_from_cache(archive[name]), f"{name} was rendered again, though the import is not on it"
    after = seen(archive)
    for name in ("le mans", "le mans history", "Ferrari", "Ferrari AF Corse", "Fuoco", "records", "home"):
        assert after[name] != before[name], f"{name} does not show the import"
    assert "Kobayashi" not in before["le mans history"] and "Kobayashi" in after["le mans history"]


def test_a_dry_run_or_a_refused_file_changes_no_page_and_the_cache_goes_on(tmp_path, archive):
    seen(archive)
    imported(tmp_path, [TOYOTA_SECOND | {"position": "1"}, FERRARI_WINS | {"position": "2"}], dry_run=True)
    assert all(served_from_cache(url) for url in archive.values())


def test_an_editor_signed_in_always_gets_a_fresh_page_that_no_cache_keeps(client, archive):
    seen(archive)
    log_in_editor(client)
    for name, url in archive.items():
        response = client.get(url)
        assert "X-Page-Cache" not in response, name
        assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}, name


def test_a_page_carries_validators_and_a_conditional_get_is_answered_304_without_rendering(archive):
    url = archive["Cadillac"]
    first, _ = visit(url)
    visit(archive["Ferrari"])
    etag, modified = first["ETag"], first["Last-Modified"]
    assert {d.strip() for d in first["Cache-Control"].split(",")} >= {"public", "max-age=0", "s-maxage=10"}

    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        response, queries = visit(url, **headers)
        assert (response.status_code, queries, response.content) == (304, 0, b""), headers
        assert response["ETag"] == etag

    cadillac = Manufacturer.objects.get(name="Cadillac")
    cadillac.name = "Cadillac Racing"
    cadillac.save()  # an editor renames the make
    changed, _ = visit(url, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Cadillac Racing" in changed.content.decode()
    assert served_from_cache(archive["Ferrari"])  # the other make's page did not change
