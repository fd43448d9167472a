"""Editors set up championship rules: points scales, championships and their event rules.

Rules are not history (standings are computed from the results), so editors may delete
them too, to correct a mistake where it was made.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
POINTS_MODELS = ["pointsscale", "pointsscalevalue", "championship", "championshipevent"]


def codenames():
    return [f"{action}_{model}" for model in POINTS_MODELS for action in ("add", "change", "view", "delete")]


def grant(apps, schema_editor):
    # Permissions are made after the last migration has run; the group needs them now.
    app_config = apps.get_app_config("results")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="results", codename__in=codenames()))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="results", codename__in=codenames())
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("results", "0005_result_class_gap"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
