"""Backing the archive up to one file, and restoring it from one, on PostgreSQL or SQLite.

PostgreSQL is dumped with pg_dump in its custom format and restored with pg_restore
(--clean: what the file holds replaces what the database holds, table by table, in one
transaction). SQLite is copied with its online backup, page by page, consistent while the
site keeps running; a restore copies the file back the same way. After a restore the
read cache is emptied: its pages and counts belong to the archive as it was before.
"""

import datetime
import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db import connection

from results.stats import cache

BACKUPS = Path("backups")


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why."""


def backup(directory: Path = BACKUPS) -> Path:
    """A new backup file of the archive in `directory` (made if missing), named by engine and time.

    It holds the editors' password hashes and sessions: the directory and the file are
    readable by their owner alone.
    """
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    previous_umask = os.umask(0o077)
    try:
        return _backup(directory)
    finally:
        os.umask(previous_umask)


def _backup(directory: Path) -> Path:
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    if connection.vendor == "postgresql":
        target = directory / f"racearchive-{stamp}.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *_connection_arguments()])
    elif connection.vendor == "sqlite":
        name = _sqlite_path()
        if not name.startswith("file:") and not Path(name).is_file():
            raise BackupError(f"there is no archive at {name} to back up")
        target = directory / f"racearchive-{stamp}.sqlite3"
        _copy_sqlite(name, target)
    else:
        raise BackupError(f"backups are made of PostgreSQL and SQLite databases, not {connection.vendor}")
    return target


def restore(file: Path) -> None:
    """Replace the archive with the backup `file` made by backup(), and empty the read cache."""
    if not file.is_file():
        raise BackupError(f"there is no backup file {file}")
    connection.close()  # nothing of this process holds the database while it is replaced
    if connection.vendor == "postgresql":
        if file.suffix != ".dump":
            raise BackupError(f"{file.name} is not a PostgreSQL backup (racearchive-….dump)")
        arguments = ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
        _run(["pg_restore", *arguments, *_connection_arguments(dbname_flag=True), str(file)])
    elif connection.vendor == "sqlite":
        if file.suffix != ".sqlite3":
            raise BackupError(f"{file.name} is not a SQLite backup (racearchive-….sqlite3)")
        _copy_sqlite(file, _sqlite_path())
    else:
        raise BackupError(f"backups are restored into PostgreSQL and SQLite databases, not {connection.vendor}")
    cache.forget_everything()


def _copy_sqlite(source, target) -> None:
    """SQLite's online backup of `source` into `target`: consistent while others write."""
    with closing(_sqlite(source)) as reading, closing(_sqlite(target)) as writing:
        reading.backup(writing)


def _sqlite(name) -> sqlite3.Connection:
    # The tests' database is a shared in-memory one, named by a URI ("file:memorydb_…").
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


def _sqlite_path() -> str:
    return str(connection.settings_dict["NAME"])


def _connection_arguments(*, dbname_flag: bool = False) -> list[str]:
    """The database of the settings, as pg_dump and pg_restore take it; what is not set is
    left to libpq's defaults (no host: the local socket, as Django connects)."""
    settings = connection.settings_dict
    arguments = [f"--host={settings['HOST']}"] if settings["HOST"] else []
    arguments += [f"--port={settings['PORT']}"] if settings["PORT"] else []
    if settings["USER"]:
        arguments.append(f"--username={settings['USER']}")
    name = settings["NAME"]
    return [*arguments, f"--dbname={name}" if dbname_flag else name]


def _run(command: list[str]) -> None:
    env = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    # The connection options Django passes on (sslmode=require...), as libpq reads them.
    for option, value in connection.settings_dict.get("OPTIONS", {}).items():
        if option in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
            env[f"PG{option.upper()}"] = str(value)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.returncode}")
