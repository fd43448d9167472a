"""Write a series, a season or a race's editions as an archive CSV, the file import_archive reads."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.importers.archive_export import write_archive_csv
from results.models import Event, Race, Series


class Command(BaseCommand):
    help = (
        "Write the events of a series (--series SLUG, with --season YEAR for one season) or the editions "
        "of a race (--race SLUG) as an archive CSV (docs/archive-csv.md) to FILE: import_archive FILE in "
        "another archive holds the same results, and exported from there gives the same file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file to write.")
        parser.add_argument("--series", default="", help="A series by its slug (as in its URL): imsa.")
        parser.add_argument("--season", type=int, help="With --series: one season, by its year.")
        parser.add_argument("--race", default="", help="A recurring race by its slug: 24-hours-of-daytona.")

    def handle(self, *args, file: Path, series: str, season: int | None, race: str, **options):
        if bool(series) == bool(race):
            raise CommandError("Name a series (--series, and --season for one season) or a race (--race).")
        if race:
            found = Race.objects.filter(slug=race).first()
            if found is None:
                raise CommandError(f"No race “{race}” in the archive.")
            events = Event.objects.filter(race=found)
        else:
            found = Series.objects.filter(slug=series).first()
            if found is None:
                raise CommandError(f"No series “{series}” in the archive.")
            events = Event.objects.filter(season__series=found)
            if season is not None:
                events = events.filter(season__year=season)
        if not events.exists():
            raise CommandError("No event of that choice in the archive.")
        with open(file, "w", encoding="utf-8", newline="") as stream:
            rows = write_archive_csv(stream, events)
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows:,} rows of {events.count():,} events to {file}."))
