"""Every table's CSV is streamed row by row, and holds what django-tables2's own export writes."""

import csv
import io
from urllib.parse import parse_qsl

import pytest
from django_tables2.export import TableExport

from drivers.models import Team
from results.importers.demo import load_demo
from results.models import Event
from results.stats import flat_results
from results.tables import export
from results.tables.paging import PagedRows

pytestmark = pytest.mark.django_db

# Every page with tables, and each of its tables by name (?_table=).
EXPORTS = {
    "/drivers/": [""],
    "/teams/": [""],
    "/manufacturers/": [""],
    "/cars/": [""],
    "/circuits/": [""],
    "/races/": [""],
    "/series/": [""],
    "/drivers/felipe-nasr/": [""],
    "/teams/porsche-penske-motorsport/": [""],
    "/manufacturers/porsche/": [""],
    "/cars/porsche-963/": [""],
    "/circuits/daytona-international-speedway/": [""],
    "/races/24-hours-of-daytona/": ["editions", "manufacturers", "teams", "drivers"],
    "/series/imsa/2024/": [""],
    "/records/": [""],
    "/records/?what=starts&who=driver&race=24-hours-of-daytona": [""],
    "/records/occurrences/?what=wins&who=make&subject=porsche": [""],
    # Cars with another make's engine ("March 83G-Porsche"), and a history sorted by the reader.
    "/records/occurrences/?what=wins&who=engine&subject=porsche": [""],
    "/teams/porsche-penske-motorsport/?sort=-car": [""],
}


@pytest.fixture
def demo():
    load_demo()


def django_tables2_export(request, named_tables, *, filename):
    """export_response as it was: django-tables2's TableExport, the whole CSV at once."""
    if not export.exporting(request):
        return None
    name = request.GET.get("_table", "")
    name = name if name in named_tables else next(iter(named_tables))
    return TableExport("csv", named_tables[name]).response(f"{filename}-{name}.csv")


@pytest.mark.parametrize("path", EXPORTS)
def test_each_csv_is_streamed_and_holds_what_django_tables2_writes(client, demo, monkeypatch, path):
    page, _, asked = path.partition("?")
    for table in EXPORTS[path]:
        query = {**dict(parse_qsl(asked)), "_export": "csv", **({"_table": table} if table else {})}
        streamed = client.get(page, query)
        assert streamed.status_code == 200 and streamed.streaming, (path, table)
        assert streamed["Content-Type"] == "text/csv; charset=utf-8"
        lines = b"".join(streamed.streaming_content).decode()

        with monkeypatch.context() as patched:
            for view in ("careers", "circuits", "races", "series", "records", "indexes"):
                patched.setattr(f"results.views.{view}.export_response", django_tables2_export)
            whole = client.get(page, query)
        assert not whole.streaming
        assert whole["Content-Disposition"] == streamed["Content-Disposition"]
        assert lines == whole.content.decode(), (path, table)
        assert lines.count("\n") > 1, (path, table)  # a header and at least one row


def test_a_csv_read_in_many_chunks_holds_every_row_once_in_order(client, demo, monkeypatch):
    query = {"what": "wins", "who": "make", "subject": "porsche", "_export": "csv"}
    whole = b"".join(client.get("/records/occurrences/", query).streaming_content).decode()
    monkeypatch.setattr(PagedRows, "CHUNK", 2)  # Porsche's 19 wins in ten chunks
    monkeypatch.setattr(flat_results, "CHUNK", 2)  # and their crews

    chunked = b"".join(client.get("/records/occurrences/", query).streaming_content).decode()

    assert chunked == whole
    assert chunked.count("\n") == 1 + 19


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, demo):
    formula = "=cmd|' /C calc'!A0"
    team = Team.objects.get(slug="porsche-penske-motorsport")
    team.name = formula
    team.save()
    for entry in team.entries.all():  # the name it raced under at each event
        entry.entrant_name = formula
        entry.save()
    rolex = Event.objects.get(year=2024, race__slug="24-hours-of-daytona")

    downloads = {
        "teams index": client.get("/teams/", {"_export": "csv"}),
        "race classification": client.get(rolex.get_absolute_url(), {"_export": "csv", "session": "race"}),
        "records": client.get("/records/", {"what": "wins", "who": "team", "_export": "csv"}),
    }

    for name, response in downloads.items():
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        cells = [cell for row in rows for cell in row]
        assert "'" + formula in cells and formula not in cells, name
        # A signed time stays a time: the classification's gaps are written as they are.
        if name == "race classification":
            assert any(cell.startswith("+") and cell[1].isdigit() for cell in cells), cells


@pytest.mark.parametrize("cell", ["+2.112", "-12", "+7 Laps", "+1 Lap in class", "-", "1:35.605", "Porsche 963"])
def test_the_archives_own_values_are_written_as_they_are(cell):
    assert export.neutral(cell) == cell


@pytest.mark.parametrize("cell", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "+7 Laps=1"])
def test_a_formula_is_written_as_text(cell):
    assert export.neutral(cell) == "'" + cell
