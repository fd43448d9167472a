"""Code that makes thousands of small calls runs with room on CPython's frame stack
(results.display.framestack): wherever it is called from, it does not take a chunk of
stack from the system and give it back on every call.

Measured as the process's minor page faults, which count the fresh pages each chunk
brings: a count, not a time.
"""

import resource

import django_tables2 as tables
import pytest

from results.display.framestack import with_room
from results.tables.cells import ArchiveTable, DrawnRows

# A call crossing a chunk's end costs a 16 KiB chunk: four fresh pages.
FEW_FAULTS = 100


def faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _padded(locals_count: int):
    """A function whose frame is `locals_count` words larger than the last: a step of 8 bytes."""
    names = " = ".join(f"_{n}" for n in range(locals_count)) + " = None" if locals_count else "pass"
    source = f"def pad(call):\n    if call is None:\n        {names}\n    return call()\n"
    namespace: dict = {}
    exec(source, namespace)  # noqa: S102 - a constant template
    return namespace["pad"]


PADS = [_padded(n) for n in range(0, 40)]


def _down(depth: int, call):
    return call() if depth == 0 else _down(depth - 1, call)


def worst_faults(call) -> int:
    """The most page faults `call()` took, called at every offset of the frame stack over
    several chunks: recursion moves it in frames, the pads in 8-byte steps between."""
    worst = 0
    for depth in range(0, 240, 3):
        for pad in PADS:
            before = faults()
            _down(depth, lambda pad=pad: pad(call))
            worst = max(worst, faults() - before)
    return worst


def _small(n):
    value = n
    return (value, n)


def many_small_calls():
    for n in range(1000):
        _small(n)


def _needs_room():
    if worst_faults(many_small_calls) < 10 * FEW_FAULTS:
        pytest.skip("this Python keeps its frame-stack chunks: nothing to make room for")


def test_thousands_of_small_calls_take_no_fresh_pages_wherever_they_are_called_from():
    _needs_room()
    assert worst_faults(with_room(many_small_calls)) < FEW_FAULTS


class Numbers(DrawnRows, ArchiveTable):
    number = tables.Column()
    square = tables.Column(empty_values=())
    words = tables.Column(empty_values=())

    def render_square(self, record):
        return record["number"] ** 2

    def render_words(self, record):
        return f"{record['number']} squared"


def test_a_table_of_hundreds_of_cells_is_drawn_without_fresh_pages_wherever_it_is_drawn_from():
    _needs_room()
    table = Numbers([{"number": n, "square": None, "words": None} for n in range(100)])
    drawn = table.rows_html()
    assert drawn.count("<tr") == 100 and ">99 squared<" in drawn
    assert worst_faults(table.rows_html) < FEW_FAULTS
