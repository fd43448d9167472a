"""The database refuses a result whose entry belongs to another event than its session.

The SQL lives in results/db_rules.py, which also puts the trigger back after every
migrate (SQLite drops triggers when a later migration rebuilds the table).
"""

from django.db import migrations

from results import db_rules


def create(apps, schema_editor):
    db_rules.ensure_database_rules(schema_editor.connection)


def drop(apps, schema_editor):
    db_rules.drop_database_rules(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
