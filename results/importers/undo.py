"""Undo a timing-file import: put its event back as the import found it.

An import writes in bulk (new entries, crew members and results inserted at once, class
positions renumbered in one statement), so the history holds no row for much of what it
did and cannot say what to put back. The import keeps instead, in its log, what it found
(`found_before`): its session with its results, and the event's entries and crews, as
they were; then (`undo_of`) the drivers' names and nationalities it filled in, and the
keys of the drivers, teams, cars, makes and classes it created.

`revert_import` puts those rows back, each by a save or a deletion the history records
("Revert of the import of race.csv"), removes what the import created where nothing else
uses it since, and recounts the event. Later imports into the same event are undone
first, newest first: each found the event as the earlier ones left it, so undoing them
in turn walks the event back. What editors changed since in those rows goes back too;
the preview (a dry run) lists every value that moves.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from drivers.history import keep_as_they_are, reverting
from drivers.kept_rows import rows_of, values_of
from drivers.models import Car, Driver, Manufacturer, Team
from results.importers.errors import ImportValidationError, Problem
from results.importers.report import ImportReport, field_words
from results.models import CarClass, Entry, EntryDriver, Event, Lap, Result, Session, SessionImport
from results.models.times import format_time
from results.stats import credits, invalidation

# What an import may create beyond its event, in the order they can go (a car before its make).
CREATED = {"driver": Driver, "team": Team, "car": Car, "manufacturer": Manufacturer, "class": CarClass}


def found_before(event: Event, session: Session | None) -> dict:
    """The rows of `event` an import of `session`'s file may change, as they are now."""
    return {
        "session": rows_of(Session.objects.filter(pk=session.pk))[0] if session else None,
        "classes": sorted(session.classes.values_list("pk", flat=True)) if session else [],
        "results": rows_of(Result.objects.filter(session=session)) if session else [],
        "entries": rows_of(Entry.objects.filter(event=event)),
        "crews": rows_of(EntryDriver.objects.filter(entry__event=event)),
    }


def undo_of(found: dict, report: ImportReport) -> dict:
    """What a log keeps to undo the import `report` tells of, which found the event as `found`."""
    created: dict[str, list] = {}
    for kind, key in report.created_keys:
        if kind in CREATED:
            created.setdefault(kind, []).append(key)
    drivers = {str(key): values for (kind, key), values in report.before.items() if kind == "driver"}
    return {**found, "drivers": drivers, "created": {kind: sorted(keys) for kind, keys in created.items()}}


class RevertRefused(ImportValidationError):
    """The import cannot be undone (already undone, or kept nothing to undo it with)."""


@dataclass
class Reverted:
    """What undoing an import did (or, in a dry run, would do)."""

    undone: list[SessionImport]  # the import and the later ones of its event, newest first
    moves: list[tuple[str, str]] = field(default_factory=list)  # (what, a record put back) each
    kept: list[str] = field(default_factory=list)  # what the imports created that is used since
    dry_run: bool = False

    @property
    def lines(self) -> list[str]:
        return [line for _, line in self.moves]

    @property
    def sections(self) -> list[tuple[str, list[str]]]:
        """The moves by what they move ("Results", "Crews"...), in the order they were made."""
        grouped: dict[str, list[str]] = {}
        for what, line in self.moves:
            grouped.setdefault(what, []).append(line)
        return list(grouped.items())


def revert_import(log: SessionImport, *, user=None, dry_run: bool = False, may_delete=None) -> Reverted:
    """Put the event of `log` back as the import found it, undoing the later imports of the
    event first; see the module. Raises RevertRefused, and changes nothing, when it cannot.

    `may_delete(model)` says whether the one undoing may delete records of a model: what
    the import created of a model they may not delete is kept, and said so (all by default).
    """
    try:
        with transaction.atomic():
            return _revert(log, user=user, dry_run=dry_run, may_delete=may_delete or (lambda model: True))
    except IntegrityError as error:
        # A value put back clashes with one an editor typed since (a car's number, a place).
        message = f"a value put back clashes with one set since ({error}); nothing was changed"
        raise RevertRefused(Problem(None, "", message)) from error
    except DatabaseError as error:
        message = f"the database could not undo the import ({str(error).strip().splitlines()[0]}); nothing was changed"
        raise RevertRefused(Problem(None, "", message)) from error


def _revert(log: SessionImport, *, user, dry_run: bool, may_delete) -> Reverted:
    # Locked, so that two editors undoing the same import undo it once.
    log = SessionImport.objects.select_for_update().select_related("session__event").filter(pk=log.pk).first()
    if log is None:
        raise RevertRefused(Problem(None, "", "this import is gone: the session it made was removed"))
    if log.reverted_at is not None:
        raise RevertRefused(Problem(None, "", f"this import was undone on {log.reverted_at:%-d %b %Y %H:%M} already"))
    event = log.session.event
    later = SessionImport.objects.filter(session__event=event, pk__gt=log.pk, reverted_at__isnull=True)
    undone = [*later.select_related("session").order_by("-pk"), log]
    old = [each for each in undone if not each.undo]
    if old:
        names = ", ".join(f"{each.file_name} ({each.imported_at:%-d %b %Y})" for each in old)
        message = f"made before imports kept what they found, so it cannot be undone: {names}"
        raise RevertRefused(Problem(None, "", message))
    reverted = Reverted(undone, dry_run=dry_run)
    invalidation.writing_events([event])  # positions are freed in bulk, which sends no signals
    with credits.recounting(rolled_back=dry_run):
        credits.recount([event.pk])
        for each in undone:
            with reverting(f"the import of {each.file_name} ({each.imported_at:%-d %b %Y %H:%M})"):
                _undo(each, event, reverted, may_delete)
    kept_logs = SessionImport.objects.filter(pk__in=[each.pk for each in undone])
    kept_logs.update(reverted_at=timezone.now(), reverted_by=user)
    if dry_run:
        transaction.set_rollback(True)
    return reverted


