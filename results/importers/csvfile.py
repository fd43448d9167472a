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
from typing import TextIO

from results.importers.errors import ImportValidationError, Problem

# A name or a number is far shorter; a longer cell is a file that went wrong (a quote
# opened and never closed swallows the rows after it). A note may run longer.
MAX_CELL = 2_000
LONG_CELLS = {"session_notes": 20_000}
# The archive CSV of a whole championship's history is a few MB, and it is read a row at
# a time (CsvTable), so a larger one costs time, not memory; past this, split it by season.
MAX_FILE_BYTES = 100 * 1024 * 1024


def _refused_if_too_big(path: Path) -> None:
    """Before anything of the file is read: a file larger than MAX_FILE_BYTES is refused."""
    max_bytes = MAX_FILE_BYTES
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportValidationError(Problem(None, "", f"there is no file {path}")) from None
    if size > max_bytes:
        raise ImportValidationError(
            Problem(
                None,
                "",
                f"{path.name} is {size / 1024 / 1024:.1f} MB; the importer reads files of up to "
                f"{max_bytes // 1024 // 1024} MB: split it, by season for instance",
            )
        )


def open_text(path: Path) -> TextIO:
    """A UTF-8 file opened to be read a row at a time (CsvTable), once its size is checked."""
    _refused_if_too_big(path)
    return path.open(encoding="utf-8-sig", newline="")


def read_text(path: Path) -> str:
    """The text of a small UTF-8 file (a reference list, an article), once its size is checked."""
    _refused_if_too_big(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportValidationError(Problem(None, "", f"{path.name} is not UTF-8 text: {error}")) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportValidationError(Problem(line, "", "a NUL character: the file is damaged or is not text"))
    return text


def decoded_text(data: bytes, *, max_bytes: int, usual: str) -> str:
    """An uploaded timing file's text, its line ends made "\\n"; `usual` says how large such a file is."""
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise ImportValidationError(Problem(None, "", "the file is empty"))
    if len(data) > max_bytes:
        raise ImportValidationError(
            Problem(
                None,
                "",
                f"the file is {len(data) / 1024 / 1024:.1f} MB; {usual} "
                f"and at most {max_bytes // 1024 // 1024} MB is read",
            )
        )
    if b"\x00" in data:
        raise ImportValidationError(Problem(None, "", "this is not a CSV file: it holds binary data"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Some sheets are saved from Excel in Windows-1252; the names need their accents.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportValidationError(Problem(None, "", f"this is not a text file: {error}")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_rows(text: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(row number, {column: stripped cell}) for each non-blank row of a text; the header is row 1.

    Raises ImportValidationError naming every problem CsvTable finds.
    """
    table = CsvTable(io.StringIO(text.lstrip("\ufeff")), required=required, optional=optional)
    read = list(table)
    if table.problems:
        raise ImportValidationError(table.problems)
    return read


class CsvTable:
    """The rows of a CSV file under its checked header, read one at a time from `stream`:
    (row number, {column: stripped cell}) for each non-blank row; the header is row 1.

    A missing or unknown column, a row with more or fewer fields than the header, a cell
    too long, a NUL character, bytes that are not UTF-8 or a quote left open is noted in
    `problems` (a row with one is not given); the caller raises them once it has read all.
    """

    def __init__(self, stream, *, required: tuple[str, ...], optional: tuple[str, ...] = ()):
        self._rows = CsvRows(stream)
        self.problems: list[Problem] = []
        header = self._first()
        if not any(header):
            raise ImportValidationError(Problem(1, "", "the file is empty: it needs the header row"))
        self.problems += [Problem(1, column, "this column is missing") for column in required if column not in header]
        known = set(required) | set(optional)
        for i, column in enumerate(header):
            if column not in known:
                self.problems.append(Problem(1, column, "unknown column (docs/archive-csv.md lists them)"))
            elif column in header[:i]:
                self.problems.append(Problem(1, column, "this column is given twice"))
        self.header = header

    def _first(self) -> list[str]:
        try:
            return [cell.strip() for cell in self._rows.first()]
        except UnicodeDecodeError as error:
            raise ImportValidationError(Problem(1, "", f"the file is not UTF-8 text: {error}")) from None

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        header, start = self.header, 1
        try:
            for start, cells in self._rows:
                problems = self._row_problems(start, cells)
                if problems:
                    self.problems += problems
                    continue
                yield start, dict(zip(header, (cell.strip() for cell in cells), strict=True))
        except ImportValidationError as unreadable:  # the rest of the file cannot be read: say so too
            self.problems += unreadable.problems
        except UnicodeDecodeError as error:
            self.problems.append(Problem(start + 1, "", f"from here on the file is not UTF-8 text: {error}"))

    def _row_problems(self, start: int, cells: list[str]) -> list[Problem]:
        if len(cells) != len(self.header):
            return [Problem(start, "", fields_message(len(cells), self.header))]
        nul = next((column for column, cell in zip(self.header, cells, strict=True) if "\x00" in cell), None)
        if nul is not None:
            return [Problem(start, nul, "a NUL character: the file is damaged or is not text")]
        return long_cells(start, self.header, cells)


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
    """The rows of a CSV text or stream, each with the line it starts on (a quoted cell may
    hold line breaks). What the csv module cannot follow, a quote left open above all,
    raises ImportValidationError on the row where it begins."""

    def __init__(self, source: str | TextIO, **dialect):
        stream = io.StringIO(source) if isinstance(source, str) else source
        self._reader = csv.reader(stream, strict=True, **dialect)

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
