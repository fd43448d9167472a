#!/usr/bin/env python
"""Measure every speed target of the issue in one run against DATABASE_URL's database, and judge each.

The archive to measure is the generated one of 1,000,000 results (scripts/README.md).
Each part prints its detailed table as it finishes; a summary at the end gives, per
target, what was measured (medians; CPU time beside wall time where it is known) and
`ok` or `MISSED`:

1. every public page rendered on a page cache miss, what it counts kept (bench_pages);
2. the first render of every public page after a write to its subjects (bench_pages --cold);
3. every records view, cold (bench_pages: the records explorer's pages);
4. the CSV downloads: rows, time to the last byte and to the first chunk, the peak of
   Python memory allocated while streaming (tracemalloc, in a request of its own), and
   the time 100,000 rows would take at the measured rate: a projection, since the
   generated archive has no download that long;
5. an editor's save while an import holds its transaction open (bench_editing);
6. the 2024 Rolex 24 timing file (59 cars), preview and import (bench_timing);
7. a made-up archive CSV of 10,000 rows, imported in a transaction that is rolled back
   (bench_archive_import);
8. throughput under gunicorn and nginx (bench_http, each page and its static file in turn
   HTTP_ROUNDS times, the median pair's ratio judged; several minutes, needs wrk, nginx
   and Redis; --no-http skips it).

Nothing is left written in the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_targets.py
    ... scripts/bench_targets.py --runs 2 --warmup 1 --no-http
    ... scripts/bench_targets.py --only 4,7
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import gc
import logging
import os
import statistics
import sys
import time
import traceback
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# As bench_pages: the test settings, whose page and read caches are this process's memory.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import bench_archive_import
import bench_editing
import bench_http
import bench_pages
import bench_timing
from bench_pages import COLD, DOWNLOAD, MISS, PUBLIC, RECORDS, Measure, Page, Subjects
from django.conf import settings
from django.db import connection
from django.test import Client

from racearchive.collector import tune_for_serving
from results.models import Result
from results.stats import cache, flat_results

# The issue's targets beside those of bench_pages' pages.
DOWNLOAD_ROWS, DOWNLOAD_SECONDS, FIRST_BYTE_MS, STREAMING_MB = 100_000, 3.0, 500, 20
# Below this, a download's time is mostly its fixed cost, and its rows are read in one
# chunk (results.stats.flat_results.CHUNK) before its first byte: nothing to project from.
PROJECTED_FROM_ROWS = 2 * flat_results.CHUNK
SAVE_MS, SAVES, IMPORT_HOLD_SECONDS, IMPORT_ROWS = 1000, 5, 3.0, 5000
TIMING_SECONDS = 1.0
ARCHIVE_SECONDS, ARCHIVE_RUNS = 5.0, 3
KEPT_PAGE_RATIO, NGINX_RATIO, UNCACHED_PER_SECOND, HTTP_WORKERS = 0.5, 0.8, 40, 3
# Pairs of wrk runs (page, then a static file of its size) per page and server: one pair
# alone was at the mercy of the machine's other tenants (0.70, then 0.84, for one page).
HTTP_ROUNDS, HTTP_SECONDS = 3, 5


@dataclass(frozen=True)
class Verdict:
    """One line of the summary."""

    target: str
    measured: str
    met: bool | None  # None: not measured, or measured to be shown only
    shown: bool = False  # measured beside a target, not one

    @property
    def word(self) -> str:
        if self.shown:
            return "shown"
        return "skipped" if self.met is None else "ok" if self.met else "MISSED"


# The machine's own speed, from a workload no change to the project alters: Django's
# template engine (pinned to 5.2) drawing a table, as a page does, with no database. The
# machines these figures come from differ by 2-3x for the same code; the ms targets are
# read beside this, measured at the start and the end of the run.
REFERENCE_TEMPLATE = (
    "<table>{% for row in rows %}<tr>{% for cell in row %}<td class='{{ cycle }}'>{{ cell|upper }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>"
)
REFERENCE_ROWS, REFERENCE_RUNS = [[f"cell {row}.{column}" for column in range(8)] for row in range(1_000)], 9


def machine_reference_ms() -> float:
    """Median CPU ms, in this process, of drawing REFERENCE_ROWS with Django's template engine."""
    from django.template import Context, Template

    template, times = Template(REFERENCE_TEMPLATE), []
    for _ in range(REFERENCE_RUNS):
        started = time.process_time()
        template.render(Context({"rows": REFERENCE_ROWS, "cycle": "c"}))
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def heading(text: str) -> None:
    print(f"\n## {text} (load average {os.getloadavg()[0]:.1f})\n", flush=True)


