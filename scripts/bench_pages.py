#!/usr/bin/env python
"""Time the archive's public pages, records views and CSV downloads against DATABASE_URL's database.

Picks the busiest objects of the archive (the event with the most results, the driver
with the most starts, the race with the most editions...), requests each page in
process with Django's test client, first a few times to warm up and then --runs times,
and prints the median and 90th percentile in milliseconds and the number of SQL queries
of one request. A page whose URL does not exist yet, or that answers 404, is reported as
missing; one that raises is reported with its error. Nothing is written to the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_pages.py
    ... scripts/bench_pages.py --runs 50 --only event,driver

Besides the wall time, it gives the CPU time a request takes in this process and in
the PostgreSQL backend serving it: the machine's load stretches wall times, hardly these.
Each request is a page cache miss by default: the page is rendered, and what it counts over
many rows comes from the read cache (results.stats.cache), as when a page was evicted or
another page of its subjects was written. --hit serves each request from the page cache,
as every visitor after the first is served; --cold touches the page's subjects before each
request, as the first visit after a write to one of them finds it.

Each page has the issue's target for its kind: a public page, a view of the records
explorer or a CSV download (scripts/bench_targets.py measures all of them, and the other
targets, in one run). To measure a new page, add it to PAGES (and, if it needs one, a
subject to Subjects).
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import logging
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The test settings: a throwaway secret key and plain HTTP, DEBUG off unless asked for.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from racearchive.collector import tune_for_serving
from results.models import CarClass, Circuit, Event, Race, Result, Season, Series, Session
from results.stats import cache

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class Subjects:
    """The objects the pages are measured on: the busiest of each kind, found once, when first needed."""

    def _top(self, queryset, field: str):
        """The value of `field` found in most rows of `queryset` (the lowest on a tie)."""
        row = queryset.exclude(**{field: None}).values(field).annotate(n=Count("pk")).order_by("-n", field).first()
        if row is None:
            raise LookupError(f"the archive holds no rows to pick a {field} from")
        return row[field]

    def _busiest(self, objects, rows, field: str):
        """The one of `objects` that `field` points to in most of `rows`."""
        return objects.get(pk=self._top(rows, field))

    @cached_property
    def event(self) -> Event:
        """The event with the most results: the longest page of classifications."""
        return self._busiest(Event.objects.with_place(), Result.objects, "session__event")

    @cached_property
    def race_event(self) -> Event:
        """The latest edition of the race with the most editions."""
        return self.race.editions.with_place().filter(sessions__results__isnull=False).distinct().order_by("-year")[0]

    @cached_property
    def driver(self) -> Driver:
        """The driver with the most starts (race results that were not DNS or excluded)."""
        starts = Result.objects.filter(session__kind=Session.Kind.RACE).exclude(
            status__in=[Result.Status.DID_NOT_START, Result.Status.EXCLUDED]
        )
        return self._busiest(Driver.objects, starts, "entry__crew__driver")

    @cached_property
    def race(self) -> Race:
        return self._busiest(Race.objects, Event.objects, "race")

    @cached_property
    def team(self) -> Team:
        return self._busiest(Team.objects, Result.objects, "entry__team")

    @cached_property
    def manufacturer(self) -> Manufacturer:
        return self._busiest(Manufacturer.objects, Result.objects, "entry__car__manufacturer")

    @cached_property
    def car(self) -> Car:
        return self._busiest(Car.objects, Result.objects, "entry__car")

    @cached_property
    def circuit(self) -> Circuit:
        return self._busiest(Circuit.objects, Event.objects, "circuit")

    @cached_property
    def season(self) -> Season:
        """The season with the most results: the largest standings to compute."""
        return self._busiest(Season.objects.select_related("series"), Result.objects, "session__event__season")

    @cached_property
    def series(self) -> Series:
        return self._busiest(Series.objects, Season.objects, "series")

    @cached_property
    def series_event(self) -> Event:
        """A round in the middle of the latest season of the series with the most seasons."""
        events = Event.objects.with_place().filter(season__series=self.series, sessions__results__isnull=False)
        latest = events.order_by("-year").values_list("year", flat=True).first()
        rounds = list(events.filter(year=latest).distinct().order_by("round", "start_date"))
        if not rounds:
            raise LookupError(f"the archive holds no results of {self.series}")
        return rounds[len(rounds) // 2]

    @cached_property
    def car_class(self) -> CarClass:
        return self._busiest(CarClass.objects.select_related("series"), Result.objects, "entry__car_class")

    @cached_property
    def common_name(self) -> str:
        """The most frequent family name, folded: a search with many answers."""
        return fold(self._top(Driver.objects, "family_name"))


# The kinds of page, which the issue gives different targets.
PUBLIC, RECORDS, DOWNLOAD, API = "page", "records view", "CSV download", "API"
# The targets: a public page rendered on a page cache miss (what it counts kept) ...
PAGE_MS, PAGE_QUERIES = 50, 20
# ... any page's first render after a write to its subjects, and every records view, cold ...
AFTER_WRITE_MS = RECORDS_MS = 300
# ... and a download, to its last byte (the issue asks for 100,000 rows in 3 s).
DOWNLOAD_MS = 3000
# Issue 15: an API list or object on a cache miss.
API_MS, API_QUERIES = 50, 10


@dataclass(frozen=True)
class Page:
    name: str
    url: Callable[[Subjects], str]  # raises NoReverseMatch while the page does not exist
    target_ms: int | None = None  # the median an issue asks for
    kind: str = PUBLIC
    max_queries: int | None = None  # the SQL queries an issue allows a render that finds its counts kept


def _path(name: str, query: dict | None = None, **kwargs) -> str:
    return reverse(name, kwargs=kwargs) + ("?" + urlencode(query) if query else "")


def public(name: str, url: Callable[[Subjects], str]) -> Page:
    return Page(name, url, PAGE_MS, kind=PUBLIC, max_queries=PAGE_QUERIES)


def api(name: str, url: Callable[[Subjects], str]) -> Page:
    return Page(name, lambda s: "/api/v1/" + url(s), API_MS, kind=API, max_queries=API_QUERIES)


def download(name: str, url: Callable[[Subjects], str]) -> Page:
    return Page(name, url, DOWNLOAD_MS, kind=DOWNLOAD)


def _records_path(name: str, query: dict) -> Callable[[Subjects], str]:
    """The path of a records explorer view; a callable value in `query` is given the subjects."""
    return lambda s: _path(name, {key: v(s) if callable(v) else v for key, v in query.items()})


def records(name: str, **query) -> Page:
    return Page(name, _records_path("results:records", query), RECORDS_MS, kind=RECORDS)


def occurrences(name: str, **query) -> Page:
    return Page(name, _records_path("results:record_occurrences", query), RECORDS_MS, kind=RECORDS)


def race_slug(s: Subjects) -> str:
    return s.race.slug


def series_slug(s: Subjects) -> str:
    return s.series.slug


PAGES = [
    public("home", lambda s: _path("home")),
    public("event: most results", lambda s: s.event.get_absolute_url()),
    public("event: latest edition of the busiest race", lambda s: s.race_event.get_absolute_url()),
    public("event: a round of the longest series", lambda s: s.series_event.get_absolute_url()),
    public("race history: most editions", lambda s: _path("results:race", race=s.race.slug)),
    public("driver: most starts", lambda s: _path("results:driver", slug=s.driver.slug)),
    public("team: most results", lambda s: _path("results:team", slug=s.team.slug)),
    public("manufacturer: most results", lambda s: _path("results:manufacturer", slug=s.manufacturer.slug)),
    public("car: most results", lambda s: _path("results:car", slug=s.car.slug)),
    public("circuit: most events", lambda s: _path("results:circuit", slug=s.circuit.slug)),
    public("series: most seasons", lambda s: _path("results:series", series=s.series.slug)),
    public(
        "season (standings): most results",
        lambda s: _path("results:season", series=s.season.series.slug, year=s.season.year),
    ),
    public("search: a driver's name", lambda s: _path("search", {"q": fold(s.driver.full_name)})),
    public("search: a common family name", lambda s: _path("search", {"q": s.common_name})),
    public("drivers index", lambda s: _path("results:drivers")),
    public("drivers index: a common family name", lambda s: _path("results:drivers", {"name": s.common_name})),
    public(
        "drivers index: by nationality, page 20", lambda s: _path("results:drivers", {"sort": "-country", "page": 20})
    ),
    public("teams index", lambda s: _path("results:teams")),
    public("manufacturers index", lambda s: _path("results:manufacturers")),
    public("cars index", lambda s: _path("results:cars")),
    public("circuits index", lambda s: _path("results:circuits")),
    public("races index", lambda s: _path("results:races")),
    public("races index: one series", lambda s: _path("results:races", {"series": s.series.slug})),
    public("series index", lambda s: _path("results:series_index")),
    # The records explorer: each count, by each kind of subject, at a race, in a series,
    # class, circuit, span of years and the whole archive; the occurrences of a count.
    records("records: default (overall wins by make, everywhere)"),
    records("records: overall wins by make at the busiest race", what="wins", who="make", race=race_slug),
    records("records: overall wins by engine at the race", what="wins", who="engine", race=race_slug),
    records("records: class wins by team at the race", what="class_wins", who="team", race=race_slug),
    records("records: podiums by driver at the race", what="podiums", who="driver", race=race_slug),
    records("records: starts by nationality at the race", what="starts", who="nationality", race=race_slug),
    records("records: poles by driver in the series", what="poles", who="driver", series=series_slug),
    records("records: class wins by car in the series", what="class_wins", who="car", series=series_slug),
    records(
        "records: class wins by make in the busiest class",
        what="class_wins",
        who="make",
        car_class=lambda s: s.car_class.pk,
    ),
    records(
        "records: overall wins by car at the busiest circuit", what="wins", who="car", circuit=lambda s: s.circuit.slug
    ),
    records(
        "records: starts by team in the series, 2000-2010",
        what="starts",
        who="team",
        series=series_slug,
        since=2000,
        until=2010,
    ),
    records("records: class wins by team, everywhere", what="class_wins", who="team"),
    records("records: starts by driver, everywhere", what="starts", who="driver"),
    occurrences(
        "records: occurrences of the busiest make's wins at the race",
        what="wins",
        who="make",
        race=race_slug,
        subject=lambda s: s.manufacturer.slug,
    ),
    occurrences(
        "records: occurrences of the busiest driver's starts",
        what="starts",
        who="driver",
        subject=lambda s: s.driver.slug,
    ),
    # The API (issue 15): lists, filtered and paged, and single objects.
    api("api: events, newest first", lambda s: "events/"),
    api("api: events of the busiest race", lambda s: f"events/?race={s.race.slug}"),
    api("api: event with most results", lambda s: f"events/{s.event.pk}/"),
    api(
        "api: the classification of the event with most results",
        lambda s: f"sessions/{s.event.sessions.filter(kind='race').order_by('order').first().pk}/",
    ),
    api("api: sessions of a season", lambda s: f"sessions/?event={s.series_event.pk}"),
    api("api: results of the driver with most starts", lambda s: f"results/?driver={s.driver.slug}&page_size=100"),
    api("api: results of the busiest team, page 10", lambda s: f"results/?team={s.team.slug}&page=10"),
    api("api: drivers, page 20", lambda s: "drivers/?page=20"),
    api("api: drivers named like a common family name", lambda s: f"drivers/?q={s.common_name}"),
    api("api: driver with most starts", lambda s: f"drivers/{s.driver.slug}/"),
    api("api: seasons of the longest series", lambda s: f"seasons/?series={s.series.slug}"),
    api("api: cars", lambda s: "cars/"),
    api("api: standings of the season with most results", lambda s: f"seasons/{s.season.pk}/standings/"),
    api("api: standings of that season after round 3", lambda s: f"seasons/{s.season.pk}/standings/?after=3"),
    api(
        "api: records, Porsche-style: overall wins by make at the busiest race",
        lambda s: f"records/?race={s.race.slug}",
    ),
    # Downloads: every row, streamed; the time is to the last byte.
    download("CSV: every driver", lambda s: _path("results:drivers", {"_export": "csv"})),
    download(
        "CSV: manufacturer's wins, most results",
        lambda s: _path("results:manufacturer", slug=s.manufacturer.slug) + "?_export=csv",
    ),
    download(
        "CSV: occurrences, the busiest make's starts",
        lambda s: _path(
            "results:record_occurrences",
            {"what": "starts", "who": "make", "subject": s.manufacturer.slug, "_export": "csv"},
        ),
    ),
    download(
        "CSV: records, starts by driver",
        lambda s: _path("results:records", {"what": "starts", "who": "driver", "_export": "csv"}),
    ),
    download(
        "CSV: records, overall wins by make at the busiest race",
        lambda s: _path("results:records", {"race": s.race.slug, "_export": "csv"}),
    ),
]


HIT, MISS, COLD = "hit", "miss", "cold"
STATES = {
    HIT: "each request served from the page cache",
    MISS: "each request a page cache miss, what it counts kept",
    COLD: "the page's subjects touched before each request, as by a write",
}


def fetch(client: Client, url: str):
    """The response to a GET of `url`, read to its last byte (a streamed CSV too), as `.body`."""
    response = client.get(url)
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


@dataclass
class Measure:
    page: Page
    state: str = MISS
    url: str = ""
    outcome: str = "ok"
    median_ms: float | None = None
    p90_ms: float | None = None
    queries: int | None = None
    sql_ms: float | None = None
    kilobytes: float | None = None
    cpu_ms: float | None = None  # per request, in this process
    server_cpu_ms: float | None = None  # per request, in the PostgreSQL backend (0 on SQLite)
    slowest: list = field(default_factory=list)  # (ms, sql) of the measured request's queries

    @property
    def target_ms(self) -> int | None:
        """The page's target; the first render after a write has the issue's longer one."""
        if self.state == COLD and self.page.target_ms is not None:
            return max(self.page.target_ms, AFTER_WRITE_MS)
        return self.page.target_ms

    @property
    def max_queries(self) -> int | None:
        """The page's query budget, which a cold render, counting anew, does not have."""
        return None if self.state == COLD else self.page.max_queries

    @property
    def verdict(self) -> str:
        if self.outcome != "ok":
            return self.outcome
        missed = []
        if self.target_ms is not None and self.median_ms > self.target_ms:
            missed.append("SLOW")
        if self.max_queries is not None and self.queries > self.max_queries:
            missed.append(f"over {self.max_queries} queries")
        return ", ".join(missed) or "ok"


