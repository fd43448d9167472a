"""An import the database cannot finish ends with a sentence, and nothing of it is kept.

Two imports of one event at once on PostgreSQL: the one that must give way is told so in
words, not with the database's constraint error, and the archive holds what the other
wrote. (SQLite takes one writer at a time, so there the second simply waits.)
"""

import threading
import time

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from drivers.models import Team
from results.models import Entry, Result
from tests.results.test_archive_import import car, csv_text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="writers run side by side on PostgreSQL only"),
]


def other_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )


def test_the_import_that_loses_a_race_with_another_says_so_and_keeps_nothing(tmp_path):
    path = tmp_path / "archive.csv"
    path.write_text(csv_text([car("7", 1, team="Penske Motorsport"), car("31", 2)]), encoding="utf-8")
    # Another import has written the same team and not committed yet: this one waits for
    # it at the team's unique name, then finds the name taken once the other commits.
    other = other_connection()
    other.execute(
        "INSERT INTO drivers_team (name, slug, country, search_key) VALUES (%s, %s, '', %s)",
        ["Penske Motorsport", "penske-motorsport", "penske motorsport"],
    )
    outcome = {}

    def run():
        try:
            call_command("import_archive", str(path))
        except CommandError as error:
            outcome["error"] = str(error)
        finally:
            connection.close()  # this thread's own connection

    importing = threading.Thread(target=run)
    importing.start()
    time.sleep(1.5)
    other.commit()
    importing.join(timeout=60)
    other.close()

    assert outcome["error"].startswith("Nothing was imported.")
    assert "another import wrote the same event at the same time" in outcome["error"]
    assert "IntegrityError" not in outcome["error"] and "duplicate key" not in outcome["error"]
    assert list(Team.objects.values_list("name", flat=True)) == ["Penske Motorsport"]
    assert not Entry.objects.exists() and not Result.objects.exists()
