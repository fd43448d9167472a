"""Fold the calendar's search keys again, now that fold() transliterates ("Łódź" was "odz").

Slugs stay as they are: a page's URL never changes with how names are folded.
"""

from django.db import migrations

from drivers.naming import refold


def refold_all(apps, schema_editor):
    refold(apps.get_model("results", "Series"), lambda series: f"{series.name} {series.short_name}")
    refold(apps.get_model("results", "Circuit"), lambda circuit: f"{circuit.name} {circuit.place}")
    refold(apps.get_model("results", "Race"), lambda race: race.name)
    refold(apps.get_model("results", "Event"), lambda event: f"{event.year} {event.name}")


class Migration(migrations.Migration):
    dependencies = [("results", "0013_event_newest_first"), ("drivers", "0002_search_keys_transliterated")]

    operations = [migrations.RunPython(refold_all, migrations.RunPython.noop)]
