"""Milestones in words, as a journalist would cite them:

    Porsche's 19th overall win at the 24 Hours of Daytona, a record, and its first since 2003
    the first win at the 24 Hours of Daytona for the Porsche 963
    BMW's first class win in the FIA WEC in the archive
    Laurin Heinrich's first GTD Pro pole of the season
    the 100th race of the series at Watkins Glen

stats.milestones finds what is true (the claims); this module words each one from the
patterns below and the names it carries, and numbers the notes on what the archive lacks.
"""

from dataclasses import dataclass

from results.display.words import at_race, in_series, names_list, ordinal, possessive, year_spans
from results.models import Race, Series
from results.stats.milestones.claims import (
    CLASS_WINS,
    EQUALS_RECORD,
    FIRST_FOR,
    FIRST_IN_ARCHIVE,
    FIRST_SINCE,
    NTH,
    NTH_RACE,
    POLES,
    RECORD,
    WINS,
    EventMilestones,
    Lack,
    Milestone,
    OrderUnknown,
    ResultMilestones,
    RoundsMissing,
    SeasonsMissing,
    SessionMilestones,
)
from results.stats.records.rules import Who

# The sentence patterns. {owner} is a possessive ("Porsche's", "Era Motorsports'"), {names} a list.
PATTERNS = {
    NTH: "{owner} {nth} {what} {where}",
    FIRST_FOR: "the first {what} {where} for {names}",
    FIRST_IN_ARCHIVE: "{owner} first {what} {where} in the archive",
    FIRST_SINCE: "{owner} first {what} {where} since {year}",
    NTH_RACE: "the {nth} race of the series at {circuit}",
}
RECORD_WORDS = {RECORD: "a record", EQUALS_RECORD: "equalling the record"}
SINCE_WORDS, IN_A_ROW_WORDS = "its first since {year}", "its {nth} in a row"

WHAT_WORDS = {WINS: "overall win", CLASS_WINS: "class win"}
# The car-model and driver "first" reads "the first win at ..." for an overall win.
FIRST_FOR_WORDS = {WINS: "win", CLASS_WINS: "class win"}
NEED_WORDS = {"overall": "the overall winner", "class": "the complete class results", "races": "the races"}


@dataclass(frozen=True)
class WordedMilestone:
    """A milestone as the page shows it: its sentence, its link, and its note's number."""

    text: str
    complete: bool
    link: str = ""
    note: str = ""
    footnote: int | None = None


def worded(found: EventMilestones) -> EventMilestones:
    """The event's milestones with every claim worded and its notes numbered once each, in order."""
    notes: list[str] = []
    # A team named as a driver ("Jean-Pierre Wimille", his own entrant) whose driver has
    # milestones on the page too: its own say so, or "his first win" and "his second"
    # read as one claim contradicting the other.
    drivers = {
        name
        for session in found.sessions
        for result in session.results
        for m in result.milestones
        if m.who == Who.DRIVER
        for name in (m.name, *m.names)
    }

    def word(milestone: Milestone) -> WordedMilestone:
        note = lack_note(milestone.lack) if milestone.lack else ""
        footnote = None
        if note:
            if note not in notes:
                notes.append(note)
            footnote = notes.index(note) + 1
        as_entrant = milestone.who == Who.TEAM and milestone.name in drivers
        return WordedMilestone(
            sentence(milestone, as_entrant=as_entrant), milestone.complete, milestone.link, note, footnote
        )

    sessions = []
    for session in found.sessions:
        own = [word(m) for m in session.milestones]
        results = [ResultMilestones(r.result, r.label, [word(m) for m in r.milestones]) for r in session.results]
        sessions.append(SessionMilestones(session.session, results=results, milestones=own))
    return EventMilestones(sessions=sessions, notes=notes)


def sentence(milestone: Milestone, *, as_entrant: bool = False) -> str:
    """The claim as a journalist would write it (without the capital a page starts it with);
    `as_entrant` names a team's claim as the entrant's ("... overall win as an entrant ...")."""
    if milestone.claim == NTH_RACE:
        return PATTERNS[NTH_RACE].format(nth=ordinal(milestone.count), circuit=milestone.scope.name)
    where = _where(milestone.scope)
    if milestone.claim == FIRST_FOR:
        names = [_name(milestone.who, name) for name in milestone.names]
        what = FIRST_FOR_WORDS[milestone.what]
        return PATTERNS[FIRST_FOR].format(what=what, where=where, names=names_list(names))
    text = PATTERNS[milestone.claim].format(
        owner=possessive(_name(milestone.who, milestone.name)),
        nth=ordinal(milestone.count) if milestone.count else "",
        what=_what(milestone) + (" as an entrant" if as_entrant else ""),
        where=where,
        year=milestone.since,
    )
    if milestone.claim != NTH:
        return text
    qualifiers = []
    if milestone.record:
        qualifiers.append(RECORD_WORDS[milestone.record])
    if milestone.since is not None:
        qualifiers.append(SINCE_WORDS.format(year=milestone.since))
    if milestone.in_a_row:
        qualifiers.append(IN_A_ROW_WORDS.format(nth=ordinal(milestone.in_a_row)))
    return with_qualifiers(text, qualifiers)


def with_qualifiers(base: str, qualifiers: list[str]) -> str:
    """ "X, a record, and its first since 2003"."""
    if not qualifiers:
        return base
    if len(qualifiers) == 1:
        return f"{base}, {qualifiers[0]}"
    return f"{base}, {', '.join(qualifiers[:-1])}, and {qualifiers[-1]}"


def lack_note(lack: Lack) -> str:
    """What the archive lacks, as a note under the claims it limits."""
    scope, need = lack.scope, NEED_WORDS[lack.need]
    if isinstance(scope, Race):
        if lack.holes is None:
            return f"The archive does not know when the {scope.name} was first held."
        return f"The archive lacks {need} of the {scope.name} of {year_spans(lack.holes)}."
    if lack.holes is None:
        return f"The archive does not know the first season of the {scope.name}."
    return f"The archive lacks {need} of the {scope.name} in {'; '.join(_hole(hole) for hole in lack.holes)}."


def _hole(hole) -> str:
    if isinstance(hole, SeasonsMissing):
        return year_spans(hole.years)
    if isinstance(hole, RoundsMissing):
        return f"{hole.year} (round{'s' if len(hole.rounds) > 1 else ''} {', '.join(map(str, hole.rounds))})"
    if isinstance(hole, OrderUnknown):
        return f"the order of {hole.year}'s rounds"
    raise TypeError(f"not a hole of a series: {hole!r}")


def _where(scope) -> str:
    if isinstance(scope, Race):
        return at_race(scope)
    if isinstance(scope, Series):
        return in_series(scope)
    return "of the season"


def _what(milestone: Milestone) -> str:
    if milestone.what in WHAT_WORDS:
        return WHAT_WORDS[milestone.what]
    return "pole" if milestone.what == POLES else f"{milestone.car_class} pole"


def _name(who: Who, name: str) -> str:
    # A car model is "the Porsche 963": "the Porsche 963's second overall win".
    return f"the {name}" if who == Who.CAR else name
