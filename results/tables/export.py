"""A table as a CSV download (?_export=csv): the same rows as the page, in plain words."""

from django_tables2.export import TableExport

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
    return TableExport(EXPORT_FORMAT, named_tables[name]).response(f"{filename}-{name}.{EXPORT_FORMAT}")
