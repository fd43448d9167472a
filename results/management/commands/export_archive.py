"""Write the whole archive as open data: CSV per table, one JSON file, a SQLite database, a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand

from results.importers.dumps import export_dump


class Command(BaseCommand):
    help = (
        "Write the archive's open data into DIR: csv/<table>.csv, archive.json, archive.sqlite3 and "
        "manifest.json (format, as-of event, rows per table, each file's SHA-256). The same archive gives "
        "the same files. Load it into an empty database with load_dump DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where the dump goes (made if missing; its files replaced).")

    def handle(self, *args, directory: Path, **options):
        manifest = export_dump(directory)
        as_of = manifest["as_of"]["name"] if manifest["as_of"] else "no completed event yet"
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {rows:,} rows of {len(manifest['tables'])} tables to {directory}, as of {as_of}."
            )
        )
