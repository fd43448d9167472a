"""The demo archive: the facts of the seed documents and the Daytona winners, kept in results/demo/.

Loaded in this order, all in one transaction: series.csv, circuits.csv, classes.csv (so
that the archive files find their series' short names, the circuits' time zones and the
classes' names and colours), every archive CSV in archive/ by name, races.csv (the year
each race was first held), drivers.csv (facts about drivers), championships.json (the
points rules the seeds give, so that seasons show standings), the reports in articles/,
then the races told lap by lap that laps.csv lists (files in laps/). Loading it again
changes nothing.
"""

from pathlib import Path

from django.db import transaction

from results.importers.archive_csv import import_archive_file
from results.importers.articles import load_articles
from results.importers.championships import load_championships
from results.importers.laps import import_lap_index
from results.importers.matching import Resolver
from results.importers.reference import load_circuits, load_classes, load_driver_facts, load_races, load_series
from results.importers.report import ImportReport

DEMO_DIRECTORY = Path(__file__).resolve().parent.parent / "demo"


def load_demo(*, directory: Path = DEMO_DIRECTORY, dry_run: bool = False) -> ImportReport:
    """Load (or refresh) the demo archive; raises ImportValidationError, writing nothing, on a bad file."""
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        resolver = Resolver(report)
        load_series(directory / "series.csv", resolver)
        load_circuits(directory / "circuits.csv", resolver)
        load_classes(directory / "classes.csv", resolver)
        for path in sorted((directory / "archive").glob("*.csv")):
            report.extend(import_archive_file(path))
        load_races(directory / "races.csv", resolver)
        load_driver_facts(directory / "drivers.csv", resolver)
        load_championships(directory / "championships.json", resolver)
        load_articles(directory / "articles", resolver)
        for laps in import_lap_index(directory / "laps.csv"):
            report.warnings += laps.warnings
        if dry_run:
            transaction.set_rollback(True)
    return report
