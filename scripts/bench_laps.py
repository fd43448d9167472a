#!/usr/bin/env python
"""Measure the race story at scale against DATABASE_URL's archive (the 1,000,000-result one):
a season of 12 races told lap by lap, the lap import, the laps page, and the pages that do
not show laps with and without those laps held.

It makes (or finds) the "Lap Bench Championship" 2024: 12 events, each holding the real
2024 Petit Le Mans classification and its 20,359 laps (../shared/data/real/, read, never
copied), so about 244,000 laps. Then, in one run:

1. with no laps held, it times pages that never show laps (an event page of the season,
   the season, a driver of it, the busiest driver and event of the archive);
2. it imports the 12 races' laps, timing each import (wall, CPU here, CPU in PostgreSQL);
3. it times the laps page and a car's laps page on page cache misses, with their queries,
   and the records explorer's counts from the lap files cold (after a write to what they show);
4. it times the pages of step 1 again, with the laps held, and prints both.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_laps.py

The season stays in the database (its laps too) for the next run, which removes its laps
first so that step 1 again holds none. The machine is noisy: the table gives medians,
CPU beside wall time, and the before/after ratio of each page measured in the same run.
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import COLD, RECORDS, RECORDS_MS, Page, Subjects, backend_pid, markdown, measure, server_cpu_seconds  # noqa: I001 -- sets Django up first

from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from racearchive.collector import tune_for_serving
from results.importers.laps import import_laps
from results.importers.timing import import_timing
from results.models import CarClass, Event, Lap, LapFile, Season, Series, Stint, CautionPeriod, WeatherReading

REAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "real"
RESULTS = REAL / "imsa_2024_petit_le_mans_race_results.csv"
LAPS = REAL / "imsa_2024_petit_le_mans_race_laps.csv"
WEATHER = REAL / "imsa_2024_petit_le_mans_race_weather.csv"
SERIES, YEAR, RACES = "Lap Bench Championship", 2024, 12
CLASSES = (("GTP", "GTP"), ("LMP2", "LMP2"), ("GTDPRO", "GTD Pro"), ("GTD", "GTD"))
# The targets: the laps page of a 10-hour race on a cache miss, and the import.
LAPS_PAGE_MS, LAPS_PAGE_QUERIES, IMPORT_SECONDS = 100, 20, 3.0


def season_of_races() -> list[Event]:
    """The bench season's 12 events, each with the real classification (made once)."""
    series, _ = Series.objects.get_or_create(name=SERIES)
    for order, (code, name) in enumerate(CLASSES, start=1):
        CarClass.objects.get_or_create(series=series, code=code, defaults={"name": name, "order": order})
    season, _ = Season.objects.get_or_create(series=series, year=YEAR)
    events = []
    for round_number in range(1, RACES + 1):
        event, made = Event.objects.get_or_create(
            season=season, name=f"Lap Bench Round {round_number}", defaults={"year": YEAR, "round": round_number}
        )
        if made or not event.sessions.filter(name="Race").exists():
            import_timing(data=RESULTS.read_bytes(), file_name=RESULTS.name, event=event, session_name="Race")
        events.append(event)
    return events


def without_laps(events: list[Event]) -> None:
    with transaction.atomic():
        for model, path in ((Lap, "result__session__event__in"), (Stint, "result__session__event__in")):
            model.objects.filter(**{path: events}).delete()
        for model in (CautionPeriod, WeatherReading, LapFile):
            model.objects.filter(session__event__in=events).delete()


def import_all(events: list[Event]) -> list[tuple[float, float, float]]:
    """Import the laps of every race: (wall s, CPU s here, CPU s in PostgreSQL) each."""
    timings, pid = [], backend_pid()
    data, weather = LAPS.read_bytes(), WEATHER.read_bytes()
    for event in events:
        race = event.sessions.get(name="Race")
        started, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds(pid)
        import_laps(data=data, file_name=LAPS.name, session=race, weather=weather, weather_name=WEATHER.name)
        timings.append((time.perf_counter() - started, time.process_time() - cpu, server_cpu_seconds(pid) - server))
    return timings


