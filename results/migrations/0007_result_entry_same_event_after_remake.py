"""Put the result_entry_same_event trigger back on SQLite after 0005 rebuilt results_result.

Kept so that databases migrated before results/models/integrity.py existed get the trigger;
since then the rule is also re-applied after every migrate by a post_migrate receiver.
"""

from django.db import migrations

from results.models import integrity


def restore(apps, schema_editor):
    integrity.ensure_database_rules(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("results", "0006_points_editors")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop)]
