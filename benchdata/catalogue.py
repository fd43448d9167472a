"""The fixed facts a generated archive is drawn from: circuits, series, races, makes, names.

Circuits, time zones and lap lengths are real so that pages show real places in their
local time; series, sponsors, teams and drivers are made up so that nobody mistakes a
generated archive for history.
"""

from dataclasses import dataclass

END_YEAR = 2024
# Motor racing archives rarely reach further back than this.
FIRST_POSSIBLE_YEAR = 1920


@dataclass(frozen=True)
class CircuitSpec:
    key: str
    name: str
    place: str
    country: str
    time_zone: str
    length_m: int
    turns: int
    # A prototype's lap today, in seconds: the scale every class's lap times come from.
    lap_s: float


CIRCUITS = [
    CircuitSpec("daytona", "Daytona International Speedway", "Daytona Beach", "US", "America/New_York", 5729, 12, 95),
    CircuitSpec("sebring", "Sebring International Raceway", "Sebring", "US", "America/New_York", 6019, 17, 107),
    CircuitSpec("longbeach", "Long Beach Street Circuit", "Long Beach", "US", "America/Los_Angeles", 3167, 11, 70),
    CircuitSpec("laguna", "WeatherTech Raceway Laguna Seca", "Monterey", "US", "America/Los_Angeles", 3602, 11, 78),
    CircuitSpec("glen", "Watkins Glen International", "Watkins Glen", "US", "America/New_York", 5472, 11, 93),
    CircuitSpec("mosport", "Canadian Tire Motorsport Park", "Bowmanville", "CA", "America/Toronto", 3957, 10, 68),
    CircuitSpec("limerock", "Lime Rock Park", "Lakeville", "US", "America/New_York", 2462, 7, 50),
    CircuitSpec("elkhart", "Road America", "Elkhart Lake", "US", "America/Chicago", 6515, 14, 112),
    CircuitSpec("vir", "Virginia International Raceway", "Alton", "US", "America/New_York", 5263, 17, 100),
    CircuitSpec("atlanta", "Michelin Raceway Road Atlanta", "Braselton", "US", "America/New_York", 4088, 12, 70),
    CircuitSpec(
        "indy", "Indianapolis Motor Speedway", "Indianapolis", "US", "America/Indiana/Indianapolis", 3925, 14, 76
    ),
    CircuitSpec("midohio", "Mid-Ohio Sports Car Course", "Lexington", "US", "America/New_York", 3634, 13, 73),
    CircuitSpec("detroit", "Detroit Street Circuit", "Detroit", "US", "America/Detroit", 2655, 9, 80),
    CircuitSpec("cota", "Circuit of the Americas", "Austin", "US", "America/Chicago", 5513, 20, 106),
    CircuitSpec("riverside", "Riverside International Raceway", "Riverside", "US", "America/Los_Angeles", 5150, 9, 80),
    CircuitSpec("sonoma", "Sonoma Raceway", "Sonoma", "US", "America/Los_Angeles", 4056, 12, 82),
    CircuitSpec("portland", "Portland International Raceway", "Portland", "US", "America/Los_Angeles", 3138, 12, 68),
    CircuitSpec("barber", "Barber Motorsports Park", "Birmingham", "US", "America/Chicago", 3830, 17, 78),
    CircuitSpec("mexico", "Autódromo Hermanos Rodríguez", "Mexico City", "MX", "America/Mexico_City", 4304, 17, 85),
    CircuitSpec("interlagos", "Autódromo José Carlos Pace", "São Paulo", "BR", "America/Sao_Paulo", 4309, 15, 82),
    CircuitSpec("lemans", "Circuit de la Sarthe", "Le Mans", "FR", "Europe/Paris", 13626, 38, 205),
    CircuitSpec("spa", "Circuit de Spa-Francorchamps", "Stavelot", "BE", "Europe/Brussels", 7004, 19, 124),
    CircuitSpec("monza", "Autodromo Nazionale Monza", "Monza", "IT", "Europe/Rome", 5793, 11, 96),
    CircuitSpec("imola", "Autodromo Enzo e Dino Ferrari", "Imola", "IT", "Europe/Rome", 4909, 19, 92),
    CircuitSpec("silverstone", "Silverstone Circuit", "Silverstone", "GB", "Europe/London", 5891, 18, 101),
    CircuitSpec("brands", "Brands Hatch", "West Kingsdown", "GB", "Europe/London", 3908, 9, 82),
    CircuitSpec("nurburgring", "Nürburgring", "Nürburg", "DE", "Europe/Berlin", 5148, 15, 110),
    CircuitSpec("hockenheim", "Hockenheimring", "Hockenheim", "DE", "Europe/Berlin", 4574, 17, 88),
    CircuitSpec("barcelona", "Circuit de Barcelona-Catalunya", "Montmeló", "ES", "Europe/Madrid", 4657, 14, 93),
    CircuitSpec("redbullring", "Red Bull Ring", "Spielberg", "AT", "Europe/Vienna", 4318, 10, 84),
    CircuitSpec("ricard", "Circuit Paul Ricard", "Le Castellet", "FR", "Europe/Paris", 5842, 15, 105),
    CircuitSpec("portimao", "Autódromo Internacional do Algarve", "Portimão", "PT", "Europe/Lisbon", 4653, 15, 92),
    CircuitSpec("zandvoort", "Circuit Zandvoort", "Zandvoort", "NL", "Europe/Amsterdam", 4259, 14, 85),
    CircuitSpec("fuji", "Fuji Speedway", "Oyama", "JP", "Asia/Tokyo", 4563, 16, 90),
    CircuitSpec("suzuka", "Suzuka Circuit", "Suzuka", "JP", "Asia/Tokyo", 5807, 18, 115),
    CircuitSpec("sepang", "Sepang International Circuit", "Sepang", "MY", "Asia/Kuala_Lumpur", 5543, 15, 110),
    CircuitSpec("shanghai", "Shanghai International Circuit", "Shanghai", "CN", "Asia/Shanghai", 5451, 16, 105),
    CircuitSpec("bahrain", "Bahrain International Circuit", "Sakhir", "BH", "Asia/Bahrain", 5412, 15, 108),
    CircuitSpec("lusail", "Lusail International Circuit", "Lusail", "QA", "Asia/Qatar", 5419, 16, 100),
    CircuitSpec("bathurst", "Mount Panorama Circuit", "Bathurst", "AU", "Australia/Sydney", 6213, 23, 125),
    CircuitSpec("kyalami", "Kyalami Grand Prix Circuit", "Midrand", "ZA", "Africa/Johannesburg", 4529, 16, 95),
]
CIRCUITS_BY_KEY = {c.key: c for c in CIRCUITS}


