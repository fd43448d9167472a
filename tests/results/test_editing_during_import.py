"""An editor's save never waits on an import: no row is written by every write, on PostgreSQL.

Only PostgreSQL runs writers side by side (SQLite takes one writer at a time by design).
"""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from drivers.models import Team
from results.models import Result
from tests.factories import ResultFactory, TeamFactory, UserFactory
from tests.results.test_admin_support import form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="writers run side by side on PostgreSQL only"),
]


@pytest.fixture
def importing():
    """Another connection inside an open transaction that has written results, as an import is."""
    result = ResultFactory()
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    other.execute("UPDATE results_result SET laps = coalesce(laps, 0) + 1 WHERE id = %s", [result.pk])
    yield other
    other.rollback()
    other.close()


@pytest.fixture
def waiting_fails():
    """Every new connection to the test database gives up waiting for a lock after 1 s."""
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" SET lock_timeout = 1000')
    connection.close()  # the next query connects anew, with the setting
    yield
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" RESET lock_timeout')
    connection.close()


def test_an_editor_saves_a_team_while_an_import_holds_its_transaction_open(client, importing, waiting_fails):
    team = TeamFactory(name="Proton Competition")
    visitor = Client()
    assert "Proton Competition GmbH" not in visitor.get(team.get_absolute_url()).content.decode()  # now kept
    client.force_login(UserFactory(username="ed", is_staff=True, is_superuser=True))
    url = reverse("admin:drivers_team_change", args=[team.pk])
    data = form_data(client.get(url), "team_form")
    data["name"] = "Proton Competition GmbH"

    response = client.post(url, data)

    assert response.status_code == 302  # saved: a wait on the import's locks would have failed after 1 s
    assert Team.objects.get(pk=team.pk).name == "Proton Competition GmbH"
    assert "Proton Competition GmbH" in visitor.get(team.get_absolute_url()).content.decode()  # at once
    importing.commit()
    assert Result.objects.get().laps is not None
