"""Import an Al Kamel timing file (IMSA or ACO results CSV) into one session of an event."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from results.importers.alkamel import MAX_BYTES
from results.importers.errors import ImportValidationError
from results.importers.timing import NEW_CLASS, UnknownClasses, import_timing
from results.models import Event, Session


class Command(BaseCommand):
    help = (
        "Import an official timing file (Al Kamel CSV: IMSA race or qualifying results, ACO classification) "
        "into a session of an event, printing a preview of what it creates, changes and matches. "
        "A file with an error writes nothing; importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The timing file (CSV).")
        add_event_argument(parser)
        parser.add_argument("--session", required=True, help="The session's name; created if the event has none.")
        parser.add_argument(
            "--kind", choices=Session.Kind.values, help="For a new session; by default the file's layout says."
        )
        parser.add_argument("--status", choices=Session.Status.values, default=Session.Status.OFFICIAL)
        parser.add_argument(
            "--map-class",
            action="append",
            default=[],
            metavar="CODE=CLASS",
            help="Read the file's class CODE as the series' CLASS (its code or name); repeat for each.",
        )
        parser.add_argument(
            "--new-class", action="append", default=[], metavar="CODE", help="Create the file's class CODE."
        )
        parser.add_argument("--dry-run", action="store_true", help="Preview only: save nothing.")
        parser.add_argument(
            "--overwrite-hand-edits",
            action="store_true",
            help="Write the file's values over those an editor set by hand since the last import (kept by default).",
        )

    def handle(self, *args, file: Path, event: str, session: str, kind, status, map_class, new_class, dry_run, **opts):
        found = find_event(event)
        class_map = dict.fromkeys(new_class, NEW_CLASS)
        for pair in map_class:
            code, sep, target = pair.partition("=")
            if not sep or not code.strip() or not target.strip():
                raise CommandError(f"--map-class takes CODE=CLASS, e.g. GTDPRO=“GTD Pro”; got “{pair}”")
            class_map[code.strip()] = target.strip()
        try:
            outcome = import_timing(
                data=read_file(file),
                file_name=file.name,
                event=found,
                session_name=session,
                kind=kind or "",
                status=status,
                class_map=class_map,
                dry_run=dry_run,
                overwrite_hand_edits=opts["overwrite_hand_edits"],
            )
        except UnknownClasses as error:
            codes = " ".join(f"--map-class {code}=CLASS" for code in error.codes)
            raise CommandError(f"Nothing was imported.\n{error}\nAnswer with {codes} or --new-class CODE.") from error
        except ImportValidationError as error:
            raise CommandError(f"Nothing was imported.\n{error}") from error
        for line in outcome.preview_lines():
            self.stdout.write(line)


def add_event_argument(parser) -> None:
    """--event, which names an event as its address does (find_event reads it)."""
    parser.add_argument(
        "--event",
        required=True,
        help="The event as in its address: <series>/<year>/<event>, e.g. imsa/2024/petit-le-mans",
    )


def find_event(path: str) -> Event:
    parts = [part for part in path.strip("/").split("/") if part]
    if len(parts) != 3 or not parts[1].isdigit():
        raise CommandError(f"--event is <series>/<year>/<event> as in the event's address; got “{path}”")
    series, year, slug = parts
    event = (
        Event.objects.select_related("season__series")
        .filter(season__series__slug=series, season__year=int(year), slug=slug)
        .first()
    )
    if event is None:
        held = Event.objects.filter(season__series__slug=series, season__year=int(year)).values_list("slug", flat=True)
        listed = ", ".join(held) or "none"
        raise CommandError(f"There is no event “{path}”. The events of {series}/{year}: {listed}.")
    return event


def read_file(path: Path, max_bytes: int = MAX_BYTES, usual: str = "a results file is a few tens of KB") -> bytes:
    try:
        if path.stat().st_size > max_bytes:
            raise CommandError(
                f"Nothing was imported.\n{path.name}: the file is {path.stat().st_size / 1024 / 1024:.1f} MB; "
                f"{usual} and at most {max_bytes // 1024 // 1024} MB is read"
            )
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"Nothing was imported: cannot read {path}: {error.strerror}") from error
