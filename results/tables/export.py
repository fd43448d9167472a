"""A table as a CSV download (?_export=csv): the same rows as the page, in plain words.

The CSV is streamed (ArchiveTable.export_rows gives it a row at a time, sent some 64 kB
at a time), so its first bytes leave at once and a worker's memory does not grow with
the number of rows.
"""

import csv
import re

from django.http import StreamingHttpResponse

EXPORT_FORMAT = "csv"


def exporting(request) -> bool:
    """Whether the request asks for the CSV (anything else in ?_export= shows the page)."""
    return request.GET.get("_export") == EXPORT_FORMAT


def export_response(request, named_tables: dict, *, filename: str):
    """The CSV of the table named by ?_table= (the first by default) when ?_export=csv, else None."""
    if not exporting(request) or not named_tables:
        return None
    name = request.GET.get("_table", "")
    if name not in named_tables:
        name = next(iter(named_tables))
    return csv_download(named_tables[name], filename=f"{filename}-{name}.{EXPORT_FORMAT}")


def csv_download(table, *, filename: str) -> StreamingHttpResponse:
    """The table's CSV, streamed, as a file named `filename`."""
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A spreadsheet takes a cell that starts with one of these as a formula: a team named
# "=cmd|' /C calc'!A0" would run on the reader's machine. Such a cell is written with a
# quote before it (OWASP's advice), which the spreadsheet shows as text. The archive's
# own signed values are left as they are: a number or time ("-12", "+2.112"), a gap in
# laps ("+7 Laps", "+1 Lap in class") and a lone "-".
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-]?[0-9][0-9:.,]*( Laps?)?( in class)?|-")


def neutral(cell):
    """The cell as a spreadsheet can only read it as data."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START) and not _SIGNED_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


class _Line:
    """A file csv.writer writes one line to, and hands back."""

    def write(self, line: str) -> str:
        return line


# Lines sent together: a server writes each piece a response yields on its own, and a
# CSV of 100,000 lines sent a line at a time spent more on writing than on reading.
PIECE = 64 * 1024


def csv_lines(table):
    """The table's CSV as csv.writer (and so tablib) writes it, some 64 kB of lines at a time."""
    writer = csv.writer(_Line())
    lines, size = [], 0
    for row in table.export_rows():
        line = writer.writerow([neutral(cell) for cell in row])
        lines.append(line)
        size += len(line)
        if size >= PIECE:
            yield "".join(lines)
            lines, size = [], 0
    if lines:
        yield "".join(lines)
