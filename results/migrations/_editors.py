"""Granting the Editors group permissions from a migration: the one way the data migrations
that widen what editors may do (0006, 0025, 0030) all do it. Its name starts with "_", so
Django's migration loader does not take it for a migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"


def granting(app_label: str, codenames: list[str]) -> migrations.RunPython:
    """A RunPython that gives the Editors group these permissions of `app_label`, and takes
    them back when the migration is reversed."""

    def permissions(apps):
        Permission = apps.get_model("auth", "Permission")
        return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)

    def grant(apps, schema_editor):
        # Permissions are made after the last migration has run; the group needs them now.
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        app_config.models_module = None
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
        group.permissions.add(*permissions(apps))

    def revoke(apps, schema_editor):
        for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
            group.permissions.remove(*permissions(apps))

    return migrations.RunPython(grant, revoke)