@dataclass(frozen=True)
class ClassSpec:
    code: str
    name: str
    colour: str
    kind: str  # which cars race in it: proto, proto2, proto3, gt, gt4, touring, cup, roadster
    pace: float  # lap time relative to the fastest prototype of its year
    first: int
    last: int = END_YEAR
    weight: int = 10  # its share of a grid
    revived: int = 0  # raced again from this year on, under the same code

    def active(self, year: int) -> bool:
        return self.first <= year <= self.last or 0 < self.revived <= year


@dataclass(frozen=True)
class SeriesSpec:
    key: str
    name: str
    short_name: str
    first: int
    classes: tuple[ClassSpec, ...]
    venues: tuple[str, ...]
    events: tuple[int, int]  # events in a season, fewest and most
    cars: tuple[int, int]  # cars in a season's entry list
    race_minutes: int  # the length of an ordinary round
    crew: tuple[int, int]  # drivers sharing a car
    races_per_event: int = 1
    # Sessions of several classes are qualified in groups of these kinds from this year.
    split_qualifying: tuple[tuple[str, ...], ...] = ()
    split_qualifying_from: int = END_YEAR + 1
    # ACO rules leave retired cars and cars short of 70% of the winner's laps unplaced;
    # IMSA places every car that took the start, retired ones after the finishers.
    aco_rules: bool = False
    make: str = ""  # a one-make series
    last: int = END_YEAR
    round_names: tuple[str, ...] = ("Grand Prix",)

    def active_classes(self, year: int) -> list[ClassSpec]:
        return [c for c in self.classes if c.active(year)]


def _c(code, name, colour, kind, pace, first, last=END_YEAR, weight=10, revived=0):
    return ClassSpec(code, name, colour, kind, pace, first, last, weight, revived)


US_VENUES = (
    "daytona", "sebring", "longbeach", "laguna", "glen", "mosport", "limerock", "elkhart", "vir", "atlanta",
    "indy", "midohio", "detroit", "cota", "sonoma", "portland", "barber", "riverside", "mexico",
)  # fmt: skip
EU_VENUES = (
    "lemans", "spa", "monza", "imola", "silverstone", "brands", "nurburgring", "hockenheim", "barcelona",
    "redbullring", "ricard", "portimao", "zandvoort",
)  # fmt: skip
WORLD_VENUES = EU_VENUES + ("fuji", "suzuka", "sepang", "shanghai", "bahrain", "lusail", "interlagos", "kyalami")
ASIA_VENUES = ("fuji", "suzuka", "sepang", "shanghai", "bathurst", "bahrain", "lusail")

