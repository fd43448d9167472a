"""Drop the archive revision: its table, and the triggers every watched table had.

The read cache is told what each write touches (results.stats.invalidation) instead of
reading one revision that every write moved.
"""

from django.db import migrations

TABLE = "results_archive_revision"
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
    "results_championship",
    "results_championship_classes",
    "results_championshipevent",
    "results_pointsscale",
    "results_pointsscalevalue",
)


def drop_revision(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # CASCADE takes every trigger that runs the functions with them.
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_bump() CASCADE")
            cursor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_commit() CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}_pending")
        elif connection.vendor == "sqlite":
            for table in WATCHED:
                for action in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{table}_{action}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0014_search_keys_transliterated"),
        ("drivers", "0002_search_keys_transliterated"),
    ]

    operations = [migrations.RunPython(drop_revision, migrations.RunPython.noop, elidable=True)]
