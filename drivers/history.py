"""Every change to the archive's records kept with its old values (django-simple-history).

An editor's save, an import's correction, a deletion: each writes a historical row of
the whole record as it became, with who made it and why. The admin shows each change
as "field: old → new" and can put a record back as it was before one of them. An import
says which file made its changes (`changes_by`), undoing one says so too (`reverting`), and
an editor's saves in the admin say so (`in_the_admin`).

The records an import creates get no historical row each (tens of thousands of them, for
a history file; the import's log lists what it created): a record's first change writes
first a row of the record as it was (`BEFORE_FIRST_CHANGE`), so every change has its
old values.
A maintained library does this better than a table of our own: it follows every model's
fields as they change, and its admin already diffs and reverts.
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef
from simple_history.models import HistoricalRecords

_REASON: ContextVar[str | None] = ContextVar("history_reason", default=None)


IMPORT_REASON = "Import of "


def by_import(file_name: str):
    """changes_by() for an import of `file_name`: its rows say so, and hand_edits() knows them."""
    return changes_by(IMPORT_REASON + file_name)


@contextmanager
def changes_by(reason: str):
    """Every historical row written inside says `reason` ("Import of race-results.csv")."""
    token = _REASON.set(reason[:100])
    try:
        yield
    finally:
        _REASON.reset(token)


REVERT_REASON = "Revert of "


def reverting(what: str):
    """changes_by() for putting back what an import did: like an import's, its changes are no
    editor's own values, which a later import would have to keep."""
    return changes_by(REVERT_REASON + what)


ADMIN_REASON = "By hand, in the admin"
PUT_BACK_REASON = "Put back as it was before a change, in the admin"


def in_the_admin(putting_back: bool = False):
    """changes_by() for an editor's save in the admin, or for their putting a record back as
    it was from its History (a reason the admin's History shows, not a bare "None")."""
    return changes_by(PUT_BACK_REASON if putting_back else ADMIN_REASON)


BEFORE_FIRST_CHANGE = "As it was before its first recorded change"


def keep_as_they_are(model, objs) -> None:
    """Before a change in bulk of `objs` (a queryset update writes no history), a row of each
    as it is, where it has no history yet: two queries."""
    if not objs:
        return
    rows = model.history.model.objects.filter(id=OuterRef("pk"))
    held = list(model._base_manager.filter(pk__in=[obj.pk for obj in objs]).exclude(Exists(rows)))
    for obj in held:
        obj._history_user = None  # not the editor's doing
    model.history.bulk_history_create(held, default_change_reason=BEFORE_FIRST_CHANGE)


class ArchiveHistory(HistoricalRecords):
    """HistoricalRecords whose rows carry the reason `changes_by` gives, where a save names
    none, and whose record's first change is preceded by a row of the record as it was."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if self.cls is sender:
            # A deletion's own row holds the record as it was: only a change needs one first.
            models.signals.pre_save.connect(self.keep_as_it_was, sender=sender, weak=False)

    def keep_as_it_was(self, sender, instance, raw=False, **kwargs):
        """Before the first recorded change of a record (one made in bulk), a row of it as it was."""
        if raw or instance._state.adding or instance.pk is None or hasattr(instance, "skip_history_when_saving"):
            return
        rows = getattr(instance, self.manager_name).model.objects.filter(id=OuterRef("pk"))
        held = sender._base_manager.filter(pk=instance.pk).exclude(Exists(rows)).first()  # one query
        if held is None:
            return  # it has its history already (or is gone)
        held._history_user, held._change_reason = None, BEFORE_FIRST_CHANGE  # not the editor's doing
        self.create_historical_record(held, "+")

    def post_save(self, instance, created, using=None, **kwargs):
        if created and (_REASON.get() or "").startswith(IMPORT_REASON):
            return  # made by an import: its log says so, and its first change keeps it as it was
        super().post_save(instance, created, using=using, **kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return super().get_change_reason_for_object(instance, history_type, using) or _REASON.get()


@dataclass(frozen=True)
class HandEdit:
    """A value an editor set by hand, after the last import that set it."""

    value: object
    editor: str
    when: datetime.datetime


def hand_edits(model, keys) -> dict[int, dict[str, HandEdit]]:
    """For each record of `model` with a key in `keys`, the fields an editor last set by hand
    (a signed-in editor's save, not an import's), with what they set: one query.

    An import's later change of the field supersedes the editor's; a re-import that must
    not undo a correction asks here which of its changes would.
    """
    keys = list(keys)
    if not keys:
        return {}
    own = {field.attname for field in model._meta.fields}
    fields = [field.attname for field in model.history.model._meta.fields if field.attname in own]
    rows = model.history.filter(id__in=keys).order_by("id", "history_date", "history_id")
    rows = rows.values(*fields, "history_user__username", "history_change_reason", "history_date")
    found: dict[int, dict[str, HandEdit]] = {}
    previous = None
    for row in rows:
        if previous is not None and previous["id"] == row["id"]:
            changed = [name for name in fields if row[name] != previous[name]]
            edits = found.setdefault(row["id"], {})
            automatic = (row["history_change_reason"] or "").startswith((IMPORT_REASON, REVERT_REASON))
            by_hand = row["history_user__username"] and not automatic
            for name in changed:
                if by_hand:
                    edits[name] = HandEdit(row[name], row["history_user__username"], row["history_date"])
                else:
                    edits.pop(name, None)
        previous = row
    return {key: edits for key, edits in found.items() if edits}