SERIES = [
    SeriesSpec(
        "naec",
        "North American Endurance Championship",
        "NAEC",
        1969,
        (
            _c("GTP", "GTP", "#1d4ed8", "proto", 1.00, 1969, 1998, 12, revived=2023),
            _c("P", "Prototype", "#1e40af", "proto", 1.00, 1999, 2016, 12),
            _c("DPI", "DPi", "#1e3a8a", "proto", 1.00, 2017, 2022, 10),
            _c("LMP2", "LMP2", "#2563eb", "proto2", 1.05, 2017, END_YEAR, 8),
            _c("PC", "Prototype Challenge", "#0891b2", "proto2", 1.08, 2010, 2016, 6),
            _c("GTO", "GTO", "#b91c1c", "gt", 1.10, 1969, 1997, 14),
            _c("GTLM", "GT Le Mans", "#dc2626", "gt", 1.09, 1998, 2021, 10),
            _c("GTDPRO", "GTD Pro", "#c2410c", "gt", 1.11, 2022, END_YEAR, 10),
            _c("GTU", "GTU", "#15803d", "gt", 1.15, 1969, 2013, 14),
            _c("GTD", "GTD", "#16a34a", "gt", 1.12, 2014, END_YEAR, 18),
        ),
        US_VENUES,
        (10, 12),
        (42, 60),
        160,
        (2, 3),
        split_qualifying=(("proto", "proto2"), ("gt",)),
        split_qualifying_from=2014,
        round_names=("Grand Prix", "Sports Car Classic", "Sprint", "Sports Car Showdown"),
    ),
    SeriesSpec(
        "wet",
        "World Endurance Trophy",
        "WET",
        1953,
        (
            _c("S", "Sports", "#7c3aed", "proto", 1.00, 1953, 1981, 12),
            _c("C1", "Group C1", "#6d28d9", "proto", 1.00, 1982, 1992, 12),
            _c("LMP1", "LMP1", "#5b21b6", "proto", 1.00, 1993, 2020, 10),
            _c("HYPERCAR", "Hypercar", "#4c1d95", "proto", 1.00, 2021, END_YEAR, 12),
            _c("C2", "Group C2", "#2563eb", "proto2", 1.07, 1982, 1992, 8),
            _c("LMP2", "LMP2", "#2563eb", "proto2", 1.06, 1993, 2023, 10),
            _c("GT", "GT", "#b45309", "gt", 1.12, 1953, 1981, 14),
            _c("LMGTEPRO", "LMGTE Pro", "#c2410c", "gt", 1.11, 1993, 2022, 8),
            _c("LMGTEAM", "LMGTE Am", "#ea580c", "gt", 1.12, 1993, 2023, 10),
            _c("LMGT3", "LMGT3", "#16a34a", "gt", 1.13, 2024, END_YEAR, 12),
        ),
        WORLD_VENUES,
        (7, 10),
        (34, 50),
        360,
        (2, 3),
        aco_rules=True,
        round_names=("6 Hours", "1000 km", "4 Hours"),
    ),
    SeriesSpec(
        "tct",
        "Touring Car Trophy",
        "TCT",
        1962,
        (
            _c("TO", "Over 2 Litre", "#0f766e", "touring", 1.22, 1962, 1992, 10),
            _c("TU", "Under 2 Litre", "#65a30d", "touring", 1.28, 1962, 1992, 10),
            _c("TC", "Touring", "#0f766e", "touring", 1.22, 1993, END_YEAR, 10),
        ),
        US_VENUES,
        (10, 12),
        (28, 40),
        60,
        (1, 1),
        races_per_event=2,
        round_names=("Trophy", "Touring Car Race", "Sprint"),
    ),
    SeriesSpec(
        "cgtc",
        "Continental GT Challenge",
        "CGTC",
        1985,
        (
            _c("GS", "Grand Sport", "#9333ea", "gt4", 1.20, 1985, END_YEAR, 14),
            _c("ST", "Street Tuner", "#0d9488", "touring", 1.27, 1985, 2017, 10),
            _c("TCR", "TCR", "#0d9488", "touring", 1.26, 2018, END_YEAR, 10),
        ),
        US_VENUES,
        (9, 11),
        (30, 45),
        120,
        (2, 2),
        round_names=("120", "Challenge", "Sprint"),
    ),
    SeriesSpec(
        "ees",
        "European Endurance Series",
        "EES",
        1997,
        (
            _c("LMP2", "LMP2", "#2563eb", "proto2", 1.06, 1997, END_YEAR, 12),
            _c("LMP3", "LMP3", "#7c3aed", "proto3", 1.13, 2015, END_YEAR, 10),
            _c("GT2", "GT2", "#c2410c", "gt", 1.12, 1997, 2009, 10),
            _c("LMGTE", "LMGTE", "#ea580c", "gt", 1.12, 2010, 2023, 8),
            _c("LMGT3", "LMGT3", "#16a34a", "gt", 1.13, 2024, END_YEAR, 10),
        ),
        EU_VENUES,
        (6, 7),
        (36, 48),
        240,
        (2, 3),
        aco_rules=True,
        round_names=("4 Hours",),
    ),
    SeriesSpec(
        "gtse",
        "GT Sprint Cup Europe",
        "GTSE",
        1994,
        (
            _c("PRO", "Pro", "#111827", "gt", 1.11, 1994, END_YEAR, 12),
            _c("SILVER", "Silver Cup", "#6b7280", "gt", 1.12, 2005, END_YEAR, 8),
            _c("PROAM", "Pro-Am", "#b91c1c", "gt", 1.12, 1994, END_YEAR, 8),
            _c("BRONZE", "Bronze Cup", "#92400e", "gt", 1.13, 2011, END_YEAR, 6),
        ),
        EU_VENUES,
        (8, 10),
        (30, 44),
        60,
        (2, 2),
        races_per_event=2,
        round_names=("Sprint", "GT Weekend"),
    ),
    SeriesSpec(
        "ccna",
        "Coupe Cup North America",
        "CCNA",
        1996,
        (
            _c("PRO", "Pro", "#111827", "cup", 1.16, 1996, END_YEAR, 12),
            _c("PROAM", "Pro-Am", "#2563eb", "cup", 1.16, 1996, END_YEAR, 10),
            _c("MASTERS", "Masters", "#b45309", "cup", 1.17, 2008, END_YEAR, 6),
        ),
        US_VENUES,
        (7, 9),
        (26, 38),
        40,
        (1, 1),
        races_per_event=2,
        make="Porsche",
        round_names=("Cup", "Cup Weekend"),
    ),
    SeriesSpec(
        "rsc",
        "Roadster Spec Cup",
        "RSC",
        2006,
        # One class only: its cars carry no class, as in a one-make cup's timing sheets.
        (),
        US_VENUES,
        (6, 7),
        (40, 56),
        45,
        (1, 1),
        races_per_event=2,
        make="Mazda",
        round_names=("Roadster Round", "Spec Cup"),
    ),
    SeriesSpec(
        "ptc",
        "Prototype Trophy Challenge",
        "PTC",
        2006,
        (
            _c("LMP3", "LMP3", "#7c3aed", "proto3", 1.13, 2006, END_YEAR, 12),
            _c("GSX", "GSX", "#9333ea", "gt4", 1.20, 2006, END_YEAR, 10),
        ),
        US_VENUES,
        (6, 8),
        (28, 40),
        45,
        (1, 2),
        races_per_event=2,
        round_names=("Challenge", "Trophy"),
    ),
    SeriesSpec(
        "nscc",
        "National Sports Car Championship",
        "NSCC",
        1955,
        (
            _c("ASR", "A Sports Racing", "#7c2d12", "proto", 1.02, 1955, END_YEAR, 10),
            _c("BSR", "B Sports Racing", "#9a3412", "proto2", 1.07, 1955, END_YEAR, 8),
            _c("GT1", "GT-1", "#b91c1c", "gt", 1.10, 1955, END_YEAR, 12),
            _c("GT2", "GT-2", "#ca8a04", "gt", 1.14, 1955, END_YEAR, 10),
            _c("BP", "B Production", "#15803d", "touring", 1.22, 1955, END_YEAR, 10),
            _c("SPEC", "Spec Racer", "#0e7490", "touring", 1.30, 1970, END_YEAR, 8),
        ),
        US_VENUES,
        (12, 15),
        (36, 52),
        50,
        (1, 1),
        round_names=("National", "Nationals", "Sports Car Races", "Regional"),
    ),
    SeriesSpec(
        "uscc",
        "Unlimited Sports Car Cup",
        "USCC",
        1964,
        (
            _c("UNL", "Unlimited", "#1f2937", "proto", 0.98, 1964, 1987, 14),
            _c("U2L", "Under 2 Litre", "#6b7280", "proto2", 1.08, 1964, 1987, 8),
        ),
        US_VENUES,
        (8, 10),
        (24, 36),
        90,
        (1, 1),
        last=1987,
        round_names=("Cup", "Sports Car Cup"),
    ),
    SeriesSpec(
        "jgt",
        "Japan GT Championship",
        "JGT",
        1994,
        (
            _c("GT500", "GT500", "#b91c1c", "gt", 1.05, 1994, END_YEAR, 10),
            _c("GT300", "GT300", "#ca8a04", "gt", 1.12, 1994, END_YEAR, 16),
        ),
        ("fuji", "suzuka", "sepang", "shanghai", "lusail", "bathurst", "bahrain"),
        (7, 8),
        (40, 46),
        120,
        (2, 2),
        round_names=("300 km", "450 km", "GT Round"),
    ),
    SeriesSpec(
        "egec",
        "European GT Endurance Cup",
        "EGEC",
        2011,
        (
            _c("PRO", "Pro", "#111827", "gt", 1.11, 2011, END_YEAR, 12),
            _c("GOLD", "Gold Cup", "#ca8a04", "gt", 1.12, 2018, END_YEAR, 6),
            _c("SILVER", "Silver Cup", "#6b7280", "gt", 1.12, 2011, END_YEAR, 8),
            _c("PROAM", "Pro-Am", "#b91c1c", "gt", 1.12, 2011, END_YEAR, 8),
            _c("BRONZE", "Bronze Cup", "#92400e", "gt", 1.13, 2014, END_YEAR, 6),
        ),
        EU_VENUES,
        (5, 6),
        (48, 62),
        180,
        (3, 3),
        round_names=("3 Hours", "1000 km", "Endurance"),
    ),
    SeriesSpec(
        "bgt",
        "British GT Challenge",
        "BGT",
        1993,
        (
            _c("GT3", "GT3", "#dc2626", "gt", 1.11, 1993, END_YEAR, 14),
            _c("GT4", "GT4", "#2563eb", "gt4", 1.20, 2005, END_YEAR, 12),
        ),
        ("silverstone", "brands", "spa", "zandvoort", "hockenheim", "imola", "ricard", "redbullring"),
        (8, 9),
        (28, 40),
        60,
        (2, 2),
        races_per_event=2,
        round_names=("GT Weekend", "Sprint"),
    ),
    SeriesSpec(
        "sta",
        "Super Trofeo Americas",
        "STA",
        2013,
        (
            _c("PRO", "Pro", "#111827", "cup", 1.13, 2013, END_YEAR, 10),
            _c("PROAM", "Pro-Am", "#2563eb", "cup", 1.13, 2013, END_YEAR, 8),
            _c("AM", "Am", "#b45309", "cup", 1.14, 2013, END_YEAR, 8),
            _c("LBCUP", "LB Cup", "#4d7c0f", "cup", 1.15, 2015, END_YEAR, 6),
        ),
        US_VENUES,
        (6, 6),
        (24, 34),
        50,
        (1, 2),
        races_per_event=2,
        make="Lamborghini",
        round_names=("Super Trofeo", "Trofeo Weekend"),
    ),
    SeriesSpec(
        "rch",
        "Rosso Challenge North America",
        "RCH",
        1993,
        (
            _c("TP", "Trofeo Pirelli", "#dc2626", "cup", 1.18, 1993, END_YEAR, 10),
            _c("TPAM", "Trofeo Pirelli Am", "#f87171", "cup", 1.19, 2005, END_YEAR, 8),
            _c("CS", "Coppa Shell", "#facc15", "cup", 1.20, 1993, END_YEAR, 10),
        ),
        US_VENUES,
        (7, 8),
        (28, 44),
        35,
        (1, 1),
        races_per_event=2,
        make="Ferrari",
        round_names=("Challenge", "Challenge Weekend"),
    ),
    SeriesSpec(
        "tcs",
        "Trans-Continental Series",
        "TCS",
        1966,
        (
            _c("O2", "Over 2 Litre", "#b91c1c", "touring", 1.18, 1966, 1979, 12),
            _c("U2", "Under 2 Litre", "#2563eb", "touring", 1.26, 1966, 1979, 10),
            _c("TA", "TA", "#b91c1c", "gt", 1.10, 1980, END_YEAR, 12),
            _c("TA2", "TA2", "#2563eb", "touring", 1.18, 2011, END_YEAR, 14),
            _c("GT", "GT", "#ca8a04", "gt4", 1.20, 1980, END_YEAR, 10),
        ),
        US_VENUES,
        (10, 12),
        (30, 44),
        100,
        (1, 1),
        round_names=("Trans-Continental", "Road Race", "100"),
    ),
    SeriesSpec(
        "lmc",
        "Le Mans Cup Europe",
        "LMC",
        2016,
        (
            _c("LMP3", "LMP3", "#7c3aed", "proto3", 1.13, 2016, END_YEAR, 14),
            _c("GT3", "GT3", "#16a34a", "gt", 1.13, 2016, END_YEAR, 10),
        ),
        EU_VENUES,
        (6, 7),
        (34, 46),
        120,
        (2, 2),
        races_per_event=2,
        round_names=("Road to Le Mans", "2 Hours"),
    ),
    SeriesSpec(
        "agc",
        "Asia GT Championship",
        "AGC",
        1998,
        (
            _c("GTA", "GT-A", "#dc2626", "gt", 1.10, 1998, END_YEAR, 12),
            _c("GTB", "GT-B", "#2563eb", "gt4", 1.18, 1998, END_YEAR, 14),
        ),
        ASIA_VENUES,
        (7, 8),
        (30, 44),
        180,
        (2, 3),
        round_names=("GT 300 km", "GT 500 km", "GT Race"),
    ),
]
# Regional championships and club racing: the long tail of sports-car racing. They join
# the calendar only for an archive larger than the series above can hold (plan_archive),
# so a smaller archive stays as it was and figures measured on it still compare.
REGIONAL_SERIES = [
    SeriesSpec(
        "ecsc",
        "European Club Sports Car Championship",
        "ECSC",
        1956,
        (
            _c("SR", "Sports Racing", "#1e3a8a", "proto", 1.05, 1956, END_YEAR, 10),
            _c("GTC", "GT Cup", "#b91c1c", "gt", 1.13, 1956, END_YEAR, 12),
            _c("PROD", "Production", "#15803d", "touring", 1.22, 1956, END_YEAR, 12),
        ),
        EU_VENUES,
        (10, 12),
        (36, 50),
        40,
        (1, 1),
        races_per_event=2,
        round_names=("Club Races", "Sports Car Weekend", "Trophy"),
    ),
    SeriesSpec(
        "pscr",
        "Pacific Sports Car Races",
        "PSCR",
        1955,
        (
            _c("MOD", "Modified", "#7c2d12", "proto", 1.04, 1955, END_YEAR, 10),
            _c("GTP", "Grand Touring", "#ca8a04", "gt", 1.12, 1955, END_YEAR, 12),
            _c("SP", "Stock Production", "#0e7490", "touring", 1.23, 1955, END_YEAR, 12),
        ),
        US_VENUES,
        (10, 14),
        (34, 48),
        45,
        (1, 1),
        races_per_event=2,
        round_names=("Road Races", "Sports Car Races", "Regional"),
    ),
    SeriesSpec(
        "ascc",
        "Australasian Sports Car Championship",
        "ASCC",
        1960,
        (
            _c("SC", "Sports Cars", "#065f46", "proto", 1.05, 1960, END_YEAR, 10),
            _c("GTA", "GT", "#b45309", "gt", 1.12, 1960, END_YEAR, 12),
            _c("TC", "Touring", "#1d4ed8", "touring", 1.21, 1960, END_YEAR, 10),
        ),
        ("bathurst", "sepang", "fuji", "suzuka", "shanghai"),
        (7, 9),
        (30, 44),
        60,
        (1, 2),
        races_per_event=2,
        round_names=("Sports Car Round", "Trophy Races", "Cup"),
    ),
    SeriesSpec(
        "saes",
        "South American Endurance Series",
        "SAES",
        1962,
        (
            _c("P", "Prototypes", "#4c1d95", "proto", 1.03, 1962, END_YEAR, 10),
            _c("GT", "GT", "#be123c", "gt", 1.11, 1962, END_YEAR, 12),
            _c("T", "Turismo", "#0f766e", "touring", 1.20, 1962, END_YEAR, 10),
        ),
        ("interlagos", "kyalami", "mexico", "cota", "daytona", "sebring"),
        (6, 8),
        (30, 42),
        240,
        (2, 3),
        round_names=("4 Hours", "500 km", "Endurance Race"),
    ),
    SeriesSpec(
        "cepc",
        "Central European Production Cup",
        "CEPC",
        1958,
        (
            _c("S", "Sport", "#9d174d", "proto2", 1.07, 1958, END_YEAR, 8),
            _c("G", "Gran Turismo", "#a16207", "gt", 1.13, 1958, END_YEAR, 12),
            _c("P", "Production", "#166534", "touring", 1.22, 1958, END_YEAR, 14),
        ),
        EU_VENUES,
        (10, 12),
        (36, 50),
        40,
        (1, 1),
        races_per_event=2,
        round_names=("Cup Races", "Production Weekend", "Cup"),
    ),
    SeriesSpec(
        "nagt",
        "North American GT Sprint Series",
        "NAGT",
        1966,
        (
            _c("GTO", "GT Over 2 Litre", "#991b1b", "gt", 1.10, 1966, END_YEAR, 12),
            _c("GTU", "GT Under 2 Litre", "#1e40af", "gt", 1.14, 1966, END_YEAR, 12),
            _c("TA", "Touring", "#3f6212", "touring", 1.21, 1966, END_YEAR, 10),
        ),
        US_VENUES,
        (10, 12),
        (30, 44),
        50,
        (1, 2),
        races_per_event=2,
        round_names=("GT Sprint", "Sprint Weekend", "GT Races"),
    ),
]


