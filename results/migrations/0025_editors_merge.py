"""Editors merge two drivers, teams, makes or cars found to be one, and undo a merge; and
delete a stray one (a driver with no starts left after a typo was corrected).

Deleting one of those is safe to grant now: every row that names one protects it, so only
a record nothing names can be deleted, and a merge keeps what it removed in its log.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
GRANTED = [
    "add_merge",
    "change_merge",
    "view_merge",
    *(f"delete_{m}" for m in ("driver", "team", "manufacturer", "car")),
]


def grant(apps, schema_editor):
    # Permissions are made after the last migration has run; the group needs them now.
    app_config = apps.get_app_config("drivers")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="drivers", codename__in=GRANTED))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="drivers", codename__in=GRANTED))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("drivers", "0006_merges"),
        ("results", "0024_session_import_undo"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
