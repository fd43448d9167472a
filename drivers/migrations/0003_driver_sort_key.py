"""Drivers are listed by where a reader looks for them (naming.name_sort_key): "de Courcelles"
under C, "Étancelin" under E, on every database whatever its collation."""

from django.db import migrations, models

from drivers.naming import name_sort_key

BATCH = 2000


def fill_sort_keys(apps, schema_editor):
    Driver = apps.get_model("drivers", "Driver")
    drivers = list(Driver.objects.only("pk", "given_name", "family_name"))
    for driver in drivers:
        driver.sort_key = name_sort_key(driver.given_name, driver.family_name)
    Driver.objects.bulk_update(drivers, ["sort_key"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("drivers", "0002_search_keys_transliterated")]

    operations = [
        migrations.AlterModelOptions(name="driver", options={"ordering": ["sort_key", "slug"]}),
        migrations.AddField(
            model_name="driver",
            name="sort_key",
            field=models.CharField(default="", editable=False, max_length=210),
        ),
        migrations.RunPython(fill_sort_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="driver", index=models.Index(fields=["sort_key", "slug"], name="driver_sort_idx")
        ),
    ]
