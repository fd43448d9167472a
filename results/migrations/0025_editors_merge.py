"""Editors merge two drivers, teams, makes or cars found to be one, and undo a merge; and
delete a stray one (a driver with no starts left after a typo was corrected).

Deleting one of those is safe to grant now: every row that names one protects it, so only
a record nothing names can be deleted, and a merge keeps what it removed in its log.
"""

from django.db import migrations

from results.migrations._editors import granting

GRANTED = [
    "add_merge",
    "change_merge",
    "view_merge",
    *(f"delete_{m}" for m in ("driver", "team", "manufacturer", "car")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("drivers", "0006_merges"),
        ("results", "0024_session_import_undo"),
    ]

    operations = [granting("drivers", GRANTED)]
