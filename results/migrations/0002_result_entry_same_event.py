"""The database refuses a result whose entry belongs to another event than its session.

No CHECK constraint can look across tables, so this rule is a trigger, written for
each database the archive runs on. Its message names the rule as a constraint would.
"""

from django.db import migrations

RULE = "result_entry_same_event"

SQLITE = [
    f"""
    CREATE TRIGGER {RULE}_{when.lower()} BEFORE {when} ON results_result
    FOR EACH ROW WHEN (SELECT event_id FROM results_entry WHERE id = NEW.entry_id)
                   != (SELECT event_id FROM results_session WHERE id = NEW.session_id)
    BEGIN SELECT RAISE(ABORT, '{RULE}: the entry belongs to another event than the session'); END;
    """
    for when in ("INSERT", "UPDATE")
]

POSTGRESQL = [
    f"""
    CREATE FUNCTION {RULE}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF (SELECT event_id FROM results_entry WHERE id = NEW.entry_id)
           IS DISTINCT FROM (SELECT event_id FROM results_session WHERE id = NEW.session_id) THEN
            RAISE EXCEPTION '{RULE}: the entry belongs to another event than the session'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$;
    """,
    f"""
    CREATE TRIGGER {RULE} BEFORE INSERT OR UPDATE OF entry_id, session_id ON results_result
    FOR EACH ROW EXECUTE FUNCTION {RULE}();
    """,
]

DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {RULE}_insert", f"DROP TRIGGER IF EXISTS {RULE}_update"],
    "postgresql": [f"DROP TRIGGER IF EXISTS {RULE} ON results_result", f"DROP FUNCTION IF EXISTS {RULE}()"],
}


def create(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if statements is None:
        raise NotImplementedError(f"{RULE} has no trigger for {schema_editor.connection.vendor}")
    for sql in statements:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
