"""The whole archive as open data: exported as CSV, JSON and SQLite with a manifest, loaded
into an empty database, and exported again to the same bytes; offered at /downloads/."""

import json
import sqlite3
from contextlib import closing
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from drivers.models import Driver
from results.importers.dumps import DumpError, export_dump, load_dump, tables
from results.models import Article, ChampionshipPlace, Credit, Event, Lap, Result, SessionImport
from tests.factories import DriverFactory, UserFactory
from tests.results.test_event_page_demo import demo_archive  # noqa: F401 -- the module-scoped demo


@pytest.fixture
def demo(demo_archive, db):  # noqa: F811
    return Event.objects.get(race__name="Petit Le Mans", year=2024)


def files_of(directory) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()
    }


def empty_the_archive() -> None:
    """Every row a dump holds or follows from, gone, as in a newly migrated database."""
    models = [SessionImport, ChampionshipPlace, Credit, *(table.model for table in reversed(tables()))]
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def test_a_dump_loaded_into_an_empty_database_exports_to_the_same_files(demo, tmp_path):
    first = export_dump(tmp_path / "first")
    results, laps = Result.objects.count(), Lap.objects.count()
    credits_before = sorted(Credit.objects.values_list("session_id", "who", "subject_id", "win", "laps_led"))

    empty_the_archive()
    loaded = load_dump(tmp_path / "first")
    second = export_dump(tmp_path / "second")

    assert loaded == first["tables"] and loaded["results_result"] == results and loaded["results_lap"] == laps
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    assert second == first
    # What is counted from the rows is counted again, as it was; a row added next gets an id of its own.
    assert sorted(Credit.objects.values_list("session_id", "who", "subject_id", "win", "laps_led")) == credits_before
    assert DriverFactory().pk > max(
        row[0]
        for row in json.loads((tmp_path / "first" / "archive.json").read_text())["tables"]["drivers_driver"]["rows"]
    )


def test_the_sqlite_file_answers_a_query_and_every_format_holds_every_row(demo, tmp_path):
    manifest = export_dump(tmp_path)
    with closing(sqlite3.connect(tmp_path / "archive.sqlite3")) as database:
        (winner,) = database.execute(
            "select e.entrant_name from results_result r join results_session s on s.id = r.session_id "
            "join results_entry e on e.id = r.entry_id where s.id = ? and r.position = 1",
            [demo.sessions.get(kind="race").pk],
        ).fetchone()
    assert winner == demo.sessions.get(kind="race").results.get(position=1).entry.entrant_name
    everything = json.loads((tmp_path / "archive.json").read_text())
    for name, rows in manifest["tables"].items():
        assert len(everything["tables"][name]["rows"]) == rows
        assert (tmp_path / "csv" / f"{name}.csv").read_text().count("\n") >= rows + 1
    assert manifest["as_of"]["name"] == str(Event.objects.completed().newest_first().first())


def test_what_is_private_stays_out_of_the_dump(demo, tmp_path):
    UserFactory(username="editor-jane", email="jane@example.org")
    Article.objects.create(event=demo, title="Draft never shown", slug="draft-never-shown", body="secret")
    Article.objects.create(
        event=demo,
        title="Out tomorrow",
        slug="out-tomorrow",
        body="not yet",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timezone.timedelta(days=1),
    )
    export_dump(tmp_path)
    everything = (tmp_path / "archive.json").read_text()
    for private in ("editor-jane", "jane@example.org", "Draft never shown", "Out tomorrow", "password"):
        assert private not in everything
    assert "imported_by" not in everything


def test_a_dump_is_loaded_only_into_an_empty_archive_and_only_as_written(demo, tmp_path):
    export_dump(tmp_path)
    drivers = Driver.objects.count()
    with pytest.raises(DumpError, match="The archive is not empty"):
        load_dump(tmp_path)
    assert Driver.objects.count() == drivers

    empty_the_archive()
    with open(tmp_path / "archive.sqlite3", "r+b") as file:
        file.seek(4000)
        file.write(b"tampered")
    with pytest.raises(DumpError, match="archive.sqlite3 is not the file the manifest describes"):
        load_dump(tmp_path)
    assert not Driver.objects.exists()


def test_the_commands_say_what_they_did(demo, tmp_path):
    out = StringIO()
    call_command("export_archive", str(tmp_path), stdout=out)
    assert f"as of {Event.objects.completed().newest_first().first()}" in out.getvalue()
    rows = sum(json.loads((tmp_path / "manifest.json").read_text())["tables"].values())
    empty_the_archive()
    out = StringIO()
    call_command("load_dump", str(tmp_path), stdout=out)
    assert f"Loaded {rows:,} rows of {len(tables())} tables" in out.getvalue()
    with pytest.raises(CommandError, match="The archive is not empty"):
        call_command("load_dump", str(tmp_path))


def test_the_downloads_page_offers_the_latest_dump_and_nothing_else(client, demo, tmp_path, settings):
    settings.DUMPS_DIR = tmp_path / "none"
    assert "No dump is published yet" in client.get(reverse("results:downloads")).content.decode()

    settings.DUMPS_DIR = tmp_path
    manifest = export_dump(tmp_path)
    page = client.get(reverse("results:downloads")).content.decode()
    assert manifest["as_of"]["name"] in page and "csv/results_result.csv" in page
    got = client.get(reverse("results:download_file", args=["archive.sqlite3"]))
    assert b"".join(got.streaming_content) == (tmp_path / "archive.sqlite3").read_bytes()
    assert client.get(reverse("results:download_file", args=["../settings.py"])).status_code == 404
    assert client.get(reverse("results:download_file", args=["csv/nothing.csv"])).status_code == 404
