"""Import an Al Kamel timing file into one session of an event: the service the admin and the command share.

`import_timing(...)` reads the file (alkamel.py), maps its class codes to the series'
classes, writes the session through the writer (in one transaction; `dry_run` rolls it
back and is the preview), and records what changed in the session's import log. The
session keeps the file's name as its source and the status it was imported as, and the
log keeps what the import found, so that it can be undone (undo.py); results
fields the file does not give (reason, grid, qualifying driver) stay as editors typed
them. A class code the series does not know stops the import with `UnknownClasses`,
which names the code and the series' classes: the caller answers with `class_map`.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from django.db import transaction

from drivers.history import by_import
from drivers.models import Manufacturer
from drivers.naming import fold
from results.importers.alkamel import Layout, TimingFile, read_timing_file
from results.importers.errors import ImportValidationError, Problem
from results.importers.report import ImportReport
from results.importers.rows import EventTarget, SessionBatch, SessionTarget
from results.importers.undo import found_before, undo_of
from results.importers.writer import write_sessions
from results.models import CarClass, Event, Session, SessionImport

# In a class map, the answer "create this class" rather than the code of one held.
NEW_CLASS = "+new"


class UnknownClasses(ImportValidationError):
    """The file has class codes the series does not know: map each to a class, or create it."""

    def __init__(self, codes: list[str], known: list[CarClass], series: str, file_name: str):
        self.codes, self.known, self.series = codes, known, series
        listed = ", ".join(f"{c.name} ({c.code})" if fold(c.name) != fold(c.code) else c.code for c in known)
        problems = [
            Problem(
                None,
                "CLASS",
                f"the class “{code}” is not a class of {series} (its classes: {listed or 'none yet'}): "
                "which class is it, or is it a new one?",
                file_name,
            )
            for code in codes
        ]
        super().__init__(problems)


@dataclass(frozen=True)
class ClassChoice:
    """How one of the file's class codes was read: a held class found or chosen, or a new one."""

    code: str
    car_class: CarClass | None  # None: created by this import
    how: str  # "found", "mapped" or "new"

    def __str__(self):
        if self.car_class is None:
            return f"{self.code} → new class {self.code}"
        return f"{self.code} → {self.car_class.name}" + (" (as you chose)" if self.how == "mapped" else "")


@dataclass
class TimingImport:
    """What an import did (or, in a dry run, would do)."""

    file: TimingFile
    report: ImportReport
    classes: list[ClassChoice]
    session_name: str
    session: Session | None = None  # after a real run
    log: SessionImport | None = None  # when it changed something
    notes: list[str] = field(default_factory=list)

    @property
    def layout(self) -> Layout:
        return self.file.layout

    def created_labels(self, kind: str) -> list[str]:
        return [c.label for c in self.report.changes if c.action == "created" and c.kind == kind]

    def changes_of(self, kind: str) -> list:
        return [c for c in self.report.changes if c.kind == kind and c.action != "created"]

    def count_lines(self) -> list[str]:
        """How many of each kind were created, changed, removed and matched: four lines."""
        return self.report.summary_lines()[:4]

    def preview_lines(self) -> list[str]:
        """The preview as lines of text, for a terminal: what the admin page shows."""
        lines = [f"{self.file.name}: {self.layout.label}, {len(self.file.rows)} cars, into “{self.session_name}”."]
        lines += [f"Class {choice}" for choice in self.classes]
        summary = self.report.summary_lines()
        dry_run = summary.pop() if self.report.dry_run else None
        lines += summary
        for kind in ("driver", "team", "car"):
            made = self.created_labels(kind)
            if made:
                lines.append(f"New {kind}s: {', '.join(made)}")
        lines += [f"  {change}" for change in self.changes_of("result")]
        return lines + ([dry_run] if dry_run else [])


def import_timing(
    *,
    data: bytes,
    file_name: str,
    event: Event,
    session_name: str,
    kind: str = "",
    status: str = Session.Status.OFFICIAL,
    class_map: Mapping[str, str] | None = None,
    dry_run: bool = False,
    user=None,
    overwrite_hand_edits: bool = False,
    take_from_file: Collection[str] = (),
) -> TimingImport:
    """Import `data` (an Al Kamel file) as the session `session_name` of `event`; see the module.

    Creates the session if the event has none of that name, of `kind` (by default the
    layout's). Raises ImportValidationError (UnknownClasses for unmapped class codes) and
    then writes nothing.
    """
    if event.season_id is None:
        raise ImportValidationError(
            Problem(None, "", f"{event} belongs to no season, so its classes are unknown: give it one first", file_name)
        )
    series = event.season.series
    timing = read_timing_file(data, name=file_name, makes=Manufacturer.objects.values_list("name", flat=True))
    classes, codes = _map_classes(timing, series, class_map or {}, file_name)
    rows = tuple(replace(row, class_code=codes.get(row.class_code, row.class_code)) for row in timing.rows)
    held = event.sessions.filter(name__iexact=session_name.strip()).first()
    target = SessionTarget(
        event=EventTarget(pk=event.pk, year=event.year, name=event.name, series=series.name),
        name=held.name if held else session_name.strip(),
        kind=held.kind if held else (kind or timing.layout.kind),
        time_zone=held.time_zone if held else "",
        status=status,
        completeness=Session.Completeness.COMPLETE,
        source=file_name,
    )
    batch = SessionBatch(target, rows, covers=timing.layout.covers)
    try:
        with transaction.atomic(), by_import(file_name):
            found = None if dry_run else found_before(event, held)
            report = write_sessions(
                [batch],
                dry_run=dry_run,
                column_names=timing.layout.column_names,
                overwrite_hand_edits=overwrite_hand_edits,
                take_from_file=take_from_file,
            )
            report.warnings[:0] = timing.warnings
            outcome = TimingImport(file=timing, report=report, classes=classes, session_name=target.name)
            if not dry_run:
                outcome.session = event.sessions.get(name=target.name)
                if report.has_changes:
                    outcome.log = SessionImport.objects.create(
                        session=outcome.session,
                        imported_by=user,
                        file_name=file_name,
                        status=status,
                        changes="\n".join(str(change) for change in report.changes),
                        undo=undo_of(found, report),
                    )
    except ImportValidationError as error:
        raise error.in_file(file_name) from None
    return outcome


def _map_classes(
    timing: TimingFile, series, class_map: Mapping[str, str], file_name: str
) -> tuple[list[ClassChoice], dict[str, str]]:
    """How each class code of the file is read, and the codes to write instead of the file's."""
    known = list(CarClass.objects.filter(series=series).order_by("order", "code"))
    # A class is found by its code, or by its display name ("GTD Pro" for GTDPRO).
    by_key = {fold(c.name): c for c in known} | {fold(c.code): c for c in known}
    answers = {fold(code): answer for code, answer in class_map.items()}
    choices, codes, unknown = [], {}, []
    for code in timing.class_codes:
        answer = answers.get(fold(code), "")
        if answer == NEW_CLASS:
            choices.append(ClassChoice(code, None, "new"))
        elif answer:
            chosen = by_key.get(fold(answer))
            if chosen is None:
                message = f"the class “{answer}” chosen for “{code}” is not a class of {series}"
                raise ImportValidationError(Problem(None, "CLASS", message, file_name))
            choices.append(ClassChoice(code, chosen, "mapped"))
            codes[code] = chosen.code
        elif fold(code) in by_key:
            choices.append(ClassChoice(code, by_key[fold(code)], "found"))
        else:
            unknown.append(code)
    if unknown:
        raise UnknownClasses(unknown, known, series.name, file_name)
    return choices, codes
