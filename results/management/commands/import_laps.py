"""Import an IMSA lap file (every lap of every car), and its weather file, into a session."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.importers.errors import ImportValidationError
from results.importers.lapfile import MAX_BYTES
from results.importers.laps import import_laps
from results.management.commands.import_timing import add_event_argument, find_event, read_file


class Command(BaseCommand):
    help = (
        "Import a session's lap file (IMSA race laps CSV) and, with --weather, its weather file: every lap of "
        "every car, from which the stints, pit stops, positions by lap and caution periods are derived. "
        "A file that does not fit the session writes nothing; importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The lap file (CSV).")
        add_event_argument(parser)
        parser.add_argument("--session", required=True, help="The session's name: its classification must be held.")
        parser.add_argument("--weather", type=Path, help="The session's weather file (CSV).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then save nothing.")

    def handle(self, *args, file: Path, event: str, session: str, weather: Path | None, dry_run: bool, **options):
        found = find_event(event)
        held = found.sessions.filter(name__iexact=session.strip()).first()
        if held is None:
            names = ", ".join(found.sessions.values_list("name", flat=True)) or "none"
            raise CommandError(f"{found} has no session “{session}” (its sessions: {names}): import its results first.")
        usual = "a lap file is a few MB"
        try:
            outcome = import_laps(
                data=read_file(file, MAX_BYTES, usual),
                file_name=file.name,
                session=held,
                weather=read_file(weather, MAX_BYTES, usual) if weather else None,
                weather_name=weather.name if weather else "",
                dry_run=dry_run,
            )
        except ImportValidationError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from error
        for line in outcome.summary_lines():
            self.stdout.write(line)
