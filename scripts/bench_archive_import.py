#!/usr/bin/env python
"""Time importing an archive CSV of 10,000 rows into the archive DATABASE_URL names.

The file is made up here, the same every time, in a temporary directory: a championship
new to the archive (so that its series, class, circuits, teams, cars and drivers are all
written, as history is) of 40 seasons of 5 races of 50 GT cars, crews of 3 drawn from
300 drivers who recur across events, 50 teams and 6 models of 5 makes. It is imported
with results.importers.archive_csv.import_archive_file, as `manage.py import_archive`
does, --runs times, each in a transaction that is rolled back: the database is left as it
was. Beside the wall time, the CPU time of this process and of the PostgreSQL backend.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_archive_import.py
    ... scripts/bench_archive_import.py --runs 5 --keep bench_import.csv
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import csv
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pages import backend_pid, run_deferred_checks, server_cpu_seconds  # noqa: I001 -- sets Django up first

from django.db import connection, transaction

from results.importers.archive_csv import REQUIRED_COLUMNS, import_archive_file

SERIES = "Bench Import Championship"
FIRST_SEASON, SEASONS, CARS_PER_RACE, CREW, RETIRED = 1960, 40, 50, 3, 5
CIRCUITS = ("Northfield Raceway", "Lake Arden Circuit", "Castle Moor Park", "Redwater Speedway", "Hollins Ring")
GIVEN_NAMES = ("Arlo", "Bente", "Cas", "Dario", "Elin", "Fenn", "Greta", "Hugo", "Ines", "Jory")
GIVEN_NAMES += ("Kaspar", "Lotte", "Milo", "Nora", "Oskar", "Pia", "Quin", "Rune", "Saskia", "Tobin")
FAMILY_NAMES = ("Ardell", "Brenholt", "Cavanagh", "Dunmore", "Eskeland", "Farrand", "Gilvray", "Haldane")
FAMILY_NAMES += ("Iversby", "Jelk", "Korvald", "Lindqvale", "Marrow", "Nettleford", "Osgrave")
TEAM_WORDS = ("Racing", "Motorsport", "Competition", "Engineering", "Sport")
MODELS = (("Aurex", "GT-1"), ("Aurex", "GT-2"), ("Brava", "S7"), ("Corvane", "R"), ("Dalmont", "3.0"), ("Elcar", "T"))
REASONS = ("Engine", "Gearbox", "Accident", "Suspension")
ROWS = SEASONS * len(CIRCUITS) * CARS_PER_RACE


def archive_rows(seasons: int = SEASONS):
    """Every row of the file, one at a time: each race's cars in a shuffled order, the last few retired."""
    drivers = [f"{given} {family}" for family in FAMILY_NAMES for given in GIVEN_NAMES]
    random.Random(2).shuffle(drivers)
    teams = [f"{FAMILY_NAMES[n % 10]} {TEAM_WORDS[n // 10]}" for n in range(CARS_PER_RACE)]
    order = random.Random(1)
    for season in range(FIRST_SEASON, FIRST_SEASON + seasons):
        for round_number, circuit in enumerate(CIRCUITS, start=1):
            # Each race's crews are a window of the drivers that moves on from race to race.
            first_driver = (season * len(CIRCUITS) + round_number) * 37
            cars = list(range(CARS_PER_RACE))
            order.shuffle(cars)
            for position, car in enumerate(cars, start=1):
                retired = position > CARS_PER_RACE - RETIRED
                make, model = MODELS[car % len(MODELS)]
                crew = (drivers[(first_driver + car * CREW + k) % len(drivers)] for k in range(CREW))
                yield (
                    {
                        "series": SERIES,
                        "season": str(season),
                        "event": f"{circuit.split()[0]} {season}",
                        "race": "",
                        "circuit": circuit,
                        "date": f"{season}-{1 + 2 * round_number:02d}-14",
                        "session": "Race",
                        "position": str(position),
                        "class": "GT",
                        "number": str(car + 1),
                        "team": teams[car],
                        "car_make": make,
                        "car_model": model,
                        "engine_make": "",
                        "drivers": ";".join(crew),
                        "laps": str(100 - position // 10 - (40 if retired else 0)),
                        "status": "DNF" if retired else "",
                        "reason": REASONS[car % len(REASONS)] if retired else "",
                        "time": "" if retired else f"2:{position // 2:02d}:{position % 60:02d}.{car * 7:03d}",
                        "best_lap": f"1:{31 + position % 5}.{car * 13 % 1000:03d}",
                    }
                )


def write_archive_csv(path: Path, seasons: int = SEASONS) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=REQUIRED_COLUMNS)
        writer.writeheader()
        writer.writerows(archive_rows(seasons))


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float  # this process
    server_cpu_seconds: float  # the PostgreSQL backend (0 where it cannot be read)
    summary: str  # the import report's first line


class Rollback(Exception):
    pass


def import_once(path: Path) -> Run:
    """Import the file in a transaction that is rolled back, once its deferred checks have run."""
    pid = backend_pid()
    try:
        with transaction.atomic():
            started, cpu_started, server_started = time.perf_counter(), time.process_time(), server_cpu_seconds(pid)
            report = import_archive_file(path)
            run_deferred_checks()
            run = Run(
                time.perf_counter() - started,
                time.process_time() - cpu_started,
                server_cpu_seconds(pid) - server_started,
                report.summary_lines()[0],
            )
            raise Rollback
    except Rollback:
        return run


def time_archive_import(*, runs: int, keep: Path | None = None, seasons: int = SEASONS) -> list[Run]:
    """Write the file (a copy to `keep`, if given) and import it `runs` times, each rolled back."""
    with tempfile.TemporaryDirectory(prefix="bench-archive-import-") as directory:
        path = Path(directory) / "bench_import.csv"
        write_archive_csv(path, seasons)
        if keep is not None:
            shutil.copyfile(path, keep)
        return [import_once(path) for _ in range(runs)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="imports, each rolled back (default 3)")
    parser.add_argument("--keep", type=Path, help="write a copy of the file there")
    parser.add_argument(
        "--seasons",
        type=int,
        default=SEASONS,
        help=f"seasons of 250 rows (default {SEASONS}); 1,000 make a 50 MB file (see the peak memory)",
    )
    args = parser.parse_args(argv)
    rows = args.seasons * len(CIRCUITS) * CARS_PER_RACE
    print(f"{rows:,} rows into {connection.settings_dict['NAME']} ({connection.vendor}), {args.runs} runs")
    runs = time_archive_import(runs=args.runs, keep=args.keep, seasons=args.seasons)
    for run in runs:
        print(
            f"  {run.seconds:.2f} s (CPU {run.cpu_seconds:.2f} s here + {run.server_cpu_seconds:.2f} s in the database)"
        )
    print(f"median {statistics.median(run.seconds for run in runs):.2f} s; {runs[0].summary}")
    # The most this process held at once, the file written and read included (Linux: KiB).
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
