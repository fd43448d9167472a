"""Write again on SQLite the trigger result_entry_same_event, which 0005 dropped.

SQLite alters a table by building a new one and copying the rows into it, and the new
table has no triggers: 0005 (class gaps) rebuilt results_result, so the rule of 0002 is
created again here. PostgreSQL alters the table in place and keeps its trigger. A later
migration that alters results_result must do the same; tests/results/test_constraints.py
fails on SQLite when it does not.
"""

import importlib

from django.db import migrations

rule = importlib.import_module("results.migrations.0002_result_entry_same_event")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in rule.DROP["sqlite"] + rule.SQLITE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("results", "0006_points_editors")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
