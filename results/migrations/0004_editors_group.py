"""The Editors group: add, change and view the archive's data and reports; nothing on accounts.

Editors may also delete what belongs to one event's sheets (its sessions, entries, crews,
results) and articles, to correct a mistake where it was made. They may not delete what
other events point at (drivers, teams, makes, cars, series, seasons, classes, circuits,
races) nor an event itself, whose deletion would take its whole history with it: that is
left to an administrator. Users, groups and permissions are not theirs at all.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"

ARCHIVE = {
    "drivers": ["driver", "team", "manufacturer", "car"],
    "results": [
        "series",
        "season",
        "carclass",
        "circuit",
        "race",
        "event",
        "session",
        "entry",
        "entrydriver",
        "result",
        "article",
    ],
}
DELETABLE = {"results": ["session", "entry", "entrydriver", "result", "article"]}


def codenames():
    for app, models in ARCHIVE.items():
        for model in models:
            for action in ("add", "change", "view"):
                yield app, f"{action}_{model}"
    for app, models in DELETABLE.items():
        for model in models:
            yield app, f"delete_{model}"


def create_group(apps, schema_editor):
    # Permissions are made after the last migration has run; this group needs them now.
    for label in ARCHIVE:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = set(codenames())
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in=ARCHIVE, codename__in={codename for _, codename in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(permissions) != len(wanted):
        raise RuntimeError(f"The {GROUP} group needs {len(wanted)} permissions; only {len(permissions)} exist.")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("drivers", "0001_initial"),
        ("results", "0003_points_rules"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
