"""An editor's save never waits on an import: no row is written by every write, on PostgreSQL.

Only PostgreSQL runs writers side by side (SQLite takes one writer at a time by design).
"""

from contextlib import contextmanager

import psycopg
import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.urls import reverse

from drivers import admin_saves
from drivers.models import Team
from results.models import Championship, PointsScale, Result
from tests.factories import ResultFactory, TeamFactory, UserFactory
from tests.results.test_admin_support import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="writers run side by side on PostgreSQL only"),
]


@contextmanager
def another_transaction(sql: str, params: list):
    """Another connection to the test database, inside a transaction that has run `sql` and
    stays open (its locks held) until the block ends, when it is rolled back."""
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    other.execute(sql, params)
    try:
        yield other
    finally:
        other.rollback()
        other.close()


@pytest.fixture
def importing():
    """Another connection inside an open transaction that has written results, as an import is."""
    result = ResultFactory()
    with another_transaction(
        "UPDATE results_result SET laps = coalesce(laps, 0) + 1 WHERE id = %s", [result.pk]
    ) as other:
        yield other


@pytest.fixture
def season_held():
    """Another connection holding a season with drivers' standings, as an import does from the
    moment it recounts that season's standings until it commits."""
    season = ResultFactory().session.event.season
    Championship.objects.create(season=season, name="Drivers", scale=PointsScale.objects.create(name="Points"))
    with another_transaction("SELECT id FROM results_season WHERE id = %s FOR UPDATE", [season.pk]) as other:
        yield other


@pytest.fixture
def waiting_briefly(monkeypatch):
    """An editor's save gives up waiting for another write's rows after 1 s, not 10."""
    monkeypatch.setattr(admin_saves, "LOCK_WAIT_SECONDS", 1)


def test_an_editor_saves_a_team_while_an_import_holds_its_transaction_open(client, importing, waiting_briefly):
    team = TeamFactory(name="Proton Competition")
    visitor = Client()
    assert "Proton Competition GmbH" not in visitor.get(team.get_absolute_url()).content.decode()  # now kept
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:drivers_team_change", args=[team.pk])
    data = form_data(client.get(url), "team_form")
    data["name"] = "Proton Competition GmbH"

    response = client.post(url, data)

    assert response.status_code == 302  # saved: a wait on the import's locks would have been refused after 1 s
    assert Team.objects.get(pk=team.pk).name == "Proton Competition GmbH"
    assert "Proton Competition GmbH" in visitor.get(team.get_absolute_url()).content.decode()  # at once
    importing.commit()
    assert Result.objects.get().laps is not None


def refused_correction(client, field: str, value: str):
    """An editor's correction of the one result, posted while another write holds what it needs:
    the form shown again as typed, nothing of the attempt kept. Returns the response."""
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:results_result_change", args=[Result.objects.get().pk])
    data = form_data(client.get(url), "result_form")
    data[field] = value

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200  # the form again, not a server error after 30 s
    assert "Not saved: another write to the archive" in page
    assert "changed successfully" not in page
    assert f'name="{field}" value="{value}"' in page  # what the editor typed is still there
    assert str(getattr(Result.objects.get(), field)) != value  # not saved
    assert not LogEntry.objects.exists()  # nothing of the attempt is kept, not even its log line
    assert Result.objects.get().history.count() == 1  # its creation: the attempt's history row went too
    return response


def saved_again(client, response) -> bool:
    """The same form posted again, once the other write is over: saved."""
    return client.post(response.request["PATH_INFO"], form_data(response, "result_form")).status_code == 302


def test_a_save_that_meets_a_result_an_import_holds_shows_the_form_again_and_saves_nothing(
    client, importing, waiting_briefly
):
    # The import (another connection, still open) has rewritten this result; the editor corrects it too.
    response = refused_correction(client, "reason", "Gearbox")

    importing.rollback()
    assert saved_again(client, response)
    assert Result.objects.get().reason == "Gearbox"


def test_a_save_whose_recount_meets_its_season_held_keeps_nothing_of_itself(client, season_held, waiting_briefly):
    # The result itself is free: the save is written, and gives up only at its end, when it
    # recounts the season's standings. It must leave nothing behind, nor say it was saved.
    response = refused_correction(client, "laps", "42")

    season_held.rollback()
    assert saved_again(client, response)
    assert Result.objects.get().laps == 42


def test_a_deletion_that_meets_a_held_result_says_so_and_deletes_nothing(client, importing, waiting_briefly):
    result = Result.objects.get()
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:results_result_delete", args=[result.pk])

    response = client.post(url, {"post": "yes"}, follow=True)

    page = response.content.decode()
    assert "Not saved: another write to the archive" in page
    assert "deleted successfully" not in page
    assert Result.objects.filter(pk=result.pk).exists()


def test_putting_back_a_held_result_as_it_was_shows_the_form_again_and_saves_nothing(
    client, importing, waiting_briefly
):
    # The admin's History: "put it back as it was" saves through a view of its own.
    result = Result.objects.get()
    before = result.history.earliest()
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:results_result_simple_history", args=[result.pk, before.history_id])
    data = form_data(client.get(url), "historicalresult_form")
    data["reason"] = "Put back"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Not saved: another write to the archive" in response.content.decode()
    assert Result.objects.get().reason != "Put back"
    assert result.history.count() == 1


def test_a_bulk_deletion_from_the_list_that_meets_a_held_result_says_so_and_deletes_nothing(
    client, importing, waiting_briefly
):
    result = Result.objects.get()
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:results_result_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [result.pk], "post": "yes"}

    response = client.post(url, chosen, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: another write to the archive" in page
    assert "Successfully deleted" not in page
    assert Result.objects.filter(pk=result.pk).exists()
