"""Helpers of the timing-file tests: the real files beside the project, and files written here.

Its name makes it the timing tests' own file; it holds no tests itself. The real files are
the timing provider's: they are read from ../shared/data/real/, never copied here.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import CarClassFactory, EventFactory, SeriesFactory

REAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "real"
DAYTONA = REAL / "imsa_2024_daytona24_race_results.csv"
SEBRING_QUALIFYING = REAL / "imsa_2024_sebring12_qualifying_results.csv"

needs_real_files = pytest.mark.skipif(
    not DAYTONA.exists() or not SEBRING_QUALIFYING.exists(),
    reason=f"the real timing files are not in {REAL} (they are kept beside the project, not in it)",
)

IMSA = "IMSA WeatherTech SportsCar Championship"
IMSA_CLASSES = (("GTP", "GTP"), ("LMP2", "LMP2"), ("GTDPRO", "GTD Pro"), ("GTD", "GTD"))

# The IMSA race layout's columns before the crews, and one driver's columns.
IMSA_RACE_HEADER = [
    "POSITION",
    "NUMBER",
    "STATUS",
    "LAPS",
    "TOTAL_TIME",
    "GAP_FIRST",
    "GAP_PREVIOUS",
    "FL_LAPNUM",
    "FL_TIME",
    "FL_KPH",
    "TEAM",
    "CLASS",
    "GROUP",
    "DIVISION",
    "VEHICLE",
    "TIRES",
    "IMSA_CarId",
    "IMSA_TeamId",
    "IMSA_ClassId",
    "IMSA_CarTypeId",
    "IMSA_ManufacturerId",
    "IMSA_TireId",
    "IMSA_SponsorId",
    "IMSA_EventEntryId",
    "*Extra 9",
    "*Extra 10",
]
DRIVER_COLUMNS = (
    "FIRSTNAME",
    "SECONDNAME",
    "LICENSE",
    "HOMETOWN",
    "COUNTRY",
    "SHORTNAME",
    "IMSA_DriverId",
    "IMSA_DriverPlugId",
    "IMSA_DriverRatingLong",
    "*Extra 4",
    "*Extra 5",
)
ACO_HEADER = [
    "POSITION",
    "NUMBER",
    "TEAM",
    "DRIVER_1",
    "DRIVER_2",
    "DRIVER_3",
    "DRIVER_4",
    "VEHICLE",
    "TYRES",
    "CLASS",
    "GROUP",
    "DIVISION",
    "STATUS",
    "LAPS",
    "TOTAL_TIME",
    "GAP_FIRST",
    "GAP_PREVIOUS",
    "FL_LAPNUM",
    "FL_TIME",
    "FL_KPH",
    "DRIVER_5",
]


def imsa_header(drivers: int = 4) -> list[str]:
    return IMSA_RACE_HEADER + [f"DRIVER{n}_{c}" for n in range(1, drivers + 1) for c in DRIVER_COLUMNS]


def imsa_car(
    position, number, klass, team, vehicle, drivers, *, status="Classified", laps="791", time="23:58:24.723", gap="-"
) -> list[str]:
    """One car of the IMSA race layout; `drivers` are (first, second, country, rating)."""
    cells = [str(position), number, status, laps, time, gap, gap, "637", "1:35.605", "215.7", team, klass, "", ""]
    cells += [vehicle, "M", "1", "2", "3", "4", "5", "6", "", "7", "", ""]
    for first, second, country, rating in drivers:
        cells += [first, second, rating, "", country, "", "1", "2", rating, "", ""]
    return cells


def csv_bytes(header: list[str], rows: list[list[str]], *, delimiter=";", bom=True, trailing=True, crlf=False) -> bytes:
    """A file as Al Kamel writes one: a byte-order mark, `;`, a delimiter at the end of every line."""
    end = delimiter if trailing else ""
    newline = "\r\n" if crlf else "\n"
    text = newline.join(delimiter.join(cells) + end for cells in [header, *rows]) + newline
    return ("\ufeff" if bom else "").encode() + text.encode()


def imsa_event(name="Rolex 24 At Daytona", year=2024):
    """An event of the IMSA series with its four classes, as the archive holds them."""
    series = SeriesFactory(name=IMSA)
    for order, (code, label) in enumerate(IMSA_CLASSES, start=1):
        CarClassFactory(series=series, code=code, name=label, order=order)
    return EventFactory(name=name, season__series=series, season__year=year, year=year)


PORSCHE_CREW = (
    ("Dane", "Cameron", "USA", "Platinum"),
    ("Felipe", "Nasr", "BRA", "Platinum"),
    ("Matt", "Campbell", "AUS", "Platinum"),
    ("Josef", "Newgarden", "USA", "Platinum"),
)
CADILLAC_CREW = (
    ("Pipo", "Derani", "BRA", "Platinum"),
    ("Jack", "Aitken", "GBR", "Platinum"),
    ("Tom", "Blomqvist", "MCO", "Platinum"),
)


def small_imsa_race(**porsche) -> bytes:
    """Three cars of the IMSA race layout, the Porsche's cells changed by `porsche`."""
    return csv_bytes(
        imsa_header(),
        [
            imsa_car(1, "7", "GTP", "Porsche Penske Motorsports", "Porsche 963", PORSCHE_CREW, **porsche),
            imsa_car(
                2,
                "31",
                "GTP",
                "Whelen Engineering Cadillac Racing",
                "Cadillac V-Series.R",
                CADILLAC_CREW,
                time="23:58:26.835",
                gap="+2.112",
            ),
            imsa_car(
                3,
                "57",
                "GTD",
                "Winward Racing",
                "Mercedes AMG GT3",
                (("Russell", "Ward", "USA", "Silver"),),
                laps="731",
                gap="60 Laps",
            ),
        ],
    )
