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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import django

django.setup()

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


def one_import(event: Event, data: bytes, name: str) -> tuple[float, int, object]:
    """Preview then import; seconds, SQL queries, the real run's outcome."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        import_timing(data=data, file_name=name, event=event, session_name="Race", dry_run=True)
        outcome = import_timing(data=data, file_name=name, event=event, session_name="Race")
        seconds = time.perf_counter() - start
    return seconds, len(queries), outcome


def measure(data: bytes, name: str, *, again: bool) -> tuple[float, int, str]:
    try:
        with transaction.atomic():
            event = make_event()
            if again:
                import_timing(data=data, file_name=name, event=event, session_name="Race")
            seconds, queries, outcome = one_import(event, data, name)
            summary = outcome.report.summary_lines()[0]
            raise Rollback
    except Rollback:
        return seconds, queries, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    data = args.file.read_bytes()
    print(f"{args.file.name} on {connection.vendor} ({connection.settings_dict['NAME']}), {args.runs} runs each")
    for label, again in (("into a new archive", False), ("over itself", True)):
        measure(data, args.file.name, again=again)  # warm up: imports, caches, the connection
        runs = [measure(data, args.file.name, again=again) for _ in range(args.runs)]
        times = sorted(seconds for seconds, _, _ in runs)
        print(
            f"  preview + import {label}: median {statistics.median(times):.3f} s, max {times[-1]:.3f} s, "
            f"{runs[0][1]} queries; {runs[0][2]}"
        )


if __name__ == "__main__":
    main()
