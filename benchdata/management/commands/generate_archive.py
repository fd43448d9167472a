"""Fill an empty database with a large made-up archive, for measuring pages against it."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from benchdata.archive import generate_archive
from benchdata.plan import GenerationError
from drivers.models import Car, Driver, Manufacturer, Team
from results.models import Circuit, Entry, Event, Race, Result, Series

# Any of these holding rows means the database is someone's archive, not a scratch one.
ARCHIVE_MODELS = (Result, Entry, Event, Series, Race, Circuit, Driver, Team, Car, Manufacturer)


class Command(BaseCommand):
    help = (
        "Generate a realistic made-up archive of exactly --results results (series, seasons over decades, "
        "recurring races, entries, crews with long careers, qualifying and race classifications). "
        "The same --seed gives the same archive. Refuses a database that already holds data unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--results", type=int, required=True, help="How many results to create, e.g. 500000.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per INSERT (default 2000).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the generated archive to a database that already holds data (its rows are kept).",
        )

    def handle(self, *args, results: int, seed: int, batch_size: int, force: bool, **options) -> None:
        if results < 1:
            raise CommandError("--results must be at least 1.")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        database = connection.settings_dict["NAME"]
        held = {model._meta.verbose_name_plural: model.objects.count() for model in ARCHIVE_MODELS}
        held = {name: count for name, count in held.items() if count}
        if held and not force:
            listed = ", ".join(f"{count:,} {name}" for name, count in held.items())
            raise CommandError(
                f"The database {database} ({connection.vendor}) already holds data: {listed}. "
                "generate_archive is meant for an empty, migrated database, because it adds made-up "
                "results. Create one (for PostgreSQL: createdb, then DATABASE_URL=... manage.py migrate), "
                "or pass --force to add the generated archive to this one anyway."
            )
        verbosity = options["verbosity"]
        self.stdout.write(f"Generating {results:,} results with seed {seed} into {database} ({connection.vendor})…")

        def progress(year: int, written: int) -> None:
            if verbosity >= 2 or (verbosity >= 1 and year % 10 == 0):
                self.stdout.write(f"  {year}: {written:,} results written")

        try:
            summary = generate_archive(results=results, seed=seed, batch_size=batch_size, progress=progress)
        except GenerationError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{count:,} {name}" for name, count in summary.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated seasons {summary.first_year}–{summary.last_year} in {summary.seconds:.1f} s: {counts}."
            )
        )
