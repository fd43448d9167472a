"""`manage.py backup [DIR]`: the whole archive in one file (`make backup`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from racearchive.backups import BACKUPS, BackupError, backup


class Command(BaseCommand):
    help = "Back the archive up to one file in DIR (backups/ by default): pg_dump, or SQLite's online backup."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", type=Path, default=BACKUPS)

    def handle(self, *args, directory: Path, **options):
        try:
            made = backup(directory)
        except BackupError as error:
            raise CommandError(f"No backup was made: {error}") from error
        self.stdout.write(f"Backed up to {made} ({made.stat().st_size / 1024 / 1024:.1f} MB)")
