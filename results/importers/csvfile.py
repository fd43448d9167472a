"""Reading the project's own CSV files: a checked header, rows numbered as the file's lines.

A file is read strictly: every row has exactly the header's fields, every quote is
closed, no cell is longer than a name or a note can be, and the file is no larger than
its importer reads. A file cut short, or cut inside a quoted cell, is refused where it
breaks, rather than stored as a shorter number or a driver named after the rest of it.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from results.importers.errors import ImportValidationError, Problem

# A name or a number is far shorter; a longer cell is a file that went wrong (a quote
# opened and never closed swallows the rows after it). A note may run longer.
MAX_CELL = 2_000
LONG_CELLS = {"session_notes": 20_000}
# The archive CSV of a whole championship's history is a few MB; a file larger than this
# is split by season (docs/archive-csv.md).
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_text(path: Path) -> str:
    """The text of a UTF-8 file, refused before it is read if it is larger than MAX_FILE_BYTES."""
    max_bytes = MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportValidationError(
                Problem(
                    None,
                    "",
                    f"{path.name} is {size / 1024 / 1024:.1f} MB; the importer reads files of up to "
                    f"{max_bytes // 1024 // 1024} MB: split it, by season for instance",
                )
            )
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportValidationError(Problem(None, "", f"there is no file {path}")) from None
    except UnicodeDecodeError as error:
        raise ImportValidationError(Problem(None, "", f"{path.name} is not UTF-8 text: {error}")) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportValidationError(Problem(line, "", "a NUL character: the file is damaged or is not text"))
    return text


def read_rows(text: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(row number, {column: stripped cell}) for each non-blank row; the header is row 1.

    A missing or unknown column, a row with more or fewer fields than the header, a cell
    too long or a quote left open raises ImportValidationError naming every such problem.
    """
    rows = CsvRows(text.lstrip("\ufeff"))
    header = [cell.strip() for cell in rows.first()]
    if not any(header):
        raise ImportValidationError(Problem(1, "", "the file is empty: it needs the header row"))
    problems = [Problem(1, column, "this column is missing") for column in required if column not in header]
    known = set(required) | set(optional)
    for i, column in enumerate(header):
        if column not in known:
            problems.append(Problem(1, column, "unknown column (docs/archive-csv.md lists them)"))
        elif column in header[:i]:
            problems.append(Problem(1, column, "this column is given twice"))
    read = []
    try:
        for start, cells in rows:
            if len(cells) != len(header):
                problems.append(Problem(start, "", fields_message(len(cells), header)))
                continue
            problems += long_cells(start, header, cells)
            read.append((start, dict(zip(header, (cell.strip() for cell in cells), strict=True))))
    except ImportValidationError as unreadable:  # the rest of the file cannot be read: say so too
        problems += unreadable.problems
    if problems:
        raise ImportValidationError(problems)
    return read


def fields_message(fields: int, header: list[str]) -> str:
    """What is wrong with a row of `fields` fields under `header`."""
    message = f"this row has {fields} fields, the header {len(header)}"
    if fields < len(header):
        return f"{message}: it ends before column “{header[fields]}” (a row cut short?)"
    return message


def long_cells(line: int, header: list[str], cells: list[str]) -> list[Problem]:
    """A problem for each cell of a row longer than its column may hold (MAX_CELL, LONG_CELLS)."""
    problems = []
    for column, cell in zip(header, cells, strict=False):
        limit = LONG_CELLS.get(column, MAX_CELL)
        if len(cell) > limit:
            problems.append(Problem(line, column, f"this cell holds {len(cell):,} characters, more than {limit:,}"))
    return problems


class CsvRows:
    """The rows of a CSV text, each with the line it starts on (a quoted cell may hold line
    breaks). What the csv module cannot follow, a quote left open above all, raises
    ImportValidationError on the row where it begins."""

    def __init__(self, text: str, **dialect):
        self._reader = csv.reader(io.StringIO(text), strict=True, **dialect)

    def first(self) -> list[str]:
        """The first row (the header), blank or not; [] for an empty text."""
        return next(self._read(), (1, []))[1]

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(the line a row starts on, its cells) for each row after those read, blank rows left out."""
        return ((start, cells) for start, cells in self._read() if any(cell.strip() for cell in cells))

    def _read(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            start = self._reader.line_num + 1
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportValidationError(Problem(start, "", _unreadable(error))) from None
            yield start, cells


def _unreadable(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return "a quote opens a cell in this row and is never closed: the rest of the file would be one cell"
    if "field larger than field limit" in str(error):
        return f"a cell longer than {csv.field_size_limit():,} characters (a quote left open?)"
    return f"this is not a CSV file a reader can follow: {error}"
