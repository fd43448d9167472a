"""Load a dump written by export_archive into an empty database: the sibling of import_archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.importers.dumps import DumpError, load_dump


class Command(BaseCommand):
    help = (
        "Load the dump in DIR (written by export_archive) into this empty database, with the ids it had, "
        "in one transaction, after checking its manifest; then recount the credits and standings. "
        "Refused, writing nothing, if the archive is not empty or a file is not the one the manifest describes."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="The dump's directory (its manifest.json, archive.sqlite3).")

    def handle(self, *args, directory: Path, **options):
        def progress(table: str, rows: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {table}: {rows:,}")

        try:
            loaded = load_dump(directory, progress=progress)
        except DumpError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {sum(loaded.values()):,} rows of {len(loaded)} tables from {directory}.")
        )
