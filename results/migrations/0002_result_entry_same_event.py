"""The database refuses a result whose entry belongs to another event than its session.

The SQL lives in results/models/integrity.py, which also puts the trigger back after every
migrate (SQLite drops triggers when a later migration rebuilds the table).
"""

from django.db import migrations

from results.models import integrity


def create(apps, schema_editor):
    integrity.ensure_database_rules(schema_editor.connection)


def drop(apps, schema_editor):
    integrity.drop_database_rules(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
