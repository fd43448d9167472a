"""Time the standings of a full-size season: 12 events of 60 cars, three classes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_standings .venv/bin/python scripts/bench_standings.py

It builds the season in a throwaway test database (test_<name>, dropped afterwards), then
reports the median and 90th percentile of: computing the standings, computing and
rendering the standings partial, and the whole season page through the test client.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from results.stats import cache  # noqa: E402
from results.stats.standings import season_standings  # noqa: E402
from tests.results.test_standings_season import build_season  # noqa: E402


def timed(label: str, work, runs: int) -> float:
    work()  # warm the template and URL caches once
    times, cpu = [], []
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        work()
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    # CPU time of this process too: other work on the machine stretches the wall clock.
    print(
        f"{label:<44} median {median:6.1f} ms   p90 {p90:6.1f} ms   "
        f"(this process's CPU: median {statistics.median(cpu):6.1f} ms)   {len(queries)} queries"
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=12)
    parser.add_argument("--cars", type=int, default=60)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        began = time.perf_counter()
        season = build_season(events=args.events, cars=args.cars)
        print(
            f"{connection.vendor}: {args.events} events × {args.cars} cars built in "
            f"{time.perf_counter() - began:.1f} s; {args.runs} runs each; load average {os.getloadavg()[0]:.1f}"
        )

        # Each run counts afresh: the season touched, as by a write, so nothing kept is used.
        def afresh(work):
            return lambda: (cache.touch([cache.subject(season)]), work())[1]

        timed("standings computed", afresh(lambda: season_standings(season)), args.runs)
        timed(
            "standings computed and rendered (partial)",
            afresh(lambda: render_to_string("results/_standings.html", {"standings": season_standings(season)})),
            args.runs,
        )
        client = Client()
        url = season.get_absolute_url()
        assert client.get(url).status_code == 200
        timed("whole season page (test client)", afresh(lambda: client.get(url)), args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
