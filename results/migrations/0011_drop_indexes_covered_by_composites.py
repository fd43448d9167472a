"""Drop three indexes that others already cover, so writes to results keep fewer up to date.

results_result's own indexes on session_id and entry_id are the leading columns of
result_one_per_entry_and_session (session, entry) and result_entry_session_idx (entry,
session); event_race_year_idx repeats event_unique_edition_per_race_and_year (race, year).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0010_session_event_kind_idx"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="event",
            name="event_race_year_idx",
        ),
        migrations.AlterField(
            model_name="result",
            name="entry",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="results", to="results.entry"
            ),
        ),
        migrations.AlterField(
            model_name="result",
            name="session",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="results",
                to="results.session",
            ),
        ),
    ]
