"""Merge two records that are one (a driver spelt two ways, a team entered under two
names), and undo a merge.

Every row that names the merged record (a crew place, a best lap, an entry, a car model,
a former address) is made to name the kept one, each by a save the history records
("Merge of Fred Makowiecki into Frederic Makowiecki"); a row the kept record has already
(both drivers in one crew) goes instead. The merged record is deleted, and its slug
becomes a former slug of the kept one, so its address redirects there. The log
(models.Merge) keeps the merged record as it was and every row moved, so `undo_merge`
puts it all back.

The rows are found through the model's relations, so this module names nothing of the
competition; the counts that follow those rows are recounted by their own signals, and a
caller that moves many wraps the merge in the competition's recount (results' admin does).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from drivers.chunks import in_chunks
from drivers.history import changes_by, reverting
from drivers.kept_rows import row_of, values_of
from drivers.models import Car, Driver, FormerSlug, Manufacturer, Merge, Team

MERGEABLE = (Driver, Team, Manufacturer, Car)


class MergeRefused(Exception):
    """The two cannot be merged (or the merge undone) as asked: nothing was changed."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Merged:
    """What a merge (or its undoing) did or, in a dry run, would do."""

    lines: list[str] = field(default_factory=list)
    log: Merge | None = None
    dry_run: bool = False


def merge(merged: Model, kept: Model, *, user=None, dry_run: bool = False) -> Merged:
    """Merge `merged` into `kept`; see the module. Raises MergeRefused, changing nothing."""
    if type(merged) is not type(kept) or type(kept) not in MERGEABLE:
        raise MergeRefused("only two drivers, two teams, two makes or two car models can be merged")
    if merged.pk == kept.pk:
        raise MergeRefused(f"{kept} cannot be merged into itself")
    return _atomically(lambda: _merge(merged, kept, user), dry_run)


def undo_merge(log: Merge, *, user=None, dry_run: bool = False) -> Merged:
    """Put the merged record back, with every row the merge moved or removed."""
    return _atomically(lambda: _undo(log, user), dry_run)


def _atomically(work, dry_run: bool) -> Merged:
    try:
        with transaction.atomic():
            done = work()
            done.dry_run = dry_run
            if dry_run:
                transaction.set_rollback(True)
            return done
    except DatabaseError as error:  # a write that met another editor's
        first_line = str(error).strip().splitlines()[0]
        raise MergeRefused(f"the database refused it ({first_line}); nothing was changed") from error


def _merge(merged: Model, kept: Model, user) -> Merged:
    undo = {"merged": row_of(merged), "moved": [], "removed": [], "slugs": []}
    moved, removed = Counter(), []
    with changes_by(f"Merge of {merged} into {kept}"):
        for relation in relations_to(type(kept)):
            related, name = relation.related_model, relation.field.name
            rows = related._base_manager.filter(**{name: merged}).order_by("pk")
            keys = _moved_at_once(rows, name, kept) if not hasattr(related, "history") else None
            if keys is not None:
                undo["moved"] += [[related._meta.label, key, name] for key in keys]
                moved[_what(relation)] += len(keys)
                continue
            for row in rows:
                if _moved(row, name, kept):
                    undo["moved"].append([related._meta.label, row.pk, name])
                    moved[_what(relation)] += 1
                else:
                    undo["removed"].append([related._meta.label, _removed(row, name, merged, kept)])
                    removed.append(f"Removed {row}: {kept} has it already")
        kind = ContentType.objects.get_for_model(kept)
        slugs = FormerSlug.objects.filter(kind=kind, object_id=merged.pk)
        undo["slugs"] = list(slugs.values_list("pk", flat=True))
        slugs.update(object_id=kept.pk)
        merged.delete()
        FormerSlug.moved(kept, undo["merged"]["slug"])  # its address leads to the kept one
    lines = [f"{_rows(what, count)} from {merged} to {kept}" for what, count in sorted(moved.items())]
    lines += removed
    lines.append(f"{merged}'s address redirects to {kept}'s, and {merged} is deleted")
    log = Merge.objects.create(
        kind=kind,
        kept_id=kept.pk,
        kept_name=str(kept)[:200],
        merged_name=str(merged)[:200],
        merged_by=user,
        moves="\n".join(lines),
        undo=undo,
    )
    return Merged(lines, log)


