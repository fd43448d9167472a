"""How a milestone reads: the sentence patterns and the words they are filled with."""

from results.stats.milestones.claims import CLASS_WINS, WINS

# The coverage rule in a paragraph, for the records page.
RULE = (
    "Milestones on race pages (“Porsche's 19th overall win at the 24 Hours of Daytona”) count what the "
    "archive holds up to that event; a later edition changes nothing they say. A “first”, an “Nth”, "
    "“a record” or “in a row” is said only where the archive holds every earlier edition the claim depends "
    "on: at a race, every year since it was first held, each either not held (a cancelled edition) or with "
    "its overall winner (for overall wins) or its complete classification (for class wins); in a series, "
    "every round of every season since its first, the number of rounds of each known; in a season, every "
    "earlier round's pole or complete qualifying. Elsewhere a race page says “first … in the archive”, "
    "or nothing."
)


# The sentence patterns. {owner} is a possessive ("Porsche's", "Era Motorsports'"), {names} a list.
NTH = "{owner} {nth} {what} {where}"


FIRST_FOR = "the first {what} {where} for {names}"


IN_ARCHIVE = "{owner} first {what} {where} in the archive"


SINCE = "{owner} first {what} {where} since {year}"


NTH_RACE = "the {nth} race of the series at {circuit}"


RECORD, EQUAL_RECORD = "a record", "equalling the record"


FIRST_SINCE, IN_A_ROW = "its first since {year}", "its {nth} in a row"


WHAT_WORDS = {WINS: "overall win", CLASS_WINS: "class win"}


# The car-model and driver "first" reads "the first win at ..." for an overall win.
FIRST_FOR_WORDS = {WINS: "win", CLASS_WINS: "class win"}


ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def ordinal(n: int) -> str:
    """first ... ninth, then 10th, 11th, 19th, 22nd, 100th."""
    if n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_round_number(n: int) -> bool:
    """The counts worth a sentence of their own: the 10th, 25th, 50th, 75th, 100th..."""
    return n == 10 or (n >= 25 and n % 25 == 0)


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def names_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def with_qualifiers(base: str, qualifiers: list[str]) -> str:
    """ "X, a record, and its first since 2003"."""
    if not qualifiers:
        return base
    if len(qualifiers) == 1:
        return f"{base}, {qualifiers[0]}"
    return f"{base}, {', '.join(qualifiers[:-1])}, and {qualifiers[-1]}"


def at_race(race) -> str:
    # "at the 24 Hours of Daytona", "at Petit Le Mans": a name that starts with a number takes "the".
    return f"at the {race.name}" if race.name[:1].isdigit() else f"at {race.name}"


def in_series(series) -> str:
    # A short name that is a phrase reads well ("in the FIA WEC"); a lone acronym does not ("in the IMSA").
    short = series.short_name
    return f"in the {short if ' ' in short else series.name}"
