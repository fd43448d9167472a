"""scripts/bench_pages.py runs on a generated archive and reports every page, missing ones too."""

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_pages.py"


@pytest.fixture
def bench(settings):
    # `settings` restores what the script changes (DEBUG, ALLOWED_HOSTS) after the test.
    spec = importlib.util.spec_from_file_location("bench_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    call_command("generate_archive", "--results", "300", "--seed", "2", stdout=io.StringIO())
    return module


def run(bench, *args) -> tuple[int, dict[str, list[str]]]:
    out = io.StringIO()
    with redirect_stdout(out):
        status = bench.main(["--runs", "2", "--warmup", "1", *args])
    rows = {}
    for line in out.getvalue().splitlines():
        if line.startswith("| "):
            cells = [cell.strip() for cell in line.split("|")[1:-1]]
            rows[cells[0]] = cells
    return status, rows


def test_it_times_a_page_and_reports_missing_ones(bench, monkeypatch):
    # Pages of the script's own making: the site's pages change while they are being built.
    pages = [
        bench.Page("login", lambda s: reverse("admin:login") + f"?next=/drivers/{s.driver.slug}/", 100),
        bench.Page("not built yet", lambda s: bench._path("results:no_such_page"), 100),
        bench.Page("unknown driver", lambda s: "/drivers/no-such-driver-at-all/", 100),
    ]
    monkeypatch.setattr(bench, "PAGES", pages)

    status, rows = run(bench)

    assert status == 0
    median, p90, cpu = float(rows["login"][1]), float(rows["login"][2]), float(rows["login"][3])
    queries = int(rows["login"][5])
    assert 0 < median <= p90 and cpu > 0
    with CaptureQueriesContext(connection) as asked:
        Client().get(rows["login"][-1])
    assert queries == len(asked)  # the count of the page's own queries, as a visitor's request makes them
    assert rows["login"][-1].startswith("/admin/login/?next=/drivers/")
    assert rows["not built yet"][-2] == "missing (no URL no_such_page yet)"
    assert rows["unknown driver"][-2] == "missing (404)"


def test_every_page_finds_its_subject_in_a_generated_archive(bench):
    subjects = bench.Subjects()
    for page in bench.PAGES:
        try:
            url = page.url(subjects)
        except NoReverseMatch:
            continue  # not built yet
        assert url.startswith("/"), page.name


@pytest.mark.django_db(transaction=True)  # committed, as a served archive is: the cache is used
def test_cold_runs_count_anew_what_misses_find_kept_and_hits_do_not_render(bench):
    driver_page = [page for page in bench.PAGES if page.name.startswith("driver:")]
    name = driver_page[0].name
    queries = {state: int(run(bench, "--only", "driver:", *flag)[1][name][5]) for state, flag in STATES.items()}
    assert queries["cold"] > queries["miss"] > queries["hit"]  # the record counted again; the page rendered


STATES = {"hit": ["--hit"], "miss": [], "cold": ["--cold"]}