def _club_series(key: str, region: str, first: int, venues: tuple[str, ...]) -> SeriesSpec:
    """A regional club championship: three classes, short races, two a weekend, one driver a car."""
    return SeriesSpec(
        f"club-{key}",
        f"{region} Club Sports Car Championship",
        f"{key.upper()} Club",
        first,
        (
            _c("SR", "Sports Racing", "#334155", "proto2", 1.07, first, END_YEAR, 8),
            _c("GT", "GT", "#b91c1c", "gt", 1.13, first, END_YEAR, 12),
            _c("PR", "Production", "#15803d", "touring", 1.23, first, END_YEAR, 14),
        ),
        venues,
        (10, 12),
        (34, 48),
        35,
        (1, 1),
        races_per_event=2,
        round_names=("Club Races", "Club Weekend", "Sprint Races"),
    )


# The club championships of twelve regions, from their first seasons: with them the
# generator's calendar holds some 1.3 million results.
REGIONAL_SERIES += [
    _club_series(key, region, first, venues)
    for key, region, first, venues in (
        ("gb", "British", 1957, ("silverstone", "brands", "spa", "zandvoort")),
        ("fr", "French", 1959, ("lemans", "ricard", "spa", "barcelona")),
        ("de", "German", 1960, ("nurburgring", "hockenheim", "redbullring", "zandvoort")),
        ("it", "Italian", 1958, ("monza", "imola", "redbullring", "ricard")),
        ("es", "Iberian", 1965, ("barcelona", "portimao", "ricard", "lemans")),
        ("ne", "North-East American", 1958, ("limerock", "glen", "mosport", "vir")),
        ("mw", "Midwest American", 1960, ("elkhart", "midohio", "indy", "detroit")),
        ("we", "West Coast American", 1957, ("laguna", "sonoma", "portland", "riverside")),
        ("se", "South-East American", 1962, ("sebring", "daytona", "atlanta", "barber")),
        ("jp", "Japanese", 1966, ("fuji", "suzuka", "sepang", "shanghai")),
        ("au", "Australian", 1961, ("bathurst", "sepang", "fuji", "suzuka")),
        ("za", "Southern African", 1963, ("kyalami", "interlagos", "bahrain", "lusail")),
    )
]
ALL_SERIES = SERIES + REGIONAL_SERIES
SERIES_BY_KEY = {s.key: s for s in ALL_SERIES}


