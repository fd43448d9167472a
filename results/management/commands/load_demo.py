"""Load the demo archive kept in results/demo/: safe to run again, it changes nothing the second time."""

from django.core.management.base import BaseCommand, CommandError

from drivers.models import Car, Driver, Team
from results.importers.demo import load_demo
from results.importers.errors import ImportValidationError
from results.models import Article, Entry, Event, Lap, Result, Session


class Command(BaseCommand):
    help = "Load the demo archive (results/demo/): the seed documents' facts and every 24 Hours of Daytona winner."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then save nothing.")

    def handle(self, *args, dry_run: bool, **options):
        try:
            report = load_demo(dry_run=dry_run)
        except ImportValidationError as error:
            raise CommandError(f"The demo archive was not loaded.\n{error}") from error
        for line in report.summary_lines():
            self.stdout.write(line)
        held = [(model._meta.verbose_name_plural, model.objects.count()) for model in HELD]
        self.stdout.write("The archive holds " + ", ".join(f"{count} {name}" for name, count in held) + ".")


HELD = (Event, Session, Entry, Result, Driver, Team, Car, Article, Lap)