@dataclass
class Visits:
    """What requesting pages in this process needs: a client, the pages' subjects, the counts of requests."""

    client: Client
    subjects: Subjects
    pid: int | None  # the PostgreSQL backend, whose CPU time is read
    runs: int
    warmup: int

    def measure(self, kind: str, state: str) -> list[Measure]:
        measures = []
        for page in (p for p in bench_pages.PAGES if p.kind == kind):
            measures.append(
                bench_pages.measure(
                    self.client, self.subjects, page, runs=self.runs, warmup=self.warmup, pid=self.pid, state=state
                )
            )
            print(f"  {page.name}: {measures[-1].verdict}", file=sys.stderr, flush=True)
        print(bench_pages.table(measures))
        return measures


def _wall_and_cpu(m: Measure) -> str:
    return f"{m.median_ms:.0f} ms (CPU {m.cpu_ms:.0f} ms + DB {m.server_cpu_ms:.0f} ms)"


def judge_pages(target: str, what: str, measures: list[Measure]) -> Verdict:
    """The slowest page, the one with most queries where a budget applies, and every page that missed."""
    timed = [m for m in measures if m.median_ms is not None]
    parts = [f"{len(measures)} {what}"]
    if timed:
        slowest = max(timed, key=lambda m: m.median_ms)
        parts.append(f"slowest median {_wall_and_cpu(slowest)}: {slowest.page.name}")
        if any(m.max_queries is not None for m in timed):
            most = max(timed, key=lambda m: m.queries)
            parts.append(f"most queries {most.queries}: {most.page.name}")
    missed = [m for m in measures if m.verdict != "ok"]
    if missed:
        parts.append(f"{len(missed)} missed: " + ", ".join(map(_what_missed, missed)))
    return Verdict(target, "; ".join(parts), not missed)


def _what_missed(m: Measure) -> str:
    if m.outcome != "ok":
        return f"{m.page.name} ({m.outcome})"
    over_budget = m.max_queries is not None and m.queries > m.max_queries
    return f"{m.page.name} {m.median_ms:.0f} ms" + (f" and {m.queries} queries" if over_budget else "")


def pages_on_a_miss(visits: Visits) -> list[Verdict]:
    heading("1. Public pages on a page cache miss, what they count kept")
    measures = visits.measure(PUBLIC, MISS)
    target = (
        f"1. Every public page rendered on a page cache miss (what it counts kept): "
        f"median ≤ {bench_pages.PAGE_MS} ms, ≤ {bench_pages.PAGE_QUERIES} SQL queries"
    )
    return [judge_pages(target, "pages", measures)]


def pages_after_a_write(visits: Visits) -> list[Verdict]:
    heading("2. Public pages, first render after a write to their subjects")
    measures = visits.measure(PUBLIC, COLD)
    target = f"2. The first render after a write to the page's subjects ≤ {bench_pages.AFTER_WRITE_MS} ms"
    return [judge_pages(target, "pages", measures)]


def records_views_cold(visits: Visits) -> list[Verdict]:
    heading("3. Records views, cold (their subjects touched before each request)")
    measures = visits.measure(RECORDS, COLD)
    target = f"3. Every records view, any combination of filters, ≤ {bench_pages.RECORDS_MS} ms cold"
    return [judge_pages(target, "records views", measures)]


@dataclass
class Download:
    """A CSV download streamed to its last byte, nothing kept but the count of its lines."""

    page: Page
    url: str = ""
    outcome: str = "ok"
    rows: int = 0  # lines after the header
    median_ms: float = 0.0  # to the last byte
    first_ms: float = 0.0  # median, to the first chunk
    cpu_ms: float = 0.0  # per request, this process
    server_cpu_ms: float = 0.0  # per request, the PostgreSQL backend
    peak_mb: float = 0.0  # Python memory allocated while streaming, at its peak
    kept_mb: float = 0.0  # still allocated once the download is over

    @property
    def rows_per_second(self) -> float:
        return self.rows / (self.median_ms / 1000) if self.median_ms else 0.0

    @property
    def projected_seconds(self) -> float | None:
        """The time DOWNLOAD_ROWS rows would take: the first byte, then the rest at the measured rate
        of the rows after it; a projection, not a measure."""
        if self.rows < PROJECTED_FROM_ROWS:
            return None
        per_row_ms = (self.median_ms - self.first_ms) / self.rows
        return (self.first_ms + per_row_ms * DOWNLOAD_ROWS) / 1000

    @property
    def missed(self) -> list[str]:
        """What misses the issue's target: the time (projected where there are rows enough), first byte, memory."""
        seconds = self.projected_seconds if self.projected_seconds is not None else self.median_ms / 1000
        checks = {
            "time": seconds <= DOWNLOAD_SECONDS,
            "first byte": self.first_ms <= FIRST_BYTE_MS,
            "memory": self.peak_mb <= STREAMING_MB,
        }
        return [what for what, met in checks.items() if not met]

    @property
    def verdict(self) -> str:
        if self.outcome != "ok":
            return self.outcome
        return f"MISSED ({', '.join(self.missed)})" if self.missed else "ok"