@dataclass(frozen=True)
class RaceSpec:
    """A recurring race, the series that ran it from a year on, and its day in the calendar."""

    key: str
    name: str
    circuit: str
    first: int
    owners: tuple[tuple[int, str], ...]  # (from year, series key); before the first, no series
    month: int
    day: int
    minutes: int

    def owner(self, year: int) -> str | None:
        owner = None
        for since, series in self.owners:
            if year >= since:
                owner = series
        return owner


RACES = [
    RaceSpec("daytona24", "24 Hours of Daytona", "daytona", 1962, ((1966, "wet"), (1972, "naec")), 1, 27, 1440),
    RaceSpec("sebring12", "12 Hours of Sebring", "sebring", 1952, ((1953, "wet"), (1981, "naec")), 3, 18, 720),
    RaceSpec("petit", "Petit Le Mans", "atlanta", 1998, ((1998, "naec"),), 10, 12, 600),
    RaceSpec("glen6", "6 Hours of Watkins Glen", "glen", 1968, ((1968, "wet"), (1982, "naec")), 6, 25, 360),
    RaceSpec("monterey", "Monterey Sports Car Championships", "laguna", 1974, ((1974, "naec"),), 5, 12, 160),
    RaceSpec("lbgp", "Long Beach Sports Car Grand Prix", "longbeach", 1975, ((1975, "naec"),), 4, 20, 100),
    RaceSpec("ra500", "Road America 500", "elkhart", 1956, ((1969, "naec"),), 8, 3, 240),
    RaceSpec("lemans24", "24 Hours of Le Mans", "lemans", 1923, ((1953, "wet"),), 6, 15, 1440),
    RaceSpec("spa1000", "1000 km of Spa", "spa", 1963, ((1963, "wet"),), 5, 6, 360),
    RaceSpec("monza1000", "1000 km of Monza", "monza", 1965, ((1965, "wet"),), 4, 22, 360),
    RaceSpec("fuji6", "6 Hours of Fuji", "fuji", 1982, ((1982, "wet"),), 9, 15, 360),
    RaceSpec("bahrain8", "8 Hours of Bahrain", "bahrain", 2012, ((2012, "wet"),), 11, 2, 480),
    RaceSpec("nring1000", "Nürburgring 1000 km", "nurburgring", 1953, ((1953, "wet"), (1997, "ees")), 7, 14, 360),
    RaceSpec("spa24", "24 Hours of Spa", "spa", 1924, ((1994, "gtse"),), 7, 28, 1440),
    RaceSpec("bathurst12", "12 Hours of Bathurst", "bathurst", 1991, ((1998, "agc"),), 2, 4, 720),
    RaceSpec("suzuka1000", "Suzuka 1000 km", "suzuka", 1966, ((1998, "agc"),), 8, 25, 360),
    RaceSpec("tt", "Tourist Trophy", "silverstone", 1950, ((1962, "tct"),), 9, 1, 180),
]


