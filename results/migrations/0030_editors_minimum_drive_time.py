"""Editors enter the regulation minimum drive times of a race, on its session's page."""

from django.db import migrations

from results.migrations._editors import granting


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("results", "0029_minimum_drive_time"),
    ]

    operations = [granting("results", [f"{action}_minimumdrivetime" for action in ("add", "change", "delete", "view")])]