def stream(client: Client, url: str) -> tuple[float, float, int]:
    """Seconds to the first chunk and to the last, and the newlines read."""
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    first, newlines = None, 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        if first is None:
            first = time.perf_counter() - started
        newlines += chunk.count(b"\n")
    total = time.perf_counter() - started
    return first if first is not None else total, total, newlines


def measure_download(visits: Visits, page: Page) -> Download:
    download = Download(page)
    try:
        download.url = page.url(visits.subjects)
        for _ in range(visits.warmup):
            cache.forget_page(download.url)
            stream(visits.client, download.url)
        firsts, totals = [], []
        cpu_started, server_started = time.process_time(), bench_pages.server_cpu_seconds(visits.pid)
        for _ in range(visits.runs):
            cache.forget_page(download.url)
            first, total, newlines = stream(visits.client, download.url)
            firsts.append(first * 1000)
            totals.append(total * 1000)
        download.cpu_ms = (time.process_time() - cpu_started) * 1000 / visits.runs
        download.server_cpu_ms = (bench_pages.server_cpu_seconds(visits.pid) - server_started) * 1000 / visits.runs
        # Apart from the timed requests, since tracing every allocation slows them.
        cache.forget_page(download.url)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            stream(visits.client, download.url)
            download.peak_mb = (tracemalloc.get_traced_memory()[1] - before) / 1_000_000
            gc.collect()  # what the request left behind, not its garbage
            download.kept_mb = (tracemalloc.get_traced_memory()[0] - before) / 1_000_000
        finally:
            tracemalloc.stop()
    except Exception as error:  # report it and measure the rest
        download.outcome = f"error: {type(error).__name__}: {str(error)[:60]}"
        return download
    download.rows = max(newlines - 1, 0)
    download.median_ms, download.first_ms = statistics.median(totals), statistics.median(firsts)
    return download


def csv_downloads(visits: Visits) -> list[Verdict]:
    heading("4. CSV downloads, streamed")
    downloads = []
    for page in (p for p in bench_pages.PAGES if p.kind == DOWNLOAD):
        downloads.append(measure_download(visits, page))
        print(f"  {page.name}: {downloads[-1].verdict}", file=sys.stderr, flush=True)
    header = ("download", "rows", "last byte ms", "CPU ms", "DB CPU ms", "first chunk ms", "rows/s")
    header += (f"{DOWNLOAD_ROWS:,} rows, projected s", "peak MB", "kept MB", "verdict", "url")
    rows = [
        (
            d.page.name,
            f"{d.rows:,}",
            f"{d.median_ms:.0f}",
            f"{d.cpu_ms:.0f}",
            f"{d.server_cpu_ms:.0f}",
            f"{d.first_ms:.1f}",
            f"{d.rows_per_second:,.0f}",
            f"{d.projected_seconds:.2f}" if d.projected_seconds is not None else "",
            f"{d.peak_mb:.1f}",
            f"{d.kept_mb:.1f}",
            d.verdict,
            d.url,
        )
        for d in downloads
    ]
    print(bench_pages.markdown(header, rows))
    target = (
        f"4. CSV export of {DOWNLOAD_ROWS:,} rows ≤ {DOWNLOAD_SECONDS:g} s, first byte ≤ {FIRST_BYTE_MS / 1000:g} s, "
        f"worker memory growth ≤ {STREAMING_MB} MB"
    )
    verdicts = []
    for d in downloads:
        named = f"{target}: {d.page.name.removeprefix('CSV: ')}"
        if d.outcome != "ok":
            verdicts.append(Verdict(named, d.outcome, False))
            continue
        if d.projected_seconds is not None:
            projected = f"{DOWNLOAD_ROWS:,} rows projected {d.projected_seconds:.2f} s"
        else:
            projected = f"too few rows to project from (under {PROJECTED_FROM_ROWS:,})"
        measured = (
            f"{d.rows:,} rows in {d.median_ms / 1000:.2f} s (CPU {d.cpu_ms / 1000:.2f} s + DB "
            f"{d.server_cpu_ms / 1000:.2f} s), {d.rows_per_second:,.0f} rows/s: {projected}; "
            f"first byte {d.first_ms:.0f} ms; peak Python memory {d.peak_mb:.1f} MB ({d.kept_mb:.1f} MB kept after)"
        )
        verdicts.append(Verdict(named, measured, not d.missed))
    return verdicts


