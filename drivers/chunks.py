"""Keys a few thousand at a time, for the queries that take them all: SQLite takes at most
32,766 parameters in a query, and an import or a merge may name tens of thousands."""

from collections.abc import Iterator, Sequence

CHUNK = 5000


def in_chunks(values: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    """`values` `size` at a time, in order."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
