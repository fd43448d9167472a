"""Rules the database holds that no CHECK constraint can express: here, one trigger.

A result's entry must belong to its session's event. The rule is a trigger written for
each database the archive runs on, and its message names the rule as a constraint would.

SQLite rebuilds a table to alter it and the rebuilt table has no triggers, so a later
migration touching results_result would silently drop the rule. `ensure_database_rules`
is therefore idempotent and runs after every `migrate` (post_migrate, as Django creates
its permissions), not only in the migration that introduced it.
"""

RULE = "result_entry_same_event"
MESSAGE = f"{RULE}: the entry belongs to another event than the session"

SQLITE = [
    f"""
    CREATE TRIGGER IF NOT EXISTS {RULE}_{when.lower()} BEFORE {when} ON results_result
    FOR EACH ROW WHEN (SELECT event_id FROM results_entry WHERE id = NEW.entry_id)
                   != (SELECT event_id FROM results_session WHERE id = NEW.session_id)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """
    for when in ("INSERT", "UPDATE")
]

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION {RULE}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT event_id FROM results_entry WHERE id = NEW.entry_id)
           IS DISTINCT FROM (SELECT event_id FROM results_session WHERE id = NEW.session_id) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    f"DROP TRIGGER IF EXISTS {RULE} ON results_result",
    f"""
    CREATE TRIGGER {RULE} BEFORE INSERT OR UPDATE OF entry_id, session_id ON results_result
    FOR EACH ROW EXECUTE FUNCTION {RULE}();
    """,
]

DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {RULE}_insert", f"DROP TRIGGER IF EXISTS {RULE}_update"],
    "postgresql": [f"DROP TRIGGER IF EXISTS {RULE} ON results_result", f"DROP FUNCTION IF EXISTS {RULE}()"],
}


def ensure_database_rules(connection) -> None:
    """Create the triggers if they are missing; safe to run any number of times."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(connection.vendor)
    if statements is None:
        raise NotImplementedError(f"{RULE} has no trigger for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop_database_rules(connection) -> None:
    with connection.cursor() as cursor:
        for sql in DROP.get(connection.vendor, []):
            cursor.execute(sql)


def ensure_after_migrate(sender, using, plan=None, **kwargs) -> None:
    """post_migrate receiver: put the rules back once the schema is as migrations left it."""
    from django.db import connections

    connection = connections[using]
    if "results_result" in connection.introspection.table_names():
        ensure_database_rules(connection)