# Makes and what they built, by car kind and years. Constructors without their own engines
# list the engine makes they used: "March 83G-Porsche".
@dataclass(frozen=True)
class MakeSpec:
    name: str
    country: str
    kinds: tuple[tuple[str, int, int], ...]  # (kind, first year, last year)
    engines: tuple[str, ...] = ()


MAKES = [
    MakeSpec(
        "Porsche",
        "DE",
        (("proto", 1953, 1998), ("proto", 2014, 2024), ("gt", 1953, 2024), ("gt4", 2010, 2024), ("cup", 1990, 2024)),
    ),
    MakeSpec("Ferrari", "IT", (("proto", 1953, 1973), ("gt", 1953, 2024), ("proto", 2023, 2024), ("cup", 1993, 2024))),
    MakeSpec("Jaguar", "GB", (("proto", 1953, 1992), ("gt", 1953, 1975), ("touring", 1962, 1990))),
    MakeSpec("Aston Martin", "GB", (("proto", 1953, 1990), ("gt", 1953, 2024), ("gt4", 2010, 2024))),
    MakeSpec("Ford", "US", (("proto", 1964, 1972), ("gt", 1962, 2024), ("touring", 1962, 2024), ("gt4", 2015, 2024))),
    MakeSpec(
        "Chevrolet", "US", (("gt", 1955, 2024), ("proto", 2000, 2016), ("touring", 1962, 2000), ("gt4", 2010, 2024))
    ),
    MakeSpec("Alfa Romeo", "IT", (("proto", 1963, 1980), ("touring", 1962, 2024))),
    MakeSpec("Matra", "FR", (("proto", 1966, 1975),)),
    MakeSpec("Lancia", "IT", (("proto", 1953, 1986), ("touring", 1962, 1992))),
    MakeSpec(
        "Mercedes-AMG", "DE", (("proto", 1953, 1999), ("gt", 1953, 2024), ("gt4", 2010, 2024), ("touring", 1985, 2010))
    ),
    MakeSpec(
        "BMW",
        "DE",
        (
            ("proto", 1999, 2000),
            ("proto", 2023, 2024),
            ("gt", 1970, 2024),
            ("gt4", 2010, 2024),
            ("touring", 1962, 2024),
        ),
    ),
    MakeSpec(
        "Nissan", "JP", (("proto", 1985, 1999), ("proto", 2015, 2015), ("gt", 1985, 2024), ("touring", 1970, 2024))
    ),
    MakeSpec(
        "Toyota", "JP", (("proto", 1985, 1999), ("proto", 2012, 2024), ("gt", 1998, 2024), ("touring", 1965, 2024))
    ),
    MakeSpec(
        "Mazda",
        "JP",
        (
            ("proto", 1980, 1991),
            ("proto", 2014, 2021),
            ("gt", 1970, 2000),
            ("touring", 1970, 2024),
            ("roadster", 1990, 2024),
        ),
    ),
    MakeSpec(
        "Peugeot", "FR", (("proto", 1990, 1993), ("proto", 2007, 2011), ("proto", 2022, 2024), ("touring", 1980, 2024))
    ),
    MakeSpec("Audi", "DE", (("proto", 2000, 2016), ("gt", 2009, 2024), ("gt4", 2015, 2024), ("touring", 1990, 2024))),
    MakeSpec("Cadillac", "US", (("proto", 2000, 2002), ("proto", 2017, 2024), ("gt", 2004, 2012))),
    MakeSpec(
        "Acura", "US", (("proto", 2007, 2010), ("proto", 2018, 2024), ("gt", 2017, 2024), ("touring", 1990, 2024))
    ),
    MakeSpec("Lamborghini", "IT", (("gt", 1990, 2024), ("proto", 2024, 2024), ("cup", 2009, 2024))),
    MakeSpec("McLaren", "GB", (("gt", 1995, 2024), ("gt4", 2011, 2024))),
    MakeSpec("Lexus", "JP", (("gt", 2000, 2024),)),
    MakeSpec("Honda", "JP", (("touring", 1972, 2024), ("gt", 1995, 2010))),
    MakeSpec("Hyundai", "KR", (("touring", 1995, 2024),)),
    MakeSpec("Volkswagen", "DE", (("touring", 1975, 2024),)),
    MakeSpec("Renault", "FR", (("touring", 1970, 2010),)),
    MakeSpec("Dodge", "US", (("gt", 1995, 2017), ("touring", 1965, 1975))),
    MakeSpec("Saleen", "US", (("gt", 1995, 2010),)),
    MakeSpec("Alpine", "FR", (("proto", 1963, 1978), ("proto", 2021, 2024), ("gt4", 2018, 2024))),
    MakeSpec("Ginetta", "GB", (("gt4", 2008, 2024), ("proto3", 2015, 2024))),
    MakeSpec(
        "Lola",
        "GB",
        (("proto", 1965, 2011), ("proto2", 1975, 2011)),
        ("Chevrolet", "Ford", "Cosworth", "Judd", "Mazda"),
    ),
    MakeSpec("March", "GB", (("proto", 1982, 1988), ("proto2", 1982, 1990)), ("Porsche", "Chevrolet", "Buick", "BMW")),
    MakeSpec("Chevron", "GB", (("proto2", 1965, 1985),), ("Ford", "Cosworth", "BMW")),
    MakeSpec("Riley", "US", (("proto", 1990, 2014), ("proto2", 1999, 2018)), ("Ford", "BMW", "Chevrolet", "Porsche")),
    MakeSpec("Oreca", "FR", (("proto2", 1998, 2024),), ("Gibson", "Judd", "Nissan")),
    MakeSpec("Ligier", "FR", (("proto2", 2014, 2024), ("proto3", 2015, 2024)), ("Nissan", "Gibson", "Honda")),
    MakeSpec("Dallara", "IT", (("proto2", 2000, 2024),), ("Gibson", "Judd", "Cosworth")),
    MakeSpec("Norma", "FR", (("proto2", 2008, 2020), ("proto3", 2015, 2024)), ("Nissan", "Judd")),
    MakeSpec("Duqueine", "FR", (("proto3", 2016, 2024),), ("Nissan",)),
    # Engine makers only: they appear as a car's engine make.
    MakeSpec("Gibson", "GB", ()),
    MakeSpec("Cosworth", "GB", ()),
    MakeSpec("Judd", "GB", ()),
    MakeSpec("Buick", "US", ()),
]
MAKES_BY_NAME = {m.name: m for m in MAKES}

