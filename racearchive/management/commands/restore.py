"""`manage.py restore FILE`: the archive as a backup holds it (`make restore FILE=…`)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from racearchive.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the whole archive with a backup made by `manage.py backup`, then empty the read cache. "
        "Stop the site first, or expect its pages to change under the visitors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask before replacing the archive.")

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes and input(f"Replace the whole archive with {file}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing was restored.")
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from error
        self.stdout.write(f"The archive is as {file} holds it.")
