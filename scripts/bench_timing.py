#!/usr/bin/env python
"""Time importing the real 2024 Rolex 24 timing file (59 cars), preview included.

One import as an editor makes it: the preview (a dry run, rolled back) and then the real
run, both through results.importers.timing.import_timing, as the admin and the command
call it. It is timed into an archive that does not know the cars yet (every driver, team
and car is new: the most writing), and again over itself (every record matched, nothing
written: the most reading). Each run happens in a transaction that is rolled back, so
the database is left as it was; it must be migrated.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_timing .venv/bin/python scripts/bench_timing.py
    ... scripts/bench_timing.py --runs 10 --file ../shared/data/real/imsa_2024_daytona24_race_results.csv
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import django

django.setup()

from bench_pages import run_deferred_checks
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from results.importers.timing import import_timing
from results.models import CarClass, Event, Season, Series

DEFAULT_FILE = Path(settings.BASE_DIR).parent / "shared" / "data" / "real" / "imsa_2024_daytona24_race_results.csv"
CLASSES = (("GTP", "GTP"), ("LMP2", "LMP2"), ("GTDPRO", "GTD Pro"), ("GTD", "GTD"))


class Rollback(Exception):
    pass


def make_event() -> Event:
    series, _ = Series.objects.get_or_create(name="Bench Timing Series")
    for order, (code, name) in enumerate(CLASSES, start=1):
        CarClass.objects.get_or_create(series=series, code=code, defaults={"name": name, "order": order})
    season, _ = Season.objects.get_or_create(series=series, year=2024)
    return Event.objects.create(season=season, year=2024, name="Bench Rolex 24")


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time of the preview and the import
    cpu_seconds: float  # this process's CPU time over them
    queries: int
    summary: str  # the report's first line


@dataclass(frozen=True)
class Timing:
    median_seconds: float
    max_seconds: float
    median_cpu_seconds: float
    queries: int
    summary: str


def one_import(event: Event, data: bytes, name: str) -> Run:
    """Preview then import, as an editor does."""
    with CaptureQueriesContext(connection) as queries:
        start, cpu_start = time.perf_counter(), time.process_time()
        import_timing(data=data, file_name=name, event=event, session_name="Race", dry_run=True)
        outcome = import_timing(data=data, file_name=name, event=event, session_name="Race")
        run_deferred_checks()
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return Run(seconds, cpu_seconds, len(queries), outcome.report.summary_lines()[0])


def measure(data: bytes, name: str, *, again: bool) -> Run:
    """One preview and import into a new event (`again`: over the same file imported first), rolled back."""
    try:
        with transaction.atomic():
            event = make_event()
            if again:
                import_timing(data=data, file_name=name, event=event, session_name="Race")
            run = one_import(event, data, name)
            raise Rollback
    except Rollback:
        return run


def time_import(path: Path, *, runs: int, again: bool = False) -> Timing:
    """Preview + import of the file `runs` times, after one run to warm up; the database is left as it was."""
    data = path.read_bytes()
    measure(data, path.name, again=again)  # warm up: imports, caches, the connection
    timed = [measure(data, path.name, again=again) for _ in range(runs)]
    seconds = [run.seconds for run in timed]
    return Timing(
        median_seconds=statistics.median(seconds),
        max_seconds=max(seconds),
        median_cpu_seconds=statistics.median(run.cpu_seconds for run in timed),
        queries=timed[0].queries,
        summary=timed[0].summary,
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args(argv)
    print(f"{args.file.name} on {connection.vendor} ({connection.settings_dict['NAME']}), {args.runs} runs each")
    for label, again in (("into a new archive", False), ("over itself", True)):
        timing = time_import(args.file, runs=args.runs, again=again)
        print(
            f"  preview + import {label}: median {timing.median_seconds:.3f} s "
            f"(CPU {timing.median_cpu_seconds:.3f} s in this process), max {timing.max_seconds:.3f} s, "
            f"{timing.queries} queries; {timing.summary}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