def lap_records(event: Event) -> list[Page]:
    """The records explorer's views of counts from the lap files, over the whole archive and the season."""

    def records(**query):
        return lambda s: f"/records/?{urlencode(query)}"

    series = event.season.series.slug
    return [
        Page("records: laps led by driver, everywhere", records(what="laps_led", who="driver"), RECORDS_MS, RECORDS),
        Page(
            "records: fastest laps by make, everywhere", records(what="fastest_laps", who="make"), RECORDS_MS, RECORDS
        ),
        Page(
            "records: drive time by nationality in the series",
            records(what="drive_time", who="nationality", series=series),
            RECORDS_MS,
            RECORDS,
        ),
        Page(
            "records: class laps led by team, in GTD",
            records(
                what="class_laps_led",
                who="team",
                series=series,
                car_class=CarClass.objects.get(series__slug=series, code="GTD").pk,
            ),
            RECORDS_MS,
            RECORDS,
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (default 20)")
    args = parser.parse_args(argv)
    if not LAPS.exists():
        print(f"The Petit Le Mans files are not in {REAL}: nothing to measure.")
        return 2
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    tune_for_serving()
    events = season_of_races()
    without_laps(events)
    first = Event.objects.with_place().get(pk=events[0].pk)
    subjects, client, pid = Subjects(), Client(), backend_pid()
    a_driver = first.sessions.get(name="Race").results.get(position=1).entry.crew.first().driver
    unaffected = [
        Page("event of the season", lambda s: first.get_absolute_url(), 50),
        Page("the season", lambda s: first.season.get_absolute_url(), 50),
        Page("a driver of the season", lambda s: a_driver.get_absolute_url(), 50),
        Page("the archive's busiest event", lambda s: s.event.get_absolute_url(), 50),
        Page("the archive's busiest driver", lambda s: s.driver.get_absolute_url(), 50),
    ]
    print(f"Database {connection.settings_dict['NAME']} ({connection.vendor}); {args.runs} runs a page, cache misses.")
    before = [measure(client, subjects, page, runs=args.runs, warmup=3, pid=pid) for page in unaffected]
    imports = import_all(events)
    held = Lap.objects.filter(result__session__event__in=events).count()
    laps_pages = [
        Page("laps page, GTP", lambda s: first.get_absolute_url() + "laps/", LAPS_PAGE_MS, max_queries=20),
        Page("laps page, GTD", lambda s: first.get_absolute_url() + "laps/?class=GTD", LAPS_PAGE_MS, max_queries=20),
        Page("a car's laps (#01)", lambda s: first.get_absolute_url() + "laps/01/", LAPS_PAGE_MS, max_queries=20),
    ]
    story = [measure(client, subjects, page, runs=args.runs, warmup=3, pid=pid) for page in laps_pages]
    records = [
        measure(client, subjects, page, runs=args.runs, warmup=3, pid=pid, state=COLD) for page in lap_records(first)
    ]
    after = [measure(client, subjects, page, runs=args.runs, warmup=3, pid=pid) for page in unaffected]

    walls = [wall for wall, _, _ in imports]
    verdict = "ok" if statistics.median(walls) <= IMPORT_SECONDS else "SLOW"
    print(f"\n{RACES} races' laps imported ({held:,} laps held now); each import of 20,359 laps:")
    rows = [
        ("median", f"{statistics.median(walls):.2f}", f"{statistics.median(c for _, c, _ in imports):.2f}",
         f"{statistics.median(s for _, _, s in imports):.2f}", f"≤ {IMPORT_SECONDS:g} s: {verdict}"),
        ("slowest", f"{max(walls):.2f}", "", "", ""),
    ]  # fmt: skip
    print(markdown(("", "wall s", "CPU s here", "CPU s PostgreSQL", "target"), rows))
    print("\nThe race story, page cache misses:")
    rows = [
        (m.page.name, f"{m.median_ms:.1f}", f"{m.cpu_ms:.1f}", f"{m.server_cpu_ms:.1f}", str(m.queries),
         f"{m.kilobytes:.0f}", m.verdict)
        for m in story if m.outcome == "ok"
    ]  # fmt: skip
    print(
        markdown(("page", "median ms", "CPU ms", "PostgreSQL CPU ms", "queries", "KiB", "≤ 100 ms, ≤ 20 queries"), rows)
    )
    print("\nThe records explorer's counts from the lap files, cold (its counts recounted after a write):")
    rows = [
        (m.page.name, f"{m.median_ms:.1f}", f"{m.cpu_ms:.1f}", f"{m.server_cpu_ms:.1f}", str(m.queries), m.verdict)
        for m in records
        if m.outcome == "ok"
    ]
    print(markdown(("view", "median ms", "CPU ms", "PostgreSQL CPU ms", "queries", f"≤ {RECORDS_MS} ms"), rows))
    print("\nPages that do not show laps, without and then with the season's laps held:")
    rows = [
        (b.page.name, f"{b.median_ms:.1f}", f"{a.median_ms:.1f}", f"{a.median_ms / b.median_ms:.2f}",
         f"{b.cpu_ms:.1f} / {a.cpu_ms:.1f}", f"{b.queries} / {a.queries}")
        for b, a in zip(before, after, strict=True) if b.outcome == a.outcome == "ok"
    ]  # fmt: skip
    print(markdown(("page", "without ms", "with ms", "ratio", "CPU ms without / with", "queries"), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
