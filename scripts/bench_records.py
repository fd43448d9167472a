#!/usr/bin/env python
"""Time the records explorer and the event page with its milestones, in wall time and CPU time.

The archive to measure is the one DATABASE_URL names; make one with
`manage.py generate_archive` (500,000 results by default). On a machine other programs
keep busy, wall time says more about them than about the page, so each page is also
measured in CPU time: this process's (Django: building the queries, the rows, the HTML)
and, on PostgreSQL on this machine, the server process's that answers it (read from
/proc; a parallel worker's share is not included). Their sum is what one request costs
a machine with a core free for it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_records.py
    ... scripts/bench_records.py --runs 30 --only "event,class wins"
    ... scripts/bench_records.py --cold     # every request counts its ranking anew

The explorer keeps each ranking in the read cache until a write touches the records
(results.stats.cache): by default the timed requests find it there, as a journalist's
second look does when its page has been evicted (each request renders the page, which
the page cache would otherwise serve); --cold touches the records before each request, as
the first request after any write finds them.

Nothing is written to the database. Uses the subjects of scripts/bench_pages.py (the
busiest race, series, circuit...).
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import logging
import os
import statistics
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import Subjects, _path, backend_pid, limit_statements, server_cpu_seconds  # noqa: I001 -- sets Django up first

from django.conf import settings
from results.stats import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from results.models import CarClass, Event, Result, Session


class RecordSubjects(Subjects):
    @cached_property
    def car_class(self) -> CarClass:
        return self._busiest(CarClass.objects.select_related("series"), Result.objects, "entry__car_class")

    @cached_property
    def series_event(self) -> Event:
        """A round in the middle of the latest season of the series with the most seasons."""
        events = Event.objects.with_place().filter(season__series=self.series, sessions__results__isnull=False)
        latest = events.order_by("-year").values_list("year", flat=True).first()
        rounds = list(events.filter(year=latest).distinct().order_by("round", "start_date"))
        return rounds[len(rounds) // 2]


@dataclass(frozen=True)
class Page:
    name: str
    url: object  # RecordSubjects -> str
    target_ms: int


def records(**query):
    return lambda s: _path("results:records", {k: v(s) if callable(v) else v for k, v in query.items()})


def occurrences(**query):
    return lambda s: _path("results:record_occurrences", {k: v(s) if callable(v) else v for k, v in query.items()})


RACE = lambda s: s.race.slug  # noqa: E731
SERIES = lambda s: s.series.slug  # noqa: E731

PAGES = [
    Page("records: default (overall wins by make, everywhere)", records(), 300),
    Page("records: overall wins by make at the busiest race", records(what="wins", who="make", race=RACE), 300),
    Page("records: overall wins by engine at the race", records(what="wins", who="engine", race=RACE), 300),
    Page("records: class wins by team at the race", records(what="class_wins", who="team", race=RACE), 300),
    Page("records: podiums by driver at the race", records(what="podiums", who="driver", race=RACE), 300),
    Page("records: starts by nationality at the race", records(what="starts", who="nationality", race=RACE), 300),
    Page("records: poles by driver in the series", records(what="poles", who="driver", series=SERIES), 300),
    Page("records: class wins by car in the series", records(what="class_wins", who="car", series=SERIES), 300),
    Page(
        "records: class wins by make in the busiest class",
        records(what="class_wins", who="make", car_class=lambda s: s.car_class.pk),
        300,
    ),
    Page(
        "records: overall wins by car at the busiest circuit",
        records(what="wins", who="car", circuit=lambda s: s.circuit.slug),
        300,
    ),
    Page(
        "records: starts by team in the series, 2000-2010",
        records(what="starts", who="team", series=SERIES, since=2000, until=2010),
        300,
    ),
    Page("records: class wins by team, everywhere", records(what="class_wins", who="team"), 300),
    Page("records: starts by driver, everywhere", records(what="starts", who="driver"), 300),
    Page("records: CSV of overall wins by make at the race", records(race=RACE, _export="csv"), 300),
    Page(
        "records: occurrences of the busiest make's wins at the race",
        occurrences(what="wins", who="make", race=RACE, subject=lambda s: s.manufacturer.slug),
        300,
    ),
    Page(
        "records: occurrences of the busiest driver's starts",
        occurrences(what="starts", who="driver", subject=lambda s: s.driver.slug),
        300,
    ),
    Page("event + milestones: latest edition of the busiest race", lambda s: s.race_event.get_absolute_url(), 150),
    Page("event + milestones: a round of the longest series", lambda s: s.series_event.get_absolute_url(), 150),
    Page("event + milestones: the event with most results", lambda s: s.event.get_absolute_url(), 150),
]


@dataclass
class Measure:
    page: Page
    url: str = ""
    outcome: str = "ok"
    median_ms: float = 0.0
    p90_ms: float = 0.0
    cpu_ms: float = 0.0  # this process, per request
    server_cpu_ms: float = 0.0  # the PostgreSQL process, per request
    queries: int = 0

    @property
    def verdict(self) -> str:
        if self.outcome != "ok":
            return self.outcome
        wall = "ok" if self.median_ms <= self.page.target_ms else "SLOW"
        cpu = "ok" if self.cpu_ms + self.server_cpu_ms <= self.page.target_ms else "SLOW"
        return f"wall {wall}, CPU {cpu}"


def measure(
    client: Client, subjects: RecordSubjects, page: Page, *, runs: int, warmup: int, pid, cold=False
) -> Measure:
    result = Measure(page)
    try:
        result.url = page.url(subjects)
        for _ in range(warmup):
            response = client.get(result.url)
        if response.status_code != 200:
            result.outcome = f"HTTP {response.status_code}"
            return result
        walls, cpu_started, server_started = [], time.process_time(), server_cpu_seconds(pid)

        def prepare():  # every request renders the page; --cold counts the ranking too
            if cold:
                cache.touch([cache.RECORDS])
            else:
                cache.forget_page(result.url)

        for _ in range(runs):
            prepare()
            started = time.perf_counter()
            client.get(result.url)
            walls.append((time.perf_counter() - started) * 1000)
        result.cpu_ms = (time.process_time() - cpu_started) * 1000 / runs
        result.server_cpu_ms = (server_cpu_seconds(pid) - server_started) * 1000 / runs
        prepare()
        with CaptureQueriesContext(connection) as captured:
            client.get(result.url)
    except Exception as error:  # report it and measure the rest
        result.outcome = f"error: {type(error).__name__}: {str(error)[:60]}"
        return result
    result.median_ms = statistics.median(walls)
    result.p90_ms = statistics.quantiles(walls, n=10, method="inclusive")[-1] if runs > 1 else walls[0]
    result.queries = len(captured.captured_queries)
    return result


def table(measures: list[Measure]) -> str:
    header = ("page", "wall median ms", "wall p90 ms", "CPU ms (Django + DB)", "queries", "target ms", "verdict")
    rows = [
        (
            m.page.name,
            f"{m.median_ms:.0f}",
            f"{m.p90_ms:.0f}",
            f"{m.cpu_ms + m.server_cpu_ms:.0f} ({m.cpu_ms:.0f} + {m.server_cpu_ms:.0f})",
            str(m.queries),
            str(m.page.target_ms),
            m.verdict,
        )
        for m in measures
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--only", default="", help="comma-separated words: measure pages whose name holds one")
    parser.add_argument("--statement-timeout", type=float, default=30, metavar="SECONDS")
    parser.add_argument("--cold", action="store_true", help="touch the records before every request, as a write does")
    args = parser.parse_args(argv)
    if args.runs < 2 or args.warmup < 1:
        parser.error("--runs must be at least 2 and --warmup at least 1")
    pages = [p for p in PAGES if not args.only or any(w.strip() in p.name for w in args.only.split(","))]
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    limit_statements(args.statement_timeout)
    pid = backend_pid()
    load = os.getloadavg()[0]
    print(
        f"Database {connection.settings_dict['NAME']} ({connection.vendor}), {Result.objects.count():,} results, "
        f"{Session.objects.count():,} sessions; {args.warmup} warm-up + {args.runs} runs; "
        f"load average {load:.1f} on {os.cpu_count()} cores; "
        f"ranking {'counted anew for each request' if args.cold else 'kept'}, page rendered."
    )
    subjects = RecordSubjects()
    client = Client()
    measures = []
    for page in pages:
        measures.append(measure(client, subjects, page, runs=args.runs, warmup=args.warmup, pid=pid, cold=args.cold))
        print(f"  {page.name}: {measures[-1].verdict}", file=sys.stderr, flush=True)
    print(table(measures))
    for m in measures:
        print(f"  {m.page.name}: {m.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
