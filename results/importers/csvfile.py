"""Reading the project's own CSV files: a checked header, rows numbered as the file's lines."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from results.importers.errors import ImportValidationError, Problem


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportValidationError(Problem(None, "", f"there is no file {path}")) from None
    except UnicodeDecodeError as error:
        raise ImportValidationError(Problem(None, "", f"{path.name} is not UTF-8 text: {error}")) from None


def read_rows(text: str, *, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(row number, {column: stripped cell}) for each non-blank row; the header is row 1.

    A missing or unknown column, or a row longer than the header, raises
    ImportValidationError naming every such problem.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip() for cell in next(reader, [])]
    if not any(header):
        raise ImportValidationError(Problem(1, "", "the file is empty: it needs the header row"))
    problems = [Problem(1, column, "this column is missing") for column in required if column not in header]
    known = set(required) | set(optional)
    for i, column in enumerate(header):
        if column not in known:
            problems.append(Problem(1, column, "unknown column (docs/archive-csv.md lists them)"))
        elif column in header[:i]:
            problems.append(Problem(1, column, "this column is given twice"))
    rows = []
    for start, cells in numbered_rows(reader):
        if len(cells) > len(header):
            problems.append(Problem(start, "", f"this row has {len(cells)} fields, the header {len(header)}"))
            continue
        rows.append((start, dict(zip(header, (cell.strip() for cell in cells), strict=False))))
    if problems:
        raise ImportValidationError(problems)
    return rows


def numbered_rows(reader) -> Iterator[tuple[int, list[str]]]:
    """(the line a row starts on, its cells) for each row of a csv reader that is not blank."""
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if any(cell.strip() for cell in cells):
            yield start, cells
