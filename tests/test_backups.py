"""`make backup` and `make restore`: a backup taken, the archive changed, the backup restored,
and the archive exactly as it was, on the database the tests run on (PostgreSQL or SQLite)."""

import io

import pytest
from django.core.management import CommandError, call_command

from drivers.models import Team
from results.models import Event
from tests.factories import EntryDriverFactory, ResultFactory

pytestmark = pytest.mark.django_db(transaction=True)

ARCHIVE = ("drivers", "results")


def archive_as_json() -> str:
    out = io.StringIO()
    call_command("dumpdata", *ARCHIVE, "--indent=1", stdout=out)
    return out.getvalue()


def test_a_restored_backup_gives_back_the_archive_as_it_was(tmp_path):
    result = ResultFactory()
    EntryDriverFactory(entry=result.entry)
    before = archive_as_json()
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    (backup,) = tmp_path.iterdir()
    assert f"Backed up to {backup}" in out.getvalue()

    Team.objects.create(name="Added After The Backup")
    Event.objects.update(name="Renamed after the backup")
    result.delete()
    assert archive_as_json() != before

    call_command("restore", str(backup), "--yes", stdout=io.StringIO())

    assert archive_as_json() == before


def test_a_restore_of_a_file_that_is_not_a_backup_changes_nothing(tmp_path):
    ResultFactory()
    before = archive_as_json()
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(stray), "--yes")
    with pytest.raises(CommandError, match="there is no backup file"):
        call_command("restore", str(tmp_path / "missing.dump"), "--yes")

    assert archive_as_json() == before


def test_a_backup_is_readable_by_its_owner_alone(tmp_path):
    ResultFactory()
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())

    (made,) = (tmp_path / "backups").iterdir()
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700
    assert made.stat().st_mode & 0o077 == 0