def editors_save(visits: Visits) -> list[Verdict]:
    heading("5. An editor's save while an import holds its transaction open")
    target = f"5. An editor's save during an open import transaction ≤ {SAVE_MS / 1000:g} s"
    try:
        saves = bench_editing.time_saves(runs=SAVES, hold=IMPORT_HOLD_SECONDS, rows=IMPORT_ROWS)
    except bench_editing.CannotMeasure as reason:
        print(reason)
        return [Verdict(target, f"skipped: {reason}", None)]
    median = statistics.median(saves)
    print(
        bench_pages.markdown(
            ("saves", "median ms", "slowest ms", "each ms"),
            [(str(len(saves)), f"{median:.0f}", f"{max(saves):.0f}", ", ".join(f"{ms:.0f}" for ms in saves))],
        )
    )
    measured = (
        f"median {median:.0f} ms, slowest {max(saves):.0f} ms, of {len(saves)} saves while an import writing "
        f"{IMPORT_ROWS:,} results stayed open {IMPORT_HOLD_SECONDS:g} s"
    )
    return [Verdict(target, measured, median <= SAVE_MS)]


def timing_import(visits: Visits) -> list[Verdict]:
    heading("6. A 59-car timing file: preview and import into a new archive")
    path = bench_timing.DEFAULT_FILE
    target = f"6. A 59-car timing import ≤ {TIMING_SECONDS:g} s"
    if not path.exists():
        print(f"{path}: no such file")
        return [Verdict(target, "skipped: file missing", None)]
    timing = bench_timing.time_import(path, runs=visits.runs)
    measured = (
        f"median {timing.median_seconds:.3f} s (CPU {timing.median_cpu_seconds:.3f} s in this process), "
        f"slowest {timing.max_seconds:.3f} s; {timing.queries} queries"
    )
    print(f"{path.name}, {visits.runs} runs: {measured}; {timing.summary}")
    return [Verdict(target, measured, timing.median_seconds <= TIMING_SECONDS)]


def archive_import(visits: Visits) -> list[Verdict]:
    heading(f"7. An archive CSV of {bench_archive_import.ROWS:,} rows, imported and rolled back")
    target = f"7. A {bench_archive_import.ROWS:,}-row archive CSV import ≤ {ARCHIVE_SECONDS:g} s"
    runs = bench_archive_import.time_archive_import(runs=ARCHIVE_RUNS)
    rows = [
        (str(n), f"{r.seconds:.2f}", f"{r.cpu_seconds:.2f}", f"{r.server_cpu_seconds:.2f}")
        for n, r in enumerate(runs, start=1)
    ]
    print(bench_pages.markdown(("run", "wall s", "CPU s", "DB CPU s"), rows))
    print(runs[0].summary)
    wall, cpu, server = (
        statistics.median(getattr(run, name) for run in runs)
        for name in ("seconds", "cpu_seconds", "server_cpu_seconds")
    )
    measured = f"median {wall:.2f} s of {len(runs)} (CPU {cpu:.2f} s in this process + {server:.2f} s in PostgreSQL)"
    return [Verdict(target, measured, wall <= ARCHIVE_SECONDS)]


def judge_ratios(target: str, rates: list, least: float) -> Verdict:
    lowest = min(rates, key=lambda rate: rate.ratio)
    median = statistics.median(rate.ratio for rate in rates)
    pairs = ", ".join(f"{ratio:.2f}" for ratio in lowest.pairs)
    measured = (
        f"lowest {lowest.ratio:.2f}× ({lowest.requests_per_second:.0f} requests/s; median of pairs {pairs}): "
        f"{lowest.what}; median of the pages {median:.2f}×"
    )
    return Verdict(target, measured, lowest.ratio >= least)