# How each kind of car names its models: a template per generation; {n} is a number.
MODEL_TEMPLATES = {
    "proto": ("{n}", "{n}C", "{n} LM", "{n} Evo", "{n} Hybrid", "{n}-P"),
    "proto2": ("{n}", "{n}B", "{n}P", "{n} LMP2", "{n}S"),
    "proto3": ("JS P{n}", "D{n}", "G{n} LMP3", "M{n}"),
    "gt": ("{n} GT", "{n} RSR", "{n} GTE", "{n} GT3", "{n} GT3 Evo", "{n} GT2", "{n} GTLM"),
    "gt4": ("{n} GT4", "{n} GT4 Evo", "{n} GTS"),
    "touring": ("{n} TC", "{n}i", "{n} Super Touring", "{n} TCR", "{n} TI"),
    "cup": ("{n} Cup", "{n} GT3 Cup", "{n} Carrera Cup"),
    "roadster": ("Roadster {n} Cup", "RX-{n} Cup", "Spider {n} Cup"),
}


def _words(names: str) -> list[str]:
    return names.split()


def _split(names: str) -> list[str]:
    """Names that may hold spaces ("van der Zande"), separated by commas."""
    return [name.strip() for name in names.split(",")]


# Given and family names by nationality: common names only, so that no generated driver
# passes for a real one; the accents and particles are those search must see through
# ("lefevre" finds "Lefèvre", "van der Berg" sorts under its family name).
NAMES = {
    "US": (
        _words(
            "James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew "
            "Anthony Mark Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ryan Jordan Tyler Cooper "
            "Connor Bryce Trent Scott Bill Parker Dane"
        ),
        _words(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson "
            "Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Hill Green Adams Baker "
            "Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris "
            "Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood "
            "Watson Brooks Bennett Gray James Hughes Price Sanders Myers Long Ross Foster McAllister O'Brien "
            "MacDonald McKenna O'Neill"
        ),
    ),
    "GB": (
        _words(
            "Oliver Harry Jack Charlie Thomas George Alfie Joshua James William Ben Tom Richard Derek Stuart "
            "Andy Jonny Sam Olly Callum Alex Darren Guy Nick Jamie"
        ),
        _words(
            "Smith Jones Taylor Brown Davies Evans Wilson Thomas Roberts Johnson Lewis Walker Robinson Wood "
            "Thompson White Watson Jackson Wright Green Harris Cooper King Lee Martin Clarke James Morgan Hughes "
            "Edwards Hill Moore Clark Harrison Scott Young Morris Hall Ward Turner Carter Phillips Mitchell "
            "Patel Adams Campbell Anderson Allen Cook Bailey Parker Miller Davis Bell Fletcher Ashworth Pemberton"
        ),
    ),
    "DE": (
        _words(
            "Lukas Leon Jonas Felix Maximilian Paul Jörg Jürgen Hans Klaus Uwe Stefan Marco Timo André Pierre "
            "Dirk Frank Christian Sven Mathias Wolfgang"
        ),
        _words(
            "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf "
            "Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause Lehmann "
            "Köhler Maier Böhm Jäger Groß Voß Weiß"
        ),
    ),
    "FR": (
        _words(
            "Sébastien Kévin Frédéric Jérôme Stéphane Nicolas Olivier Romain Julien Mathieu Franck Loïc Benoît "
            "Thomas Alexandre Emmanuel Tristan Jean-Éric Gaël Théo Jules"
        ),
        _words(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel "
            "Garcia David Bertrand Roux Vincent Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Dupré "
            "Ménard Bérard Fréchet Chevalier Gauthier Perrin Méndez Hébert"
        ),
    ),
    "IT": (
        _words(
            "Alessandro Giancarlo Andrea Marco Matteo Lorenzo Davide Antonio Giuseppe Alessio Mirko Nicola "
            "Raffaele Daniele Gianmaria Emilio"
        ),
        _split(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, "
            "Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, "
            "Santoro, Mariani, della Valle, di Stefano"
        ),
    ),
    "BR": (
        _words("Felipe João Pedro Lucas Gabriel Rafael Bruno Augusto Nelson Christian Daniel Rodrigo Tiago"),
        _words(
            "Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins "
            "Carvalho Araújo Barbosa Conceição Gonçalves"
        ),
    ),
    "NL": (
        _words("Renger Jeroen Robin Nicky Giedo Jan Kees Frits Rik Thijs Milan Maxime Bas Jaap"),
        _split(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, "
            "Mulder, de Groot, Bos, Vos, Peters, Hendriks, van der Meer, van der Berg, Dekker, van Leeuwen"
        ),
    ),
    "DK": (
        _words("Marco Michael Nicki Christina Kevin Jan Tom Kristian Frederik Mikkel Dennis"),
        _words(
            "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen Madsen "
            "Kristensen Poulsen Lind Møller"
        ),
    ),
    "JP": (
        _words("Kazuki Takuya Ryo Naoki Kenta Hiroshi Satoshi Shinji Yuji Kohei Sho Daisuke"),
        _words(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki "
            "Yamaguchi Matsumoto Inoue"
        ),
    ),
    "ES": (
        _words("Fernando Antonio Miguel Álvaro Marc Pedro Albert Roberto Lucas Dani Íñigo"),
        _split(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, "
            "Ruiz, Hernández, Díaz, Moreno, Molina, Muñoz, Álvarez, de la Cruz, Núñez"
        ),
    ),
    "PL": (
        _words("Łukasz Kuba Robert Jakub Mateusz Piotr"),
        _words("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak"),
    ),
    "AU": (
        _words("Matt Mark Craig Will Jamie Shane Scott Chaz Nick Cameron Lochie Broc"),
        _words("Campbell Kelly Murray Ryan Walsh Byrne Doyle Quinn Fraser Hayes Sullivan Barker"),
    ),
    "MX": (
        _words("Ricardo Esteban Sergio Benito Rodolfo Alejandro"),
        _words("Rodríguez González Gutiérrez Hernández Pérez Ramírez Flores Rojas Vázquez"),
    ),
}
# How often each nationality turns up among a grid's drivers.
NATIONALITY_WEIGHTS = {
    "US": 30, "GB": 14, "DE": 10, "FR": 9, "IT": 7, "BR": 5, "NL": 5, "DK": 3, "JP": 5, "ES": 4, "PL": 2,
    "AU": 4, "MX": 2,
}  # fmt: skip

