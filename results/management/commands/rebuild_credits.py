"""Recount the credits and the standings places from the results, or check them against a recount."""

from django.core.management.base import BaseCommand, CommandError

from results.stats import credits


class Command(BaseCommand):
    help = (
        "Recount every credit (who was credited with what, in every session) and every driver's "
        "championship place from the results, in one transaction. Needed only after writes that "
        "no signal follows: loaddata, raw SQL. With --check, compare the tables with a recount "
        "and write nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Report credits and places that differ from a recount; exit 1 if any do.",
        )

    def handle(self, *args, check: bool, **options):
        if check:
            count, shown = credits.differences()
            if count:
                listed = "\n".join(f"  {line}" for line in shown)
                raise CommandError(f"{count} credits or places differ from a recount of the results:\n{listed}")
            self.stdout.write(self.style.SUCCESS("The credits and places agree with a recount of the results."))
            return

        def progress(done: int, total: int, what: str) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {done:,} of {total:,} {what}")

        written, places = credits.rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Recounted: {written:,} credits, {places:,} championship places."))