def _moved(row: Model, name: str, kept: Model) -> bool:
    """Make `row` name `kept`; False, with the row as it was, when the kept record has that row already."""
    was = getattr(row, name)
    setattr(row, name, kept)
    try:
        with transaction.atomic():
            row.save(update_fields=[name])
    except IntegrityError:
        setattr(row, name, was)
        return False
    return True


def _moved_at_once(rows, name: str, kept: Model) -> list | None:
    """Rows no history follows (a driver's laps: thousands) moved in one statement each
    chunk: their keys; None when one of them clashes with a row of the kept record, and
    then they move one by one."""
    keys = list(rows.values_list("pk", flat=True))
    try:
        with transaction.atomic():
            for chunk in in_chunks(keys):
                rows.model._base_manager.filter(pk__in=chunk).update(**{name: kept})
    except IntegrityError:
        return None
    return keys


def _removed(row: Model, name: str, merged: Model, kept: Model) -> dict:
    """Delete a row the kept record has already; return it, to put back."""
    kept_row = row_of(row)
    try:
        with transaction.atomic():
            row.delete()
    except (IntegrityError, ProtectedError):
        what = row._meta.verbose_name
        raise MergeRefused(f"{kept} and {merged} each have the {what} “{row}”: merge those two first") from None
    return kept_row


def _undo(log: Merge, user) -> Merged:
    log = Merge.objects.select_for_update().filter(pk=log.pk).first()
    if log is None or log.undone_at is not None:
        raise MergeRefused("this merge was undone already")
    model, undo = log.kind.model_class(), log.undo
    row = values_of(model, undo["merged"])
    if model._base_manager.filter(slug=row["slug"]).exists():
        raise MergeRefused(f"the address of {log.merged_name} ({row['slug']}) is another record's since")
    lines = []
    with reverting(f"the merge of {log.merged_name} into {log.kept_name}"):
        FormerSlug.objects.filter(kind=log.kind, scope="", slug=row["slug"]).delete()
        merged = model(**row)
        merged.save(force_insert=True)
        back = Counter()
        by_kind: dict[tuple[str, str], list] = {}
        for label, pk, name in undo["moved"]:
            by_kind.setdefault((label, name), []).append(pk)
        for (label, name), keys in by_kind.items():
            model = apps.get_model(label)
            what = _what(model._meta.get_field(name).remote_field)
            for chunk in in_chunks(keys):
                if not hasattr(model, "history"):  # moved at once, and back at once
                    back[what] += model._base_manager.filter(pk__in=chunk).update(**{name: merged})
                    continue
                for obj in model._base_manager.filter(pk__in=chunk):
                    setattr(obj, name, merged)
                    obj.save(update_fields=[name])
                    back[what] += 1
        gone = len(undo["moved"]) - sum(back.values())
        for label, kept_row in undo["removed"]:
            related = apps.get_model(label)
            obj = related(**values_of(related, kept_row))
            obj.save(force_insert=True)
            lines.append(f"Put back {obj}")
        FormerSlug.objects.filter(pk__in=undo["slugs"]).update(object_id=merged.pk)
    lines[:0] = [f"{_rows(what, count)} back to {merged}" for what, count in sorted(back.items())]
    if gone:
        lines.append(f"{gone} row(s) the merge moved were deleted since, and stay deleted")
    lines.insert(0, f"{merged} is put back, at its own address")
    Merge.objects.filter(pk=log.pk).update(undone_at=timezone.now(), undone_by=user)
    return Merged(lines, log)


def relations_to(model: type[Model]) -> list:
    """The relations of other rows to `model` that name one of its records: a crew place, a
    result's best lap, an entry's team... (not the history's copies, which are hidden)."""
    return [r for r in model._meta.related_objects if not r.many_to_many]


def _what(relation) -> tuple[str, str, str]:
    """A kind of row moved, in words, one and many, and which of its fields names the record
    when it has several: ("result", "results", " (best lap driver)")."""
    meta = relation.related_model._meta
    named = [r for r in relations_to(relation.model) if r.related_model is relation.related_model]
    field = f" ({relation.field.verbose_name})" if len(named) > 1 else ""
    return str(meta.verbose_name), str(meta.verbose_name_plural), field


def _rows(what: tuple[str, str, str], count: int) -> str:
    """ "1 crew member moves", "3 results (best lap driver) move"."""
    one, many, field = what
    return f"1 {one}{field} moves" if count == 1 else f"{count} {many}{field} move"
