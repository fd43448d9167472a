#!/usr/bin/env python
"""Time an editor's save while an import holds its transaction open, against DATABASE_URL.

Another connection writes to the results and keeps its transaction open for --hold
seconds, as an import does; meanwhile a team is saved --runs times, as the admin saves
it, and each save is timed. A save that waits on the import's locks takes as long as the
import. The import is rolled back, and each save writes the team as it was, so the
database is left as it was. PostgreSQL only: SQLite takes
one writer at a time by design.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ra_bench .venv/bin/python scripts/bench_editing.py
"""

# ruff: noqa: E402 (Django must be set up before the project's modules are imported)

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings_test")

import django

django.setup()

import psycopg
from django.db import connection

from drivers.models import Team


class CannotMeasure(Exception):
    """The database cannot be measured; the message says why."""


def time_saves(*, runs: int = 5, hold: float = 3.0, rows: int = 5000) -> list[float]:
    """Milliseconds each of `runs` saves of a team took while an import writing `rows` results stayed open."""
    if connection.vendor != "postgresql":
        raise CannotMeasure("PostgreSQL only: SQLite takes one writer at a time.")
    team = Team.objects.order_by("pk").first()
    if team is None:
        raise CannotMeasure("The archive holds no team to save; generate one first (scripts/README.md).")
    settings = connection.settings_dict
    importing = psycopg.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    importing.execute(
        "UPDATE results_result SET laps = laps WHERE id IN (SELECT id FROM results_result ORDER BY id LIMIT %s)",
        [rows],
    )
    threading.Timer(hold, importing.rollback).start()
    saves = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            team.save()
            saves.append((time.perf_counter() - started) * 1000)
    finally:
        time.sleep(hold + 0.5)  # the import rolls back first
        importing.close()
    return saves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="team saves while the import is open (default 5)")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the import stays open (default 3)")
    parser.add_argument("--rows", type=int, default=5000, help="results the import writes (default 5000)")
    options = parser.parse_args(argv)
    try:
        saves = time_saves(runs=options.runs, hold=options.hold, rows=options.rows)
    except CannotMeasure as reason:
        print(reason)
        return 1
    print(f"An import writing {options.rows:,} results stays open {options.hold:g} s; a team saved meanwhile:")
    print("| saves | median ms | slowest ms | each ms |")
    print("| --- | --- | --- | --- |")
    each = ", ".join(f"{ms:.0f}" for ms in saves)
    print(f"| {len(saves)} | {statistics.median(saves):.0f} | {max(saves):.0f} | {each} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
