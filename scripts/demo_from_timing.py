"""Write the demo's whole races as archive CSV, from the facts of the real timing files.

    .venv/bin/python scripts/demo_from_timing.py ../shared/data/real

The demo archive (results/demo/archive/) holds the complete 2024 Rolex 24 race and the
complete 2024 Petit Le Mans race and qualifying. The timing files themselves are the
timing provider's and stay out of the project: this reads them with the timing
importer's reader and writes their facts (positions, cars, crews, laps, times, gaps,
best laps) in the project's own format, one file per session. Run it again to rebuild
those files; nothing else in the demo changes.
"""

import csv
import os
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "racearchive.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "demo-from-timing: no server runs")

import django  # noqa: E402

django.setup()

from drivers.naming import fold  # noqa: E402
from results.display.times import format_gap, format_time  # noqa: E402
from results.importers.alkamel import read_timing_file  # noqa: E402
from results.importers.archive_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, written_driver  # noqa: E402
from results.importers.rows import CarRow  # noqa: E402

DEMO = ROOT / "results" / "demo" / "archive"
IMSA = "IMSA WeatherTech SportsCar Championship"


@dataclass(frozen=True)
class Conversion:
    """One timing file into one session of the demo: the event and session it belongs to."""

    file: str
    out: str
    event: dict
    session: dict
    qualifiers: dict | None = None  # who set each car's time, by number, where a report names them


PETIT_LE_MANS = {
    "series": IMSA,
    "season": "2024",
    "event": "Petit Le Mans",
    "race": "Petit Le Mans",
    "circuit": "Michelin Raceway Road Atlanta",
    "date": "2024-10-11",
    "end_date": "2024-10-12",
}

CONVERSIONS = (
    Conversion(
        file="imsa_2024_daytona24_race_results.csv",
        out="rolex24_2024_race.csv",
        event={
            "series": IMSA,
            "season": "2024",
            "event": "Rolex 24 At Daytona",
            "race": "24 Hours of Daytona",
            "circuit": "Daytona International Speedway",
            "date": "2024-01-27",
            "end_date": "2024-01-28",
            "round": "1",
        },
        session={
            "session": "Race",
            "session_kind": "race",
            "session_start": "2024-01-27",
            "completeness": "complete",
            "duration": "24:00:00",
            "cautions": "15",
            "source": "IMSA official results (Al Kamel Systems), race, 28 January 2024",
        },
    ),
    Conversion(
        file="imsa_2024_petit_le_mans_qualifying_results.csv",
        out="petit_le_mans_2024_qualifying.csv",
        event=PETIT_LE_MANS,
        session={
            "session": "Qualifying",
            "session_kind": "qualifying",
            "session_start": "2024-10-11",
            "completeness": "complete",
            "red_flags": "1",
            "session_notes": "An early red flag curtailed the session; "
            "the GTD Pro pole was settled in a six-minute shootout.",
            "source": "IMSA official results (Al Kamel Systems), qualifying, 11 October 2024",
        },
        # From Porsche Motorsport's qualifying report: the timing file names the crew, not the qualifier.
        qualifiers={
            "7": "Matt Campbell",
            "85": "Phil Hanson",
            "6": "Nick Tandy",
            "5": "Alessio Picariello",
            "77": "Laurin Heinrich",
            "120": "Adam Adelson",
            "86": "Kerong Li",
        },
    ),
    Conversion(
        file="imsa_2024_petit_le_mans_race_results.csv",
        out="petit_le_mans_2024_race.csv",
        event=PETIT_LE_MANS,
        session={
            "session": "Race",
            "session_kind": "race",
            "session_start": "2024-10-12",
            "completeness": "complete",
            "duration": "10:00:00",
            "session_notes": "Runs from 12:10 to 22:10 Eastern Time.",
            "source": "IMSA official results (Al Kamel Systems), race, 12 October 2024",
        },
    ),
)

# The demo's names for what the files spell otherwise: the team, with the file's own
# spelling kept as the entrant's name on the day.
TEAMS = {
    "Porsche Penske Motorsports": "Porsche Penske Motorsport",
    "VasserSullivan": "Vasser Sullivan",
    "Wayne Taylor Racing with Andretti": "Wayne Taylor Racing",
    "Ford Multimatic Motorsports": "Multimatic",
    "Heart of Racing Team": "Heart of Racing",
    "WINWARD RACING": "Winward Racing",
}


def _spellings() -> dict[str, str]:
    """The names of drivers the rest of the demo writes, by their folded form: the timing
    files drop accents ("Kevin Estre"), and a driver the demo names keeps its spelling."""
    generated = {conversion.out for conversion in CONVERSIONS}
    names = {}
    for path in sorted(DEMO.glob("*.csv")):
        if path.name in generated:
            continue
        with open(path, newline="", encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                for name in row.get("drivers", "").split(";"):
                    if " " in name.strip():
                        names.setdefault(fold(name), name.strip())
    return names


def _split(name: str) -> tuple[str, str]:
    read = written_driver(name)
    return read.given_name, read.family_name


def _driver(member, spellings: dict[str, str]) -> str:
    """The name as the archive CSV writes it so that it reads back as the file split it:
    "Alessandro PIER GUIDI" (capitals mark a family name of two words), else as written."""
    written = f"{member.given_name} {member.family_name}".strip()
    if fold(written) in spellings:
        return spellings[fold(written)]
    split = (member.given_name, member.family_name)
    capitals = f"{member.given_name} {member.family_name.upper()}".strip()
    if _split(written) != split and _split(capitals) == split:
        return capitals
    return written


def car_cells(row: CarRow, spellings: dict[str, str]) -> dict:
    """A timing file's car as the archive CSV writes it (docs/archive-csv.md)."""
    team = TEAMS.get(row.team, row.team)
    return {
        "position": row.position or "",
        "class_position": row.class_position or "",
        "class": row.class_code,
        "number": row.number,
        "team": team,
        "entrant": row.team if team != row.team else row.entrant,
        "car_make": row.car_make,
        "car_model": row.car_model,
        "engine_make": row.engine_make,
        "drivers": ";".join(_driver(member, spellings) for member in row.crew),
        "laps": "" if row.laps is None else row.laps,
        "gap": format_gap(row.gap_ms, row.gap_laps) if row.position != 1 else "",
        "status": row.status,
        "time": format_time(row.total_time_ms) if row.total_time_ms else "",
        "best_lap": format_time(row.best_lap_ms) if row.best_lap_ms else "",
        "best_lap_number": row.best_lap_number or "",
    }


def convert(conversion: Conversion, real: Path, spellings: dict[str, str]) -> int:
    data = (real / conversion.file).read_bytes()
    timing = read_timing_file(data, name=conversion.file, makes=("Aston Martin", "Mercedes-AMG"))
    unused = ("best_lap_driver", "grid", "position_at_line", "class_position_at_line")
    columns = [c for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if c not in unused]
    with open(DEMO / conversion.out, "w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        for row in timing.rows:
            cells = car_cells(row, spellings) | {"qualifying_driver": (conversion.qualifiers or {}).get(row.number, "")}
            writer.writerow(dict.fromkeys(columns, "") | conversion.event | conversion.session | cells)
    return len(timing.rows)


if __name__ == "__main__":
    real = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "real")
    spellings = _spellings()
    for conversion in CONVERSIONS:
        print(f"{conversion.out}: {convert(conversion, real, spellings)} cars from {conversion.file}")
