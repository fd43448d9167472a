"""scripts/bench_pages.py runs on a generated archive and reports every page, missing ones too."""

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_pages.py"


@pytest.fixture
def bench(settings):
    # `settings` restores what the script changes (DEBUG, ALLOWED_HOSTS) after the test.
    spec = importlib.util.spec_from_file_location("bench_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_times_each_page_and_reports_a_page_not_built_yet_as_missing(bench, monkeypatch):
    call_command("generate_archive", "--results", "300", "--seed", "2", stdout=io.StringIO())
    not_built = bench.Page("not built yet", lambda s: bench._path("results:no_such_page"), 100)
    monkeypatch.setattr(bench, "PAGES", [*bench.PAGES[:3], not_built])

    out = io.StringIO()
    with redirect_stdout(out):
        status = bench.main(["--runs", "2", "--warmup", "1"])

    report = out.getvalue()
    assert status == 0
    assert "300 results" in report
    rows = {line.split("|")[1].strip(): line for line in report.splitlines() if line.startswith("| ")}
    assert "missing (no URL no_such_page yet)" in rows["not built yet"]
    for page in bench.PAGES[:3]:
        cells = [cell.strip() for cell in rows[page.name].split("|")[1:-1]]
        median, p90, queries = float(cells[1]), float(cells[2]), int(cells[3])
        assert 0 < median <= p90 and queries > 0
        assert cells[-1].startswith("/")
