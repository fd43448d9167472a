"""The archive's names, numbers and spans of years in plain words, for pages and CSV files alike."""

from django_countries.fields import Country

ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def ordinal(n: int) -> str:
    """first ... ninth, then 10th, 11th, 19th, 22nd, 100th: as a journalist writes them."""
    if n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def possessive(name: str) -> str:
    """ "Porsche's", "Era Motorsports'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def names_list(names) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def year_span(first: int, last: int) -> str:
    """ "2003", or "1966–1970" from the first year to the last."""
    return str(first) if first == last else f"{first}–{last}"


def year_spans(years) -> str:
    """Years in order, runs of consecutive years as spans: "1966, 1968–1970, 1990"."""
    years = list(years)
    spans, start = [], None
    for index, year in enumerate(years):
        if start is None:
            start = year
        if index + 1 == len(years) or years[index + 1] != year + 1:
            spans.append(year_span(start, year))
            start = None
    return ", ".join(spans)


def at_race(race) -> str:
    """ "at the 24 Hours of Daytona", "at Petit Le Mans": a name that starts with a number takes "the"."""
    return f"at the {race.name}" if race.name[:1].isdigit() else f"at {race.name}"


def in_series(series) -> str:
    """ "in the FIA WEC": a short name that is a phrase reads well; a lone acronym does not ("in the IMSA")."""
    short = series.short_name
    return f"in the {short if ' ' in short else series.name}"


def crew_names(entry, *, leaving_out=None) -> str:
    """A car's crew in the entry's order: "Felipe Nasr; Dane Cameron" (the crew prefetched)."""
    return "; ".join(str(member.driver) for member in entry.crew.all() if member.driver_id != leaving_out)


def subject_name(subject) -> str:
    """A driver's or car's full name ("March 83G-Porsche"), a country's name, or the name."""
    if isinstance(subject, Country):
        return subject.name
    return getattr(subject, "full_name", None) or str(subject)


def event_words(event) -> str:
    """ "1968 24 Hours of Daytona": the year and the event as named that year."""
    return f"{event.year} {event.name}"


def run_words(run) -> str:
    """A run and its years: "3 (2001–2003)"; "" for none."""
    if run is None:
        return ""
    return f"{run.length} ({year_span(run.first.year, run.last.year)})"
