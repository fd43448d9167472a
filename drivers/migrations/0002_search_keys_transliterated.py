"""Fold every search key again, now that fold() transliterates ("Łukasz" was "ukasz").

Slugs stay as they are: a page's URL never changes with how names are folded.
"""

from django.db import migrations

from drivers.naming import refold


def car_name(car) -> str:
    # Car.full_name, which a migration's historical model does not have.
    name = f"{car.manufacturer.name} {car.model}"
    if car.engine_manufacturer_id and car.engine_manufacturer_id != car.manufacturer_id:
        return f"{name}-{car.engine_manufacturer.name}"
    return name


def refold_all(apps, schema_editor):
    refold(apps.get_model("drivers", "Manufacturer"), lambda make: make.name)
    refold(apps.get_model("drivers", "Team"), lambda team: team.name)
    refold(apps.get_model("drivers", "Car"), car_name, related=("manufacturer", "engine_manufacturer"))
    refold(apps.get_model("drivers", "Driver"), lambda driver: f"{driver.given_name} {driver.family_name}")


class Migration(migrations.Migration):
    dependencies = [("drivers", "0001_initial")]

    operations = [migrations.RunPython(refold_all, migrations.RunPython.noop)]