TEAM_SUFFIXES = (
    "Racing", "Motorsport", "Motorsports", "Competition", "Competizione", "Racing Team", "Autosport",
    "Engineering", "Performance", "Racing Development", "Sport", "Corse",
)  # fmt: skip
SPONSORS = (
    "Northwind", "Halcyon", "Vantage Oil", "Caliber Watches", "Summit Tyres", "Orion Energy", "Bluewater",
    "Kestrel Insurance", "Ironbridge", "Solace Hotels", "Meridian", "Atlas Freight", "Cobalt Bank",
    "Redline Lubricants", "Pinnacle Air", "Harbor Freight Lines", "Granite Telecom", "Silverleaf",
)  # fmt: skip
RETIREMENT_REASONS = (
    "gearbox", "accident", "engine", "suspension", "electrics", "fuel pressure", "driveshaft", "overheating",
    "puncture", "collision damage", "hydraulics", "clutch", "oil leak", "brakes", "fire", "steering",
)  # fmt: skip
PENALTY_REASONS = (
    "time penalty: pit-lane speeding",
    "time penalty: minimum drive time not met",
    "time penalty: causing a collision",
    "time penalty: track limits",
    "time penalty: overtaking under full-course yellow",
)
DISQUALIFICATION_REASONS = (
    "technical infringement: ride height",
    "technical infringement: under weight",
    "technical infringement: fuel capacity",
    "technical infringement: skid block wear",
)
DID_NOT_START_REASONS = ("accident in practice", "engine", "withdrawn", "gearbox", "")
