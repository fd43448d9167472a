"""Coverage levels beyond complete and partial: top places, winners only, some cars.

Starts, podiums and laps are counted only over complete classifications (top places
for podiums) from now on: an archive migrated with credits in it recounts them with
`manage.py rebuild_credits`. A partial session whose every result is a winner, overall
or in class, becomes "winners only".
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def winners_only(apps, schema_editor):
    Session = apps.get_model("results", "Session")
    Result = apps.get_model("results", "Result")
    losers = Result.objects.filter(session=OuterRef("pk")).exclude(Q(position=1) | Q(class_position=1))
    winners = Result.objects.filter(session=OuterRef("pk"))
    Session.objects.filter(completeness="partial").filter(Exists(winners)).exclude(Exists(losers)).update(
        completeness="winners"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0021_circuit_time_zone_unknown"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="session",
            name="session_completeness_valid",
        ),
        migrations.AlterField(
            model_name="session",
            name="completeness",
            field=models.CharField(
                choices=[
                    ("complete", "Complete: every car"),
                    ("top", "Top places: the first cars overall, not every car"),
                    ("winners", "Winners only: the overall and class winners"),
                    ("partial", "Some cars: neither every car nor the first places"),
                ],
                default="complete",
                help_text="Less than complete when the source gives only the winners, the first places or some cars: starts, podiums and laps are then not counted over it.",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.CheckConstraint(
                condition=models.Q(("completeness__in", ["complete", "top", "winners", "partial"])),
                name="session_completeness_valid",
            ),
        ),
        migrations.RunPython(winners_only, migrations.RunPython.noop),
    ]
