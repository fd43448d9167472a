"""The archive's revision: a number that changes whenever anything the records count changes.

A ranking of the whole archive (every driver's starts) reads every result of it: much
work, for an answer that changes only when the archive does: its results,
sessions, entries, crews, events, seasons, series, races, circuits, classes, cars,
drivers, teams or makes (whose names milestones are worded with), or its points rules.
Every write to one of those tables gives the revision a new value, by a trigger in the
database, so imports, the admin, management commands and the shell all move it. What
is counted over the whole archive (the records explorer's rankings, the event pages'
milestones, the totals of drivers, teams, makes, cars, circuits and races) is kept in
Django's cache under the revision it was computed at (`cached()`), so a changed archive
is simply a key not cached yet.

The new value is random, not a counter: a transaction rolled back returns a counter to a
value that a later change would take again, and the cache would answer with the ranking
of data that never was.

On PostgreSQL the revision's row is written when a transaction commits, not when it
writes: a row written at once stays locked until the writer commits, so while an import
ran every editor's save waited on it (and failed after 30 s). A statement-level trigger
notes the transaction's first write in a table of pending changes, whose deferred
trigger moves the revision at commit, a moment's lock. Until then the transaction itself
reads a revision of its own (`current()`), so what it counts after writing is never
taken for what others see. SQLite has one writer at a time and row-level triggers only:
there each write moves the revision at once.

Like results.models.integrity, the table and triggers are (re)made after every `migrate`: SQLite
drops a table's triggers when a migration rebuilds the table.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection as default_connection

T = TypeVar("T")
_NOT_CACHED = object()

TABLE = "results_archive_revision"
# The shape of what is kept: raise it when a kept value's classes or keys change, so that a
# deployed release never reads what an earlier one kept (a shared Redis outlives a release).
KEPT_FORMAT = 2
# How long a value kept under a revision may stay in the cache, even if the archive does not change.
CACHE_SECONDS = 24 * 60 * 60
# What records, milestones and standings count, and the names and facts their sentences are made of.
WATCHED = (
    "results_result",
    "results_session",
    "results_session_classes",
    "results_entry",
    "results_entrydriver",
    "results_event",
    "results_season",
    "results_series",
    "results_race",
    "results_circuit",
    "results_carclass",
    "drivers_car",
    "drivers_driver",
    "drivers_team",
    "drivers_manufacturer",
    # Points rules: a driver's page shows their place in each season's standings.
    "results_championship",
    "results_championship_classes",
    "results_championshipevent",
    "results_pointsscale",
    "results_pointsscalevalue",
)

SQLITE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)",
    f"INSERT OR IGNORE INTO {TABLE} (id, revision) VALUES (1, 0)",
    *(
        f"""
        CREATE TRIGGER IF NOT EXISTS {TABLE}_{table}_{action.lower()} AFTER {action} ON {table}
        BEGIN UPDATE {TABLE} SET revision = abs(random()) WHERE id = 1; END
        """
        for table in WATCHED
        for action in ("INSERT", "UPDATE", "DELETE")
    ),
]

# A transaction's writes to watched tables so far, as a setting local to the transaction.
WRITES_SETTING = "racearchive.revision_writes"
PENDING = f"{TABLE}_pending"

POSTGRESQL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY CHECK (id = 1), revision bigint NOT NULL)",
    f"INSERT INTO {TABLE} (id, revision) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
    # One row per open transaction that has written; each transaction inserts its own key,
    # so no writer waits on another.
    f"CREATE TABLE IF NOT EXISTS {PENDING} (txid bigint PRIMARY KEY)",
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        writes text := coalesce(current_setting('{WRITES_SETTING}', true), '');
    BEGIN
        IF writes = '' THEN
            INSERT INTO {PENDING} (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
            writes := '0';
        END IF;
        PERFORM set_config('{WRITES_SETTING}', (writes::bigint + 1)::text, true);
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} SET revision = floor(random() * 9e18)::bigint WHERE id = 1;
        DELETE FROM {PENDING} WHERE txid = NEW.txid;
        RETURN NULL;
    END $$
    """,
]
# Fires as the transaction commits (deferred), once: a transaction inserts one pending row.
POSTGRESQL_COMMIT_TRIGGER = f"""
    CREATE CONSTRAINT TRIGGER {TABLE}_commit AFTER INSERT ON {PENDING}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {TABLE}_commit()
"""
POSTGRESQL_TRIGGER = f"""
    CREATE TRIGGER {TABLE} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {{table}}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_bump()
"""
# Which watched tables have the trigger: creating one locks its table, so only missing ones are made.
POSTGRESQL_HAVE = f"""
    SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE t.tgname IN ('{TABLE}', '{TABLE}_commit') AND c.relname = ANY(%s)
"""


def ensure_revision(connection) -> None:
    """Create the revision's table and triggers where missing; safe to run any number of times."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        raise NotImplementedError(f"the archive revision has no triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL_HAVE, [[*WATCHED, PENDING]])
            have = {row[0] for row in cursor.fetchall()}
            for table in WATCHED:
                if table not in have:
                    cursor.execute(POSTGRESQL_TRIGGER.format(table=table))
            if PENDING not in have:
                cursor.execute(POSTGRESQL_COMMIT_TRIGGER)


def ensure_after_migrate(sender, using, plan=None, **kwargs) -> None:
    """post_migrate receiver: the revision's triggers, once every watched table exists."""
    from django.db import connections

    connection = connections[using]
    if set(WATCHED) <= set(connection.introspection.table_names()):
        ensure_revision(connection)


def current(connection=default_connection) -> str:
    """The archive's revision now (one query); "0" before the first migrate has made it.

    On PostgreSQL, a transaction that has written reads a revision of its own, which
    changes with each of its writes, until its commit moves the revision for everyone.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT revision FROM {TABLE} WHERE id = 1")  # noqa: S608 -- a constant
            row = cursor.fetchone()
        return str(row[0]) if row else "0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT revision, current_setting('{WRITES_SETTING}', true), txid_current_if_assigned() "  # noqa: S608
            f"FROM {TABLE} WHERE id = 1"
        )
        row = cursor.fetchone()
    if row is None:
        return "0"
    revision, writes, transaction = row
    return f"{revision}.{transaction}.{writes}" if writes else str(revision)


def cached(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`'s value, from Django's cache while the archive stays at the revision it was computed at.

    `name` says what is kept ("ranking", "driver-page") and `key` which one; the
    two with the revision are hashed into the cache key, so any text will do.
    """
    digest = hashlib.sha256(f"{current()}:{key}".encode()).hexdigest()
    cache_key = f"{name}:v{KEPT_FORMAT}:{digest}"
    value = cache.get(cache_key, _NOT_CACHED)
    if value is _NOT_CACHED:
        value = compute()
        cache.set(cache_key, value, CACHE_SECONDS)
    return value
