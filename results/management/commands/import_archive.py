"""Import an archive CSV file (docs/archive-csv.md): all of it, or nothing when a row is wrong."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.importers.archive_csv import import_archive_file
from results.importers.errors import ImportValidationError


class Command(BaseCommand):
    help = (
        "Import an archive CSV file: events, sessions, entries, crews and results, matched by name. "
        "A file with an error writes nothing; importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then save nothing.")
        parser.add_argument(
            "--overwrite-hand-edits",
            action="store_true",
            help="Write the file's values over those an editor set by hand since the last import (kept by default).",
        )

    def handle(self, *args, file: Path, dry_run: bool, overwrite_hand_edits: bool, **options):
        try:
            report = import_archive_file(file, dry_run=dry_run, overwrite_hand_edits=overwrite_hand_edits)
        except ImportValidationError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from error
        for line in report.summary_lines():
            self.stdout.write(line)