def backend_pid() -> int | None:
    """The PostgreSQL backend process serving this connection, whose CPU time is read from /proc."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def server_cpu_seconds(pid: int | None) -> float:
    """CPU time used so far by the PostgreSQL process `pid`, or 0 where it cannot be read."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def run_deferred_checks() -> None:
    """Check the deferred foreign keys now: what a commit does and a benchmark that rolls
    back would skip."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def measure(
    client: Client, subjects: Subjects, page: Page, *, runs: int, warmup: int, pid: int | None = None, state=MISS
) -> Measure:
    result = Measure(page, state)
    try:
        result.url = page.url(subjects)
    except NoReverseMatch as error:
        named = re.search(r"'([^']+)'", str(error))
        result.outcome = f"missing (no URL {named.group(1) if named else ''} yet)"
        return result
    except LookupError as error:
        result.outcome = f"no subject ({error})"
        return result
    try:
        cache.forget_page(result.url)
        response = fetch(client, result.url)
        shows = getattr(response, "page_shows", [])  # what the page shows: its subjects in the cache
        for _ in range(warmup - 1):
            response = fetch(client, result.url)
        if response.status_code != 200:
            result.outcome = "missing (404)" if response.status_code == 404 else f"HTTP {response.status_code}"
            return result

        def prepare():
            if state == COLD:
                cache.touch(shows)
            elif state == MISS:
                cache.forget_page(result.url)

        timings, cpu_started, server_started = [], time.process_time(), server_cpu_seconds(pid)
        for _ in range(runs):
            prepare()
            started = time.perf_counter()
            fetch(client, result.url)
            timings.append((time.perf_counter() - started) * 1000)
        result.cpu_ms = (time.process_time() - cpu_started) * 1000 / runs
        result.server_cpu_ms = (server_cpu_seconds(pid) - server_started) * 1000 / runs
        prepare()
        with CaptureQueriesContext(connection) as queries:
            response = fetch(client, result.url)
    except Exception as error:  # a page under construction may raise anything: report it, measure the rest
        result.outcome = f"error: {type(error).__name__}: {str(error)[:60]}"
        return result
    result.median_ms = statistics.median(timings)
    result.p90_ms = statistics.quantiles(timings, n=10, method="inclusive")[-1] if len(timings) > 1 else timings[0]
    result.queries = len(queries.captured_queries)
    timed = [(float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries]
    result.sql_ms = sum(ms for ms, _ in timed)
    result.slowest = sorted(timed, key=lambda pair: -pair[0])
    result.kilobytes = len(response.body) / 1024
    return result


def table(measures: list[Measure]) -> str:
    """The measures as a Markdown table."""
    header = (
        "page",
        "median ms",
        "p90 ms",
        "CPU ms",
        "DB CPU ms",
        "queries",
        "SQL ms",
        "KiB",
        "target ms",
        "verdict",
        "url",
    )
    rows = [
        (
            m.page.name,
            f"{m.median_ms:.1f}" if m.median_ms is not None else "",
            f"{m.p90_ms:.1f}" if m.p90_ms is not None else "",
            f"{m.cpu_ms:.1f}" if m.cpu_ms is not None else "",
            f"{m.server_cpu_ms:.1f}" if m.server_cpu_ms is not None else "",
            str(m.queries) if m.queries is not None else "",
            f"{m.sql_ms:.1f}" if m.sql_ms is not None else "",
            f"{m.kilobytes:.0f}" if m.kilobytes is not None else "",
            str(m.target_ms or ""),
            m.verdict,
            m.url,
        )
        for m in measures
    ]
    return markdown(header, rows)


def markdown(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown table, readable as it is in a terminal."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def limit_statements(seconds: float) -> None:
    """A query stuck for minutes on a page under construction must not stall the whole run."""

    def set_timeout(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")

    connection_created.connect(set_timeout, weak=False)
    if connection.connection is not None:
        set_timeout(None, connection)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--only", default="", help="comma-separated words: measure pages whose name holds one")
    parser.add_argument("--list", action="store_true", help="list the pages and exit")
    states = parser.add_mutually_exclusive_group()
    states.add_argument("--hit", action="store_true", help="serve each request from the page cache")
    states.add_argument(
        "--cold", action="store_true", help="touch the page's subjects first: the first visit after a write to them"
    )
    parser.add_argument(
        "--statement-timeout",
        type=float,
        default=30,
        metavar="SECONDS",
        help="on PostgreSQL, cancel any query running longer (default 30): the page is reported with the error",
    )
    parser.add_argument(
        "--show-sql", type=int, default=0, metavar="N", help="print each page's N slowest SQL statements, to EXPLAIN"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 1:
        parser.error("--runs and --warmup must be at least 1")
    pages = [p for p in PAGES if not args.only or any(w.strip() in p.name for w in args.only.split(","))]
    if args.list or not pages:
        print("\n".join(f"{p.name} ({p.kind})" for p in PAGES))
        return 0 if args.list else 2

    if settings.DEBUG:
        print("DEBUG is on, which keeps every query in memory and slows pages: turned off for the measurement.")
        settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.API_RATE_LIMIT = 10**9  # one client asking hundreds of times a minute: this one, measuring
    # A page's error is reported in the table; its traceback would bury the table.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    limit_statements(args.statement_timeout)
    tune_for_serving()  # the collector as gunicorn's workers run it (racearchive/wsgi.py)
    database = connection.settings_dict["NAME"]
    results = Result.objects.count()
    state = COLD if args.cold else HIT if args.hit else MISS
    print(
        f"Database {database} ({connection.vendor}), {results:,} results; {args.warmup} warm-up + {args.runs} runs, "
        f"{STATES[state]}; load average {os.getloadavg()[0]:.1f}."
    )
    started = time.perf_counter()
    subjects = Subjects()
    client = Client()
    pid = backend_pid()
    measures = []
    for page in pages:
        measures.append(measure(client, subjects, page, runs=args.runs, warmup=args.warmup, pid=pid, state=state))
        print(f"  {page.name}: {measures[-1].verdict}", file=sys.stderr, flush=True)
    print(table(measures))
    for m in measures:
        for ms, sql in m.slowest[: args.show_sql]:
            print(f"\n-- {m.page.name}: {ms:.1f} ms\n{sql}")
    print(f"Done in {time.perf_counter() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