def _undo(log: SessionImport, event: Event, reverted: Reverted, may_delete) -> None:
    found = log.undo

    def moved(what: str, lines: list[str]) -> None:
        reverted.moves += [(what, line) for line in lines]

    session = Session.objects.filter(pk=log.session_id).first()
    if session is not None and found["session"] is None:
        # The import made the session: it goes, with its results (and its import log).
        if not may_delete(Session):
            raise RevertRefused(Problem(None, "", f"it would delete the session {session.name}, which you may not"))
        moved("The session", [f"Removed the session {session.name}, which the import created, with its results"])
        session.delete()
    elif session is not None:
        results = Result.objects.filter(session=session).select_related("entry")

        def result_label(result: Result) -> str:
            return f"the result of #{result.entry.number} in {session.name}"

        gone = {result.pk for result in results} - {row["id"] for row in found["results"]}
        laps = Lap.objects.filter(result__in=gone).count()
        if laps:
            moved("Results", [f"The {laps} laps of the results removed go with them"])
        moved("Results", _put_back(Result, found["results"], results, label=result_label, freed=("position",)))
        moved("The session", _put_back(Session, [found["session"]], [session], label=lambda s: f"the session {s.name}"))
        if sorted(session.classes.values_list("pk", flat=True)) != found["classes"]:
            session.classes.set(found["classes"])
            moved("The session", [f"The session {session.name}: its classes put back"])
    crews = EntryDriver.objects.filter(entry__event=event).select_related("driver", "entry")
    moved("Crews", _put_back(EntryDriver, found["crews"], crews, label=_member_label))
    cars = list(Entry.objects.filter(event=event))
    made = {car.pk for car in cars} - {row["id"] for row in found["entries"]}
    # A car the import made that has results since in a session no import being undone
    # wrote (an editor typed its qualifying) stays, with them: undoing must not take them.
    undone = {each.session_id for each in reverted.undone}
    used = set(Result.objects.filter(entry__in=made).exclude(session__in=undone).values_list("entry", flat=True))
    for car in cars:
        if car.pk in used:
            reverted.kept.append(f"The car {car}, which the import created, has results in other sessions since: kept")
    moved("Cars", _put_back(Entry, found["entries"], cars, label=lambda e: f"the car {e}", spare=used))
    for key, values in found["drivers"].items():
        driver = Driver.objects.filter(pk=key).first()
        if driver is not None:
            moved("Drivers", _restored(driver, values, f"the driver {driver}"))
    for kind, model in CREATED.items():
        for made in model.objects.filter(pk__in=found["created"].get(kind, [])).order_by("pk"):
            if not may_delete(model):
                reverted.kept.append(f"The {kind} {made}, which the import created: kept, as you may not delete it")
                continue
            try:
                with transaction.atomic():
                    made.delete()
                moved("What the import created", [f"Removed the {kind} {made}, which the import created"])
            except ProtectedError:
                reverted.kept.append(f"The {kind} {made}, which the import created, is used since: kept")


def _put_back(model: type[Model], rows: list[dict], now, *, label, freed=(), spare=frozenset()) -> list[str]:
    """Make the records of `now` (a queryset or list) the `rows` found before: delete those
    the rows lack (but those `spare` names), make those missing with their former keys, set
    the values that differ. `freed` fields are unique: cleared first where they change, so
    two records can swap."""
    wanted = {row["id"]: row for row in rows}
    held = {obj.pk: obj for obj in now}
    moves = []
    for key in sorted(held.keys() - wanted.keys() - spare):
        moves.append(f"Removed {label(held[key])}")
        held.pop(key).delete()
    moving = [
        obj for key, obj in held.items() if key in wanted and any(getattr(obj, f) != wanted[key][f] for f in freed)
    ]
    if moving:
        keep_as_they_are(model, moving)  # their history starts from them as they are, not cleared
        model.objects.filter(pk__in=[obj.pk for obj in moving]).update(**dict.fromkeys(freed))
        for obj in moving:
            for name in freed:
                setattr(obj, name, None)
    for key, row in sorted(wanted.items()):
        obj = held.get(key)
        if obj is None:
            obj = model(**values_of(model, row))
            obj.save(force_insert=True)
            moves.append(f"Put back {label(obj)}")
        else:
            moves += _restored(obj, values_of(model, row), label(obj), reread=freed)
    return moves


def _restored(obj: Model, values: dict, label: str, reread=()) -> list[str]:
    """Set `values` on `obj` where they differ, save it, and say what moved."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return []
    said = []
    for name in changed:
        was = _shown(obj, name)
        setattr(obj, name, values[name])
        if name not in reread:  # a freed place was cleared only to be set again: not a move
            said.append(f"{field_words([name])[0]} {was} → {_shown(obj, name)}")
    obj.save(update_fields=changed)
    return [f"{label[:1].upper()}{label[1:]}: {', '.join(said)}"] if said else []


def _shown(obj: Model, attname: str) -> str:
    value = getattr(obj, attname)
    if value in (None, ""):
        return "none"
    model_field = next(f for f in obj._meta.concrete_fields if f.attname == attname)
    if model_field.is_relation:
        return str(getattr(obj, model_field.name))
    return format_time(value) if attname.endswith("_ms") else str(value)


def _member_label(member: EntryDriver) -> str:
    return f"{member.driver} in the crew of #{member.entry.number}"
