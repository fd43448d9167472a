"""Write the demo's lap-by-lap race, from the facts of the real lap and weather files.

    .venv/bin/python scripts/demo_laps_from_timing.py ../shared/data/real

The demo archive holds the 2024 Petit Le Mans lap by lap (results/demo/laps/). The lap
and weather files are the timing provider's and stay out of the project: this reads them
with the lap importer's reader and writes their facts (every lap's car, driver, times,
pit lane and flag; every weather reading, in metric units) in the project's own lap CSV
(docs/archive-csv.md), and the index that says which session they belong to. Run it
again to rebuild those files.
"""

import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "demo-laps-from-timing: no server runs")

import django  # noqa: E402

django.setup()

from results.importers.lapfile import (  # noqa: E402
    ARCHIVE_LAP_COLUMNS,
    ARCHIVE_WEATHER_COLUMNS,
    read_lap_file,
    read_weather_file,
)
from results.models.times import format_time  # noqa: E402

DEMO = ROOT / "results" / "demo"
IMSA = "IMSA WeatherTech SportsCar Championship"
# (series, season, event, session, the real lap file, its weather file, the demo's file names)
RACES = [
    (
        IMSA, "2024", "Petit Le Mans", "Race",
        "imsa_2024_petit_le_mans_race_laps.csv", "imsa_2024_petit_le_mans_race_weather.csv",
        "petit_le_mans_2024_race.csv", "petit_le_mans_2024_race_weather.csv",
    ),
]  # fmt: skip


def main(real: Path) -> None:
    (DEMO / "laps").mkdir(exist_ok=True)
    with (DEMO / "laps.csv").open("w", newline="", encoding="utf-8") as index:
        listed = csv.writer(index, lineterminator="\n")
        listed.writerow(["series", "season", "event", "session", "laps", "weather"])
        for series, season, event, session, laps_file, weather_file, laps_out, weather_out in RACES:
            write_laps(real / laps_file, DEMO / "laps" / laps_out)
            write_weather(real / weather_file, DEMO / "laps" / weather_out)
            listed.writerow([series, season, event, session, laps_out, weather_out])
            print(f"{laps_file} -> laps/{laps_out}; {weather_file} -> laps/{weather_out}")


def write_laps(source: Path, target: Path) -> None:
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ARCHIVE_LAP_COLUMNS)
        for lap in read_lap_file(source.read_bytes(), name=source.name):
            times = [format_time(ms) for ms in (lap.time_ms, lap.s1_ms, lap.s2_ms, lap.s3_ms, lap.elapsed_ms)]
            writer.writerow(
                [lap.number, lap.driver_name, lap.lap, *times, format_time(lap.time_of_day_ms), _number(lap.kph),
                 "yes" if lap.in_pit else "", format_time(lap.pit_time_ms), lap.flag.value]
            )  # fmt: skip


def write_weather(source: Path, target: Path) -> None:
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(ARCHIVE_WEATHER_COLUMNS)
        for r in read_weather_file(source.read_bytes(), name=source.name):
            rain = "" if r.rain is None else ("yes" if r.rain else "no")
            writer.writerow(
                [r.taken_at.isoformat().replace("+00:00", "Z"), _number(r.air_c), _number(r.track_c),
                 _number(r.humidity), _number(r.pressure_hpa), _number(r.wind_kph), r.wind_direction, rain]
            )  # fmt: skip


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "real"))
