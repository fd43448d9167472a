"""What an import did: created, changed, removed and matched, for a summary or a preview."""

from collections import Counter
from dataclasses import dataclass, field


def plural(kind: str) -> str:
    if kind == "series":
        return kind
    if kind.endswith("s"):
        return kind + "es"
    if kind.endswith("y"):
        return kind[:-1] + "ies"
    return kind + "s"


# A changed field as an editor knows it, where its name in the database says it otherwise.
FIELD_WORDS = {
    "total_time_ms": "time",
    "gap_ms": "gap",
    "gap_laps": "gap",
    "class_gap_ms": "gap in class",
    "class_gap_laps": "gap in class",
    "best_lap_ms": "best lap",
    "best_lap_driver_id": "best lap driver",
    "qualifying_driver_id": "qualifying driver",
    "source_status": "status as written",
    "car_class": "class",
    "entrant_name": "entrant",
    "fia_rating": "FIA rating",
}


def field_words(fields) -> list[str]:
    """Changed fields in words, each once: ("gap_ms", "gap_laps", "laps") -> ["gap", "laps"]."""
    words = (FIELD_WORDS.get(field, field.removesuffix("_id").replace("_", " ")) for field in fields)
    return list(dict.fromkeys(words))


@dataclass(frozen=True)
class Change:
    action: str  # "created", "changed" or "removed"
    kind: str  # "driver", "team", "result", ...
    label: str  # "Kévin Estre", "#7 in Race"
    fields: tuple[str, ...] = ()  # for "changed": which fields
    key: object = None  # the record's identity, so that a record is counted once

    @property
    def what_changed(self) -> str:
        """The changed fields in words: "time, gap, best lap"."""
        return ", ".join(field_words(self.fields))

    def __str__(self):
        changed = f" ({self.what_changed})" if self.fields else ""
        return f"{self.action} {self.kind} {self.label}{changed}"


@dataclass(frozen=True)
class HandKept:
    """A value of the file that differs from one an editor set by hand since the last import."""

    label: str  # "#7 in Race"
    field: str  # as the model names it
    in_file: object
    by_hand: object
    editor: str
    when: object  # a datetime
    taken: bool = False  # the file's value was written over the editor's
    key: object = None  # the result's

    @staticmethod
    def choice_of(key, field: str) -> str:
        """How an editor's choice of the file's value for this one is named (a form's value)."""
        return f"{key}:{field}"

    @property
    def choice(self) -> str:
        return self.choice_of(self.key, self.field)

    def __str__(self):
        when = self.when.strftime("%-d %b %Y %H:%M") if self.when else ""
        words = field_words([self.field])[0]
        said = f"{self.label}: {words}: file {self.in_file}, set by hand to {self.by_hand} by {self.editor} on {when}"
        return f"{said} (the file's is taken)" if self.taken else said


# A report of a long file (read in parts: `absorb`) keeps its counts whole, but lists only
# this many changes one by one: a history of 100,000 rows makes half a million.
CHANGES_LISTED = 1_000
# What is made or found within one event: an event's rows are read and written together,
# so a record of these kinds is in one part of a long file only.
WITHIN_AN_EVENT = {"event", "session", "entry", "result", "crew member"}


@dataclass
class ImportReport:
    """The outcome of one import; with `dry_run` nothing of it was kept."""

    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)  # every one, but past CHANGES_LISTED in an absorbed part
    counts: Counter = field(default_factory=Counter)  # (action, kind) -> how many
    matched_keys: set[tuple[str, object]] = field(default_factory=set)  # (kind, key) of records found held
    created_keys: set[tuple[str, object]] = field(default_factory=set)  # (kind, key) of records created
    warnings: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)  # the sessions written, by name
    # Values set by hand the import left alone (or, told to, overwrote: `hand_edits_overwritten`).
    hand_kept: list[HandKept] = field(default_factory=list)
    hand_edits_overwritten: bool = False
    # (kind, key) -> the values a held record had before the import changed them, to undo it.
    before: dict[tuple[str, object], dict] = field(default_factory=dict)
    matched_apart: Counter = field(default_factory=Counter)  # kind -> records found held by absorbed parts

    def keep_before(self, kind: str, key, values: dict) -> None:
        """Note a held record's `values` as they were, before the import first changes them."""
        held = self.before.setdefault((kind, key), {})
        for name, value in values.items():
            held.setdefault(name, value)

    def record(self, action: str, kind: str, label: str, fields=(), *, key=None) -> None:
        self.changes.append(Change(action, kind, label, tuple(fields), key))
        self.counts[(action, kind)] += 1
        if action == "created" and key is not None:
            self.created_keys.add((kind, key))

    def note_match(self, kind: str, key) -> None:
        self.matched_keys.add((kind, key))

    def was_created(self, kind: str, key) -> bool:
        return (kind, key) in self.created_keys

    @property
    def matched(self) -> Counter:
        """Records found already held, each once, leaving out those this import created."""
        return Counter(kind for kind, key in self.matched_keys - self.created_keys) + self.matched_apart

    def count(self, action: str) -> Counter:
        return Counter({kind: n for (done, kind), n in self.counts.items() if done == action})

    @property
    def created(self) -> Counter:
        return self.count("created")

    @property
    def changed(self) -> Counter:
        return self.count("changed")

    @property
    def removed(self) -> Counter:
        return self.count("removed")

    @property
    def has_changes(self) -> bool:
        return bool(self.counts)

    def extend(self, other: "ImportReport") -> None:
        self.changes.extend(other.changes)
        self.counts += other.counts
        self.matched_apart += other.matched_apart
        self.matched_keys |= other.matched_keys
        self.created_keys |= other.created_keys
        self._add_notes(other)

    def absorb(self, part: "ImportReport") -> None:
        """Add `part`, the report of a later part of the same file, keeping memory bounded:
        its counts whole, its changes up to CHANGES_LISTED, the keys of what it made or
        found only where a later part may meet them again (a driver, not a result)."""
        self.changes += part.changes[: max(0, CHANGES_LISTED - len(self.changes))]
        self.counts += part.counts
        found = part.matched_keys - part.created_keys
        self.matched_apart += Counter(kind for kind, _ in found if kind in WITHIN_AN_EVENT)
        self.matched_keys |= {(kind, key) for kind, key in part.matched_keys if kind not in WITHIN_AN_EVENT}
        self.created_keys |= {(kind, key) for kind, key in part.created_keys if kind not in WITHIN_AN_EVENT}
        self._add_notes(part)

    def _add_notes(self, other: "ImportReport") -> None:
        self.warnings.extend(other.warnings)
        self.sessions.extend(other.sessions)
        self.hand_kept.extend(other.hand_kept)
        for (kind, key), values in other.before.items():
            self.keep_before(kind, key, values)

    def summary_lines(self) -> list[str]:
        """A few lines for a terminal: counts per kind, then the warnings."""

        def line(title: str, counts: Counter) -> str:
            listed = ", ".join(f"{n} {kind if n == 1 else plural(kind)}" for kind, n in sorted(counts.items()))
            return f"{title}: {listed or 'nothing'}"

        lines = [
            line("Created", self.created),
            line("Changed", self.changed),
            line("Removed", self.removed),
            line("Matched", self.matched),
        ]
        if self.hand_kept:
            lines.append(f"Values set by hand since the last import, where the file differs ({len(self.hand_kept)}):")
            lines += [f"  {kept}" for kept in self.hand_kept]
        lines += [f"Warning: {warning}" for warning in self.warnings]
        if self.dry_run:
            lines.append("Dry run: nothing was saved.")
        return lines
