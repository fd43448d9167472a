"""The coverage sentence: what a page's totals are counted over, in the same words on every page."""

from django.utils.safestring import SafeString

from results.display.times import format_time
from results.display.words import year_spans
from results.stats.coverage import LEVELS, Coverage
from results.stats.records.rules import FromLaps, What, counted


def races(n: int) -> str:
    return f"{n} race" if n == 1 else f"{n} races"


def sentence(coverage: Coverage, what: What | FromLaps | None = None) -> str:
    """ "Starts, class podiums and laps count the 14 races with full results; 4 races hold only
    the winners, and count for wins and poles alone." Empty when there is no race to count over.
    Of a count from the lap files (`what`), the races whose laps the archive holds."""
    if coverage.races == 0:
        return ""
    if what is not None and counted(what) in FromLaps:
        return _lap_sentence(coverage)
    if coverage.whole:
        return f"Every count here is over the full results of {races(coverage.complete)}."
    if coverage.complete:
        said = f"Starts, class podiums and laps count the {races(coverage.complete)} with full results"
        if coverage.top:
            said += f", podiums also the {coverage.top} with only the first places"
    else:
        said = "No race here has full results, so starts, class podiums and laps are not counted"
        if coverage.top:
            said += f"; podiums count the {races(coverage.top)} with only the first places"
        else:
            said += ", nor podiums"
    lesser = [(n, what) for n, what in ((coverage.winners, "the winners"), (coverage.partial, "some cars")) if n]
    if lesser:
        (n, what), *more = lesser
        hold = "holds" if n == 1 else "hold"
        said += f"; {races(n)} {hold} only {what}" + "".join(f" and {races(m)} only {w}" for m, w in more)
        verb = "counts" if coverage.winners + coverage.partial == 1 else "count"
        said += f", and {verb} for wins and poles alone"
    return said + "."


def _lap_sentence(coverage: Coverage) -> str:
    """ "Laps led, fastest laps and drive time count the 1 race whose every lap the archive
    holds, from its official lap file; the other 66 are not counted." """
    if coverage.with_laps in (0, coverage.races):
        return "" if coverage.with_laps == 0 else f"The archive holds every lap of the {races(coverage.races)} here."
    others = coverage.races - coverage.with_laps
    whose = (
        "whose every lap the archive holds, from its official lap file"
        if coverage.with_laps == 1
        else ("whose every lap the archive holds, from their official lap files")
    )
    rest = "the other race is not counted" if others == 1 else f"the other {others} are not counted"
    return f"Laps led, fastest laps and drive time count the {races(coverage.with_laps)} {whose}; {rest}."


# What a count needs of a race's classification, in words.
_NEEDS = {
    What.STARTS: "full results",
    What.PODIUMS: "the first places",
    What.CLASS_PODIUMS: "full results",
    **dict.fromkeys(FromLaps, "the lap file"),
}


def counted_over(coverage: Coverage, what: What) -> str:
    """Beside a count taken over fewer races than the page holds: "in 14 of 18 races" (the
    page's sentence says which); "" where it is taken over all of them, or over none."""
    over = coverage.over(what)
    if over in (0, coverage.races):
        return ""
    return f"in {over} of {races(coverage.races)}"


def totals_cells(row) -> SafeString:
    """A totals row's counts (stats.records.totals.TotalsRow with its coverage) as table cells:
    starts, wins, podiums, poles, class wins, class podiums, class poles. A count its races
    cannot support reads "–"; one taken over fewer of them says over how many. Drawn here, not
    in a template: a make's page holds a row a series and a row a class."""
    coverage = row.coverage

    def checked(what: What, value, counts: bool, lacking: str) -> str:
        if not counts:
            return f'<span title="Not counted: none of these races has {lacking}">–</span>'
        over = counted_over(coverage, what)
        return f'{value} <small class="counted-over">{over}</small>' if over else f"{value}"

    cells = (
        checked(What.STARTS, row.starts, coverage.counts_starts, "full results"),
        row.wins,
        checked(What.PODIUMS, row.podiums, coverage.counts_podiums, "its first places"),
        row.poles,
        row.class_wins,
        checked(What.CLASS_PODIUMS, row.class_podiums, coverage.counts_class_podiums, "full results"),
        row.class_poles,
    )
    return SafeString("\n".join(f'<td class="num">{cell}</td>' for cell in cells))


def not_counted(coverage: Coverage, what: What | FromLaps) -> str:
    """Why `what` is not counted here at all ("" when it is): no race holds what it needs."""
    what = counted(what)
    if coverage.counts(what):
        return ""
    every = "the race" if coverage.races == 1 else f"any of the {races(coverage.races)}"
    are = "is" if what == FromLaps.DRIVE_TIME else "are"
    return f"{what.label} {are} not counted here: the archive does not hold {_NEEDS[what]} of {every}."


def race_lines(rows) -> list[tuple[object, list[tuple[str, str]]]]:
    """Each race of the coverage map with its levels as spans of years: ("Winners only", "1966–1973, 1975–2023")."""
    return [
        (row.race, [(label, year_spans(row.years[level])) for level, label in LEVELS if level in row.years])
        for row in rows
    ]


# What a session's page says of a classification less than complete (Session.completeness).
_SESSION_NOTES = {
    "top": ("First places only", "the archive holds the leading cars of this classification, not every car."),
    "winners": ("Winners only", "the archive holds the winners of this session, overall and in class, and no other."),
    "partial": ("Partial classification", "only the cars named in the source are listed."),
}


def session_note(session) -> tuple[str, str] | None:
    """(heading, sentence) for a session whose classification lacks cars, or None when complete."""
    return _SESSION_NOTES.get(session.completeness)


def nationality_note(what: What, unknown: int, credited: int) -> str:
    """What a ranking by nationality leaves out: "120 of the 150 overall wins credited to
    drivers here went to drivers whose nationality the archive does not hold: they count for no country." """
    if not unknown:
        return ""
    what = counted(what)
    label = what.label.lower()
    if what == FromLaps.DRIVE_TIME:
        unknown, credited = format_time(unknown), format_time(credited)
    went = "went to a driver" if unknown == 1 else "went to drivers"
    return (
        f"{unknown} of the {credited} {label} credited to drivers here {went} whose nationality the archive "
        "does not hold: they count for no country. Only a nationality stated for a driver counts, never the "
        "country of residence a timing file gives."
    )
