"""Comparing a kept table (the credits, the standings places) with a recount of the results,
and walking the rows it is kept for a chunk at a time."""

from collections import Counter
from collections.abc import Iterator


def chunks_of(queryset, size: int) -> Iterator[tuple[int, int, list[int]]]:
    """The primary keys of `queryset` in order, `size` at a time: (how many so far, how many in all, the chunk).

    A recount reads and writes per chunk, so that its memory stays bounded whatever the
    archive's size (and SQLite's limit on a query's parameters is never reached).
    """
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), size):
        yield min(start + size, len(ids)), len(ids), ids[start : start + size]


def listed_differences(live: Counter, recounted: Counter, columns, *, limit: int, kept: str) -> tuple[int, list[str]]:
    """How many rows are in one of `live` (the table's rows) and `recounted` but not the other;
    the first `limit` of them as text."""
    differing = sorted((live - recounted) | (recounted - live), key=str)
    shown = []
    for row in differing[: max(limit, 0)]:
        state = "only in the table" if live[row] > recounted[row] else "missing from the table"
        values = ", ".join(f"{name}={value}" for name, value in zip(columns, row, strict=True))
        shown.append(f"{kept} {state}: {values}")
    return len(differing), shown
