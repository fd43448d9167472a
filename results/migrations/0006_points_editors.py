"""Editors set up championship rules: points scales, championships and their event rules.

Rules are not history (standings are computed from the results), so editors may delete
them too, to correct a mistake where it was made.
"""

from django.db import migrations

from results.migrations._editors import granting

POINTS_MODELS = ["pointsscale", "pointsscalevalue", "championship", "championshipevent"]
CODENAMES = [f"{action}_{model}" for model in POINTS_MODELS for action in ("add", "change", "view", "delete")]


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("results", "0005_result_class_gap"),
    ]

    operations = [granting("results", CODENAMES)]