def throughput(visits: Visits) -> list[Verdict]:
    heading("8. Throughput: gunicorn and nginx, measured with wrk")
    rates = bench_http.measure_throughput(workers=HTTP_WORKERS, rounds=HTTP_ROUNDS, seconds=HTTP_SECONDS)
    print(bench_http.table(rates))
    kept = [r for r in rates if r.kind == bench_http.KEPT]
    verdicts = [
        judge_ratios(
            f"8a. A cached page under gunicorn ≥ {KEPT_PAGE_RATIO:g}× a static file of its size from the same server",
            [r for r in kept if r.server == "gunicorn"],
            KEPT_PAGE_RATIO,
        ),
        judge_ratios(
            f"8b. A page through nginx's cache ≥ {NGINX_RATIO:g}× nginx serving a static file of its size",
            [r for r in kept if r.server == "nginx"],
            NGINX_RATIO,
        ),
    ]
    # Asked gzipped, as browsers ask: shown beside 8b, judged by nothing (the target
    # is for the page as served; nginx compresses a kept page and a static file alike).
    gzipped = judge_ratios(
        "8b, gzipped (shown, not a target)", [r for r in rates if r.kind == bench_http.COMPRESSED], 0
    )
    verdicts.append(Verdict(gzipped.target, gzipped.measured, None, shown=True))
    rotating = next(r for r in rates if r.kind == bench_http.UNCACHED)
    verdicts.append(
        Verdict(
            f"8c. Rotating uncached pages ≥ {UNCACHED_PER_SECOND} requests/s with {HTTP_WORKERS} workers",
            f"{rotating.requests_per_second:.0f} requests/s: {rotating.what}",
            rotating.requests_per_second >= UNCACHED_PER_SECOND,
        )
    )
    return verdicts


# The parts that write and roll back: the rows they leave dead would slow the later parts'
# scans (365,000 dead drivers after three imports) until autovacuum came round.
ROLLED_BACK = {"5", "6", "7"}


def vacuum() -> None:
    """Clear what a rolled-back import left behind (PostgreSQL), as autovacuum would in time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


PARTS: dict[str, Callable[[Visits], list[Verdict]]] = {
    "1": pages_on_a_miss,
    "2": pages_after_a_write,
    "3": records_views_cold,
    "4": csv_downloads,
    "5": editors_save,
    "6": timing_import,
    "7": archive_import,
    "8": throughput,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed requests per page, timed imports (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed requests per page first (default 1)")
    parser.add_argument("--no-http", action="store_true", help="skip the throughput under gunicorn and nginx (8)")
    parser.add_argument("--only", default="", help="comma-separated targets to measure, e.g. 1,4 (default all)")
    parser.add_argument("--statement-timeout", type=float, default=30, metavar="SECONDS")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 1:
        parser.error("--runs and --warmup must be at least 1")
    chosen = [part.strip() for part in args.only.split(",") if part.strip()] or list(PARTS)
    if unknown := [part for part in chosen if part not in PARTS]:
        parser.error(f"no target {', '.join(unknown)}: choose among {', '.join(PARTS)}")
    skip_http = args.no_http and "8" in chosen
    if skip_http:
        chosen.remove("8")

    settings.DEBUG = False  # DEBUG keeps every query in memory
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a page's error is in its table
    bench_pages.limit_statements(args.statement_timeout)
    tune_for_serving()  # the collector as gunicorn's workers run it (racearchive/wsgi.py)
    started = time.perf_counter()
    reference_at_start = machine_reference_ms()
    print(
        f"# Speed targets: database {connection.settings_dict['NAME']} ({connection.vendor}), "
        f"{Result.objects.count():,} results; {args.warmup} warm-up + {args.runs} runs; "
        f"load average {'/'.join(f'{load:.1f}' for load in os.getloadavg())} on {os.cpu_count()} cores; "
        f"machine reference {reference_at_start:.1f} ms CPU"
    )
    visits = Visits(Client(), Subjects(), bench_pages.backend_pid(), args.runs, args.warmup)
    verdicts = []
    for part in chosen:
        try:
            verdicts += PARTS[part](visits)
            if part in ROLLED_BACK:
                vacuum()
        except Exception as error:  # one part that cannot run must not lose the others' figures
            traceback.print_exc()
            verdicts.append(
                Verdict(f"{part}. {PARTS[part].__name__}", f"error: {type(error).__name__}: {error}", False)
            )
    if skip_http:
        verdicts.append(Verdict("8. Throughput under gunicorn and nginx", "skipped: --no-http", None))
    verdicts.append(
        Verdict(
            "The machine's speed: a 1,000-row table drawn by Django's template engine, no database",
            f"{reference_at_start:.1f} ms CPU at the start, {machine_reference_ms():.1f} ms at the end "
            f"(median of {REFERENCE_RUNS}): the ms above scale with it",
            None,
            shown=True,
        )
    )

    print(f"\n# Summary (load average {'/'.join(f'{load:.1f}' for load in os.getloadavg())})\n")
    print(bench_pages.markdown(("target", "measured", "verdict"), [(v.target, v.measured, v.word) for v in verdicts]))
    print(f"\nDone in {time.perf_counter() - started:.0f} s.")
    return 0 if all(v.met is not False for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
