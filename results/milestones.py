"""Milestones of an event: what its winners and pole sitters did for the first or the Nth
time, as a journalist would cite it.

    Porsche's 19th overall win at the 24 Hours of Daytona, a record, and its first since 2003
    the first win at the 24 Hours of Daytona for the Porsche 963
    Risi Competizione's first class win at the 24 Hours of Daytona
    BMW's first class win in the FIA WEC
    Laurin Heinrich's first GTD Pro pole of the season
    the 100th race of the series at Watkins Glen

**What is counted** is what results/records.py counts (DESIGN.md section 3): an overall
win, a class win, a pole, credited once per race (once per class of a race for class
wins) to the car's make (the chassis make), team, car model and every driver of its crew;
a pole to the driver who set it when the archive knows who did, else to the crew.

**As it stood at that event.** Every count runs over the editions, races and rounds up to
this one: earlier years, earlier rounds of the season, earlier races of the same event
(a cup weekend's race 1 before its race 2). A later edition changes nothing said here.

**Coverage.** A "first", an "Nth", "a record" or "in a row" is claimed only where the
archive holds every earlier edition the claim depends on, with the result it counts:

- *at a race* (Race): the race says the year of its first edition (`Race.first_year`),
  and every year from then to the year before this edition has an edition in the
  archive, either not held (an event of the race whose status is cancelled, like the
  24 Hours of Daytona of 1974) or held with, for overall wins, the overall winner of each
  of its races (a result at position 1), and for class wins, the complete classification
  of each of its races (`Session.completeness` complete). A year with no edition at all
  is a hole;
- *in a series*: the series says the year of its first season (`Series.first_year`);
  every season from then to the year before has its number of rounds (`Season.rounds`)
  and an event for each round 1..rounds, not held or held with what is counted (as
  above; for counting races, its race sessions); and this season holds every round
  before this event's (whose round must be known);
- *in a season* (poles): every round before this event's has an event that was not held,
  or whose pole in that class is known, or whose qualifying sessions are all complete.

"First since 2003" needs only the editions between 2003 and this one. Where coverage
fails, a subject with no earlier occurrence in the archive gets "first ... in the archive"
(makes and teams only), a drought that coverage spans still gets "first since", and
nothing else is said. A "first" is not said at the first edition of a race, the first
race of a series or the first round of a season, where every winner is a first.

Sentences come from the patterns below, filled with names from the database; nothing is
typed by hand. `for_event()` answers in at most eleven queries however long the history.
"""

import datetime
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from results import revision
from results.models import EntryDriver, Event, Result, Season, Session
from results.records import What, Who, counting_q, unit

# The counting rules' Q objects, built once: Django copies them whenever a query uses them,
# and building the pole rules' subqueries anew for every query cost more than running them.
rule = functools.cache(counting_q)

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

WINS, CLASS_WINS, POLES, CLASS_POLES = What.OVERALL_WINS, What.CLASS_WINS, What.POLES, What.CLASS_POLES
SUBJECTS = (Who.MAKE, Who.TEAM, Who.CAR, Who.DRIVER)

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


@dataclass
class Milestone:
    text: str
    complete: bool = True  # False for a claim limited to what the archive holds ("... in the archive")
    note: str = ""  # why the archive cannot say more
    link: str = ""  # the records explorer's ranking behind the count
    footnote: int | None = None  # the note's number among the event's notes


@dataclass
class EventMilestones:
    """An event's milestones by session, and the notes on what the archive lacks, numbered once each."""

    sessions: list
    notes: list[str] = field(default_factory=list)

    def __bool__(self):
        return bool(self.sessions)

    def __iter__(self):
        return iter(self.sessions)

    def __len__(self):
        return len(self.sessions)

    @property
    def limited_count(self) -> int:
        """How many claims are limited to what the archive holds ("... in the archive")."""
        return sum(len(r.limited) for session in self.sessions for r in session.results)

    @property
    def complete_count(self) -> int:
        return sum(len(s.milestones) + sum(len(r.complete) for r in s.results) for s in self.sessions)


def _numbered(sessions: list) -> EventMilestones:
    notes: list[str] = []
    for session in sessions:
        for item in [*session.milestones, *(m for r in session.results for m in r.milestones)]:
            if item.note:
                if item.note not in notes:
                    notes.append(item.note)
                item.footnote = notes.index(item.note) + 1
    return EventMilestones(sessions=sessions, notes=notes)


def records_link(what: What, who: Who, **where) -> str:
    """The explorer's ranking of `what` by `who` `where` (race=, series=, car_class=, since=, until=)."""
    query = {"what": What(what).value, "who": Who(who).value, **{k: v for k, v in where.items() if v is not None}}
    return f"{reverse('results:records')}?{urlencode(query)}"


@dataclass
class ResultMilestones:
    """The milestones of one winner or pole sitter: its result and what it achieved."""

    result: Result
    label: str  # "Overall", "GTD Pro", "GTD Pro pole"
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def complete(self) -> list[Milestone]:
        return [m for m in self.milestones if m.complete]

    @property
    def limited(self) -> list[Milestone]:
        return [m for m in self.milestones if not m.complete]


@dataclass
class SessionMilestones:
    session: Session
    results: list[ResultMilestones] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)  # of the race itself ("the 100th race ...")

    def __bool__(self):
        return bool(self.milestones or any(r.milestones for r in self.results))

    @property
    def complete_results(self) -> list[ResultMilestones]:
        return [r for r in self.results if r.complete]

    @property
    def limited_results(self) -> list[ResultMilestones]:
        return [r for r in self.results if r.limited]


# --- what the history holds -------------------------------------------------------------


@dataclass(frozen=True)
class _Credit:
    """One credit of the history: what it counts for, its unit, when, and whom it credits."""

    what: What
    unit: tuple
    when: tuple  # (year, session order, session id): sorts the history
    year: int
    event_id: int
    keys: dict  # Who -> the keys credited, in the crew's order


class _History:
    """Credits of one scope (a race, a series, a season), counted as they stood at a moment."""

    def __init__(self, credits):
        self.credits = sorted(credits, key=lambda credit: credit.when)

    def of(self, what: What, who: Who, key, upto: tuple) -> list[_Credit]:
        """A subject's credits up to `upto`, oldest first, one per unit."""
        seen, found = set(), []
        for credit in self.credits:
            if credit.when <= upto and credit.what == what and key in credit.keys[who] and credit.unit not in seen:
                seen.add(credit.unit)
                found.append(credit)
        return found

    def best_other(self, what: What, who: Who, key, upto: tuple) -> int:
        """The most units any other subject had up to `upto`."""
        units = defaultdict(set)
        for credit in self.credits:
            if credit.when <= upto and credit.what == what:
                for other in credit.keys[who]:
                    if other != key:
                        units[other].add(credit.unit)
        return max((len(u) for u in units.values()), default=0)


def _result_keys(make, team, car, drivers) -> dict:
    return {
        Who.MAKE: (make,) if make else (),
        Who.TEAM: (team,) if team else (),
        Who.CAR: (car,) if car else (),
        Who.DRIVER: tuple(dict.fromkeys(drivers)),
    }


def _flag(what: What) -> ExpressionWrapper:
    return ExpressionWrapper(rule(what), output_field=BooleanField())


def _session_sort(session) -> tuple:
    return (session.order, session.pk)


# --- coverage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Edition:
    """An event as coverage sees it: not held, or held with which results known."""

    event_id: int
    year: int
    round: int | None
    start_date: datetime.date | None
    status: str
    race_id: int | None
    season_id: int | None
    series_id: int | None
    circuit_id: int | None
    has_race: bool
    winnerless: bool  # a race session without an overall winner
    incomplete: bool  # a race session whose classification is partial
    races: int
    has_qualifying: bool
    qualifying_incomplete: bool

    @property
    def not_held(self) -> bool:
        return self.status == Event.Status.CANCELLED

    def knows(self, need: str) -> bool:
        """Whether the archive holds what `need` counts of this edition ("overall", "class", "races")."""
        if self.not_held:
            return True
        if self.status != Event.Status.COMPLETED or not self.has_race:
            return False
        return {"overall": not self.winnerless, "class": not self.incomplete, "races": True}[need]


NEED_OF = {WINS: "overall", CLASS_WINS: "class"}


def _editions(events) -> list[_Edition]:
    """`events` with what each holds, in one query: counts of its sessions by kind, each probed
    on the (event, kind, completeness) index, rather than a scan of every session."""

    def sessions(kind, **more):
        found = Session.objects.filter(event=OuterRef("pk"), kind=kind, **more).order_by()
        return Coalesce(Subquery(found.values("event").annotate(n=Count("pk")).values("n")), 0)

    partial = Session.Completeness.PARTIAL
    race_sessions = Session.objects.filter(event=OuterRef("pk"), kind=Session.Kind.RACE)
    winnerless = race_sessions.exclude(Exists(Result.objects.filter(session=OuterRef("pk"), position=1)))
    rows = events.annotate(
        races=sessions(Session.Kind.RACE),
        partial_races=sessions(Session.Kind.RACE, completeness=partial),
        qualifyings=sessions(Session.Kind.QUALIFYING),
        partial_qualifyings=sessions(Session.Kind.QUALIFYING, completeness=partial),
        winnerless=Exists(winnerless),
    ).values_list(
        "pk",
        "year",
        "round",
        "start_date",
        "status",
        "race_id",
        "season_id",
        "season__series_id",
        "circuit_id",
        "races",
        "partial_races",
        "qualifyings",
        "partial_qualifyings",
        "winnerless",
    )
    editions = []
    for row in rows.order_by():
        races, partial_races, qualifyings, partial_qualifyings, winnerless = row[9:]
        editions.append(
            _Edition(
                *row[:9],
                has_race=races > 0,
                winnerless=winnerless,
                incomplete=partial_races > 0,
                races=races,
                has_qualifying=qualifyings > 0,
                qualifying_incomplete=partial_qualifyings > 0,
            )
        )
    return editions


def _spans(years: list[int]) -> str:
    """1966, 1968–1970, 1990."""
    spans, start = [], None
    for index, year in enumerate(years):
        if start is None:
            start = year
        if index + 1 == len(years) or years[index + 1] != year + 1:
            spans.append(str(start) if start == year else f"{start}–{year}")
            start = None
    return ", ".join(spans)


class _RaceCoverage:
    """Which editions of a race the archive holds, up to one edition."""

    def __init__(self, race, editions: list[_Edition], year: int):
        self.race = race
        self.by_year = {e.year: e for e in editions}
        known_first = [race.first_year] if race.first_year else []
        earliest = min([*known_first, *self.by_year]) if self.by_year else None
        self.first_year = earliest if known_first else None
        self.year = year

    def knows(self, year: int, need: str) -> bool:
        edition = self.by_year.get(year)
        return edition is not None and edition.knows(need)

    def holes(self, need: str, since: int | None = None) -> list[int] | None:
        """Years before this edition (after `since`, if given) lacking what `need` counts.

        None when the race's first year is unknown.
        """
        start = since + 1 if since is not None else self.first_year
        if start is None:
            return None
        return [y for y in range(start, self.year) if not self.knows(y, need)]

    def held_before(self, year: int) -> list[int]:
        """The years before `year` in which the race was held or may have been (not known as not held)."""
        start = self.first_year if self.first_year is not None else min(self.by_year, default=year)
        return [y for y in range(start, year) if not (y in self.by_year and self.by_year[y].not_held)]

    def note(self, need: str) -> str:
        holes = self.holes(need)
        if holes is None:
            return f"The archive does not know when the {self.race.name} was first held."
        return f"The archive lacks {NEEDS_TEXT[need]} of the {self.race.name} of {_spans(holes)}."


NEEDS_TEXT = {"overall": "the overall winner", "class": "the complete class results", "races": "the races"}


class _SeriesCoverage:
    """Which seasons and rounds of a series the archive holds, up to one event."""

    def __init__(self, event, seasons: dict, editions: list[_Edition], pole_events: set):
        self.event = event
        self.series = event.season.series
        self.seasons = seasons  # year -> rounds (None: unknown)
        self.rounds = defaultdict(dict)  # year -> round -> _Edition
        for edition in editions:
            if edition.round is not None:
                self.rounds[edition.year].setdefault(edition.round, edition)
        self.pole_events = pole_events  # (event id, class id or None) of the poles known
        self._holes = {}

    def _season_holes(self, year: int, last_round: int, knows) -> list[str]:
        missing = [r for r in range(1, last_round + 1) if not knows(self.rounds[year].get(r))]
        if not missing:
            return []
        return [f"{year} (round{'s' if len(missing) > 1 else ''} {', '.join(map(str, missing))})"]

    def holes(self, need: str) -> list[str] | None:
        """The seasons and rounds before this event lacking what `need` counts; None when the start is unknown."""
        if need not in self._holes:  # asked for every winner: worked out once per need
            self._holes[need] = self._find_holes(need)
        return self._holes[need]

    def _find_holes(self, need: str) -> list[str] | None:
        first = self.series.first_year
        if first is None:
            return None
        knows = lambda edition: edition is not None and edition.knows(need)  # noqa: E731
        holes, whole = [], []
        for year in range(first, self.event.year):
            rounds = self.seasons.get(year)
            if rounds is None:
                whole.append(year)
            else:
                holes += self._season_holes(year, rounds, knows)
        found = [f"{_spans(whole)}"] if whole else []
        return found + holes + self.this_season_holes(knows)

    def this_season_holes(self, knows) -> list[str]:
        if self.event.round is None:
            return [f"the order of {self.event.year}'s rounds"]
        return self._season_holes(self.event.year, self.event.round - 1, knows)

    def pole_holes(self, class_id) -> list[str]:
        def knows(edition):
            if edition is None:
                return False
            if edition.not_held or (edition.event_id, class_id) in self.pole_events:
                return True
            return (
                edition.status == Event.Status.COMPLETED
                and edition.has_qualifying
                and not edition.qualifying_incomplete
            )

        return self.this_season_holes(knows)

    def note(self, need: str) -> str:
        holes = self.holes(need)
        if holes is None:
            return f"The archive does not know the first season of the {self.series.name}."
        return f"The archive lacks {NEEDS_TEXT[need]} of the {self.series.name} in {'; '.join(holes)}."


# --- the event --------------------------------------------------------------------------


def for_event(event: Event, *, sessions: list[Session] | None = None) -> EventMilestones:
    """The milestones of an event's winners and pole sitters, by session, races first.

    `event` comes with its place (Event.objects.with_place()); `sessions`, the event's
    sessions when the caller has them already, saves a query. Seven queries at most.
    """
    here = list(
        Result.objects.filter(session__event=event)
        .filter(rule(WINS) | rule(CLASS_WINS) | rule(POLES) | rule(CLASS_POLES))
        .annotate(**_flags())
        .select_related(
            "session", "entry__car__manufacturer", "entry__car__engine_manufacturer", "entry__team", "entry__car_class"
        )
        .select_related("qualifying_driver")
        .prefetch_related(Prefetch("entry__crew", queryset=EntryDriver.objects.select_related("driver")))
        .order_by("session__order", "session_id", "entry__car_class__order", "position", "class_position")
    )
    if not here:
        return EventMilestones(sessions=[])
    if sessions is None:
        sessions = list(Session.objects.filter(event=event).only("pk", "kind", "order"))
    return _Builder(event, here, [s for s in sessions if s.kind == Session.Kind.RACE]).build()


def cached_for_event(event: Event, *, sessions: list[Session] | None = None) -> EventMilestones:
    """`for_event()`, kept in Django's cache until the archive changes (results.revision).

    An event's milestones depend on every earlier edition, so any change to the archive
    may change them; the revision moves with any change, and with it the key.
    """
    return revision.cached("milestones", str(event.pk), lambda: for_event(event, sessions=sessions))


def _flags() -> dict:
    return {
        "is_win": _flag(WINS),
        "is_class_win": _flag(CLASS_WINS),
        "is_pole": _flag(POLES),
        "is_class_pole": _flag(CLASS_POLES),
    }


# The columns of a credited result of the history, in the order _Builder._credits unpacks them.
HISTORY_COLUMNS = (
    "session_id",
    "session__order",
    "session__event_id",
    "session__event__year",
    "entry_id",
    "entry__car_class_id",
    "entry__car__manufacturer_id",
    "entry__team_id",
    "entry__car_id",
    "qualifying_driver_id",
    "is_win",
    "is_class_win",
    "is_pole",
    "is_class_pole",
)


class _Builder:
    """Loads an event's scopes once (race, series, season) and words their milestones."""

    def __init__(self, event: Event, here: list[Result], race_sessions: list[Session]):
        self.event, self.here, self.race_sessions = event, here, race_sessions
        self.race_coverage = self.series_coverage = None
        self.race_history = self.season_poles = None
        self.series_counts = None
        self.series_editions = []

        race_editions, season_before = self._load_editions()
        rows = self._load_history([e.event_id for e in race_editions], season_before)
        if event.season_id:
            self._load_series_counts()
        race_rows = [row for row in rows if row[2] in {e.event_id for e in race_editions}]
        pole_rows = [row for row in rows if row[2] in set(season_before)]
        if self.series_coverage is not None:
            self.series_coverage.pole_events = {(row[2], None) for row in pole_rows if row[12]} | {
                (row[2], row[5]) for row in pole_rows if row[13]
            }
        needed = {row[4] for row in race_rows} | {row[4] for row in pole_rows if row[9] is None}
        self.crews = self._crews(needed)
        if event.race_id:
            self.race_history = _History(self._credits(race_rows, WINS, CLASS_WINS))
        if event.season_id:
            self.season_poles = _History(self._credits(pole_rows, POLES, CLASS_POLES))

    # Loading: a fixed number of queries.

    def _load_editions(self) -> tuple[list[_Edition], list[int]]:
        """The race's editions and the series' events up to this one, with what each holds (two queries)."""
        event = self.event
        scopes = Q(pk=event.pk)
        if event.race_id:
            scopes |= Q(race=event.race_id, year__lte=event.year)
        if event.season_id:
            scopes |= Q(season__series=event.season.series_id) & self._before_q()
        editions = _editions(Event.objects.filter(scopes))
        race_editions = [e for e in editions if e.race_id == event.race_id and e.year <= event.year]
        race_editions = [e for e in race_editions if e.event_id != event.pk] if event.race_id else []
        if event.race_id:
            self.race_coverage = _RaceCoverage(event.race, race_editions, event.year)
        season_before = []
        if event.season_id:
            series = event.season.series_id
            self.series_editions = [e for e in editions if e.series_id == series and e.event_id != event.pk]
            self.series_editions = [e for e in self.series_editions if self._is_before(e)]
            season_before = [e.event_id for e in self.series_editions if e.season_id == event.season_id]
            seasons = dict(Season.objects.filter(series=series, year__lt=event.year).values_list("year", "rounds"))
            self.series_coverage = _SeriesCoverage(event, seasons, self.series_editions, set())
        return race_editions, season_before

    def _is_before(self, edition: _Edition) -> bool:
        """Whether an event of this series came before this one (as `_before_q` selects)."""
        event = self.event
        if edition.year != event.year:
            return edition.year < event.year
        if event.round is not None:
            return edition.round is not None and edition.round < event.round
        if event.start_date is not None:
            return edition.start_date is not None and edition.start_date < event.start_date
        return False

    def _before_q(self) -> Q:
        """Events of this series before this one (a Q on Event): earlier years, earlier rounds or dates."""
        event = self.event
        if event.round is not None:
            this_year = Q(round__lt=event.round)
        elif event.start_date is not None:
            this_year = Q(start_date__lt=event.start_date)
        else:
            this_year = Q(pk__in=[])
        return Q(year__lt=event.year) | (Q(year=event.year) & this_year)

    def _load_history(self, race_events: list[int], season_events: list[int]) -> list[tuple]:
        """The wins of the race's earlier editions and the poles of the season's earlier rounds (one query)."""
        if not race_events and not season_events:
            return []
        wins = Q(session__event__in=race_events) & (rule(WINS) | rule(CLASS_WINS))
        poles = Q(session__event__in=season_events) & (rule(POLES) | rule(CLASS_POLES))
        return list(
            # First or first in class, a cheap test on an index, before the rules' subqueries.
            Result.objects.filter(Q(position=1) | Q(class_position=1))
            .filter(wins | poles)
            .annotate(**_flags())
            .values_list(*HISTORY_COLUMNS)
            .order_by()
        )

    def _load_series_counts(self) -> None:
        """Each make's and team's overall and class wins in the series before this event (one query)."""
        event = self.event
        before = Event.objects.filter(season__series=event.season.series_id).filter(self._before_q())
        makes = {r.entry.car.manufacturer_id for r in self.here if r.entry.car_id}
        teams = {r.entry.team_id for r in self.here if r.entry.team_id}
        rows = (
            Result.objects.filter(session__event__in=before.values("pk"))
            .filter(rule(WINS) | rule(CLASS_WINS))
            .filter(Q(entry__car__manufacturer__in=makes) | Q(entry__team__in=teams))
            .values("entry__car__manufacturer", "entry__team")
            .annotate(
                wins=Count(unit(WINS), distinct=True, filter=rule(WINS)),
                class_wins=Count(unit(CLASS_WINS), distinct=True, filter=rule(CLASS_WINS)),
            )
            .order_by()
        )
        # One winner per race and per class of a race: a make's count is the sum over its teams.
        self.series_counts = {Who.MAKE: defaultdict(Counter), Who.TEAM: defaultdict(Counter)}
        for row in rows:
            for who, key in ((Who.MAKE, row["entry__car__manufacturer"]), (Who.TEAM, row["entry__team"])):
                self.series_counts[who][key].update({WINS: row["wins"], CLASS_WINS: row["class_wins"]})

    def _crews(self, entry_ids: set) -> dict:
        """Each entry's drivers: this event's from its prefetch, the history's in one query."""
        crews = defaultdict(list)
        if entry_ids:
            rows = EntryDriver.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "driver_id")
            for entry_id, driver_id in rows.order_by("entry_id", "order", "id"):
                crews[entry_id].append(driver_id)
        for result in self.here:
            crews[result.entry_id] = [member.driver_id for member in result.entry.crew.all()]
        return crews

    def _credits(self, rows, overall: What, in_class: What) -> list[_Credit]:
        """Credits of `overall` and `in_class` from history rows (HISTORY_COLUMNS), and this event's."""
        credits = []
        for row in rows:
            session_id, order, event_id, year, entry_id, class_id, make, team, car, qualifier = row[:10]
            is_overall, is_class = (row[10], row[11]) if overall == WINS else (row[12], row[13])
            drivers = [qualifier] if qualifier and overall == POLES else self.crews.get(entry_id, [])
            keys = _result_keys(make, team, car, drivers)
            when = (year, 0, order, session_id)
            if is_overall:
                credits.append(_Credit(overall, (session_id,), when, year, event_id, keys))
            if is_class and class_id is not None:
                credits.append(_Credit(in_class, (session_id, class_id), when, year, event_id, keys))
        for result in self.here:
            credits += self._here_credits(result, overall, in_class)
        return credits

    def _here_credits(self, result: Result, overall: What, in_class: What) -> list[_Credit]:
        keys = self._keys(result, poles=overall == POLES)
        when = self._when(result)
        flags = {WINS: result.is_win, CLASS_WINS: result.is_class_win, POLES: result.is_pole}
        flags[CLASS_POLES] = result.is_class_pole
        credits = []
        if flags[overall]:
            credits.append(_Credit(overall, (result.session_id,), when, self.event.year, self.event.pk, keys))
        if flags[in_class] and result.entry.car_class_id is not None:
            unit_ = (result.session_id, result.entry.car_class_id)
            credits.append(_Credit(in_class, unit_, when, self.event.year, self.event.pk, keys))
        return credits

    def _keys(self, result: Result, *, poles: bool = False) -> dict:
        entry = result.entry
        drivers = [result.qualifying_driver_id] if poles and result.qualifying_driver_id else self.crews[entry.pk]
        make = entry.car.manufacturer_id if entry.car_id else None
        return _result_keys(make, entry.team_id, entry.car_id, drivers)

    def _when(self, result: Result) -> tuple:
        # After every earlier edition's sessions (their middle item is 0) and in session order.
        return (self.event.year, 1, result.session.order, result.session_id)

    # Sentences.

    def build(self) -> EventMilestones:
        by_session = {}
        for result in self.here:
            session = by_session.setdefault(result.session_id, SessionMilestones(session=result.session))
            if result.session.kind == Session.Kind.RACE:
                self._race_result(session, result)
            elif result.session.kind == Session.Kind.QUALIFYING:
                self._pole(session, result)
        for session in by_session.values():
            if session.session.kind == Session.Kind.RACE:
                session.milestones += self._race_count(session.session)
        ordered = sorted(
            by_session.values(), key=lambda s: (s.session.kind != Session.Kind.RACE, _session_sort(s.session))
        )
        return _numbered([session for session in ordered if session])

    def _race_result(self, session: SessionMilestones, result: Result) -> None:
        if result.is_win:
            entry = ResultMilestones(result=result, label="Overall")
            entry.milestones += self._at_race(result, WINS) + self._in_series(result, WINS)
            session.results.append(entry)
        elif result.is_class_win:
            entry = ResultMilestones(result=result, label=result.entry.car_class.name)
            entry.milestones += self._at_race(result, CLASS_WINS) + self._in_series(result, CLASS_WINS)
            session.results.append(entry)

    def _at_race(self, result: Result, what: What) -> list[Milestone]:
        if self.race_history is None:
            return []
        coverage, history = self.race_coverage, self.race_history
        if not coverage.held_before(self.event.year):
            return []  # the first edition: every winner is a first
        need = NEED_OF[what]
        holes = coverage.holes(need)
        complete = holes == []
        where = at_race(self.event.race)
        upto = self._when(result)
        keys = self._keys(result)
        names = self._names(result)
        found, firsts = [], defaultdict(list)
        for who in SUBJECTS:
            for key in keys[who]:
                mine = history.of(what, who, key, upto)
                count = len(mine)
                if complete and count == 1 and who in (Who.CAR, Who.DRIVER):
                    firsts[who].append(names[who][key])
                    continue
                if who in (Who.CAR, Who.DRIVER) and not complete:
                    continue
                text = self._race_sentence(what, who, key, names[who][key], mine, coverage, complete, upto, where)
                if text:
                    note = "" if complete else coverage.note(need)
                    found.append(Milestone(text, complete=complete, note=note, link=self._race_link(what, who)))
        for who in (Who.CAR, Who.DRIVER):
            if firsts[who]:
                text = FIRST_FOR.format(what=FIRST_FOR_WORDS[what], where=where, names=names_list(firsts[who]))
                found.append(Milestone(text, link=self._race_link(what, who)))
        return found

    def _race_link(self, what: What, who: Who) -> str:
        return records_link(what, who, race=self.event.race.slug, until=self.event.year)

    def _race_sentence(self, what, who, key, name, mine, coverage, complete, upto, where) -> str:
        count = len(mine)
        owner = possessive(name)
        previous = mine[-2].year if count > 1 else None
        held_between = [y for y in coverage.held_before(self.event.year) if previous is not None and y > previous]
        drought = bool(held_between) and coverage.holes(NEED_OF[what], since=previous) == []
        if not complete:
            if count == 1:
                if who in (Who.MAKE, Who.TEAM):
                    return IN_ARCHIVE.format(owner=owner, what=WHAT_WORDS[what], where=where)
                return ""
            if drought and who in (Who.MAKE, Who.TEAM):
                return SINCE.format(owner=owner, what=WHAT_WORDS[what], where=where, year=previous)
            return ""
        qualifiers = []
        best_other = self.race_history.best_other(what, who, key, upto)
        if count > best_other and count > 1:
            qualifiers.append(RECORD)
        elif count == best_other and count > 1:
            qualifiers.append(EQUAL_RECORD)
        if drought:
            qualifiers.append(FIRST_SINCE.format(year=previous))
        run = self._run(mine, coverage, NEED_OF[what])
        if run >= 2:
            qualifiers.append(IN_A_ROW.format(nth=ordinal(run)))
        if count > 1 and not qualifiers and not is_round_number(count):
            return ""
        base = NTH.format(owner=owner, nth=ordinal(count), what=WHAT_WORDS[what], where=where)
        return with_qualifiers(base, qualifiers)

    def _run(self, mine: list[_Credit], coverage: _RaceCoverage, need: str) -> int:
        """How many editions in a row, this one included, the subject has won; 0 when the archive cannot tell."""
        won = {credit.year for credit in mine}
        run = 1
        for year in reversed(coverage.held_before(self.event.year)):
            if year in won:
                run += 1
                continue
            edition = coverage.by_year.get(year)
            # The edition that ended the run must be one the archive knows, or the run may be longer.
            return run if edition is not None and edition.knows(need) else 0
        return run if coverage.first_year is not None else 0

    def _names(self, result: Result) -> dict:
        entry = result.entry
        names = {Who.MAKE: {}, Who.TEAM: {}, Who.CAR: {}, Who.DRIVER: {}}
        if entry.car_id:
            names[Who.MAKE][entry.car.manufacturer_id] = entry.car.manufacturer.name
            names[Who.CAR][entry.car_id] = f"the {entry.car.full_name}"
        if entry.team_id:
            names[Who.TEAM][entry.team_id] = entry.team.name
        for member in entry.crew.all():
            names[Who.DRIVER][member.driver_id] = member.driver.full_name
        if result.qualifying_driver_id:
            names[Who.DRIVER][result.qualifying_driver_id] = result.qualifying_driver.full_name
        return names

    def _in_series(self, result: Result, what: What) -> list[Milestone]:
        if self.series_counts is None:
            return []
        coverage = self.series_coverage
        if not any(e.has_race for e in self.series_editions if e.event_id != self.event.pk):
            return []  # the series' first race: every winner is a first
        holes = coverage.holes(NEED_OF[what])
        complete = holes == []
        where = in_series(self.event.season.series)
        names = self._names(result)
        keys = self._keys(result)
        found = []
        for who in (Who.MAKE, Who.TEAM):
            for key in keys[who]:
                count = self.series_counts[who].get(key, {}).get(what, 0) + self._earlier_here(result, what, who, key)
                owner = possessive(names[who][key])
                link = records_link(what, who, series=self.event.season.series.slug, until=self.event.year)
                if complete and (count == 1 or is_round_number(count)):
                    text = NTH.format(owner=owner, nth=ordinal(count), what=WHAT_WORDS[what], where=where)
                    found.append(Milestone(text, link=link))
                elif not complete and count == 1:
                    text = IN_ARCHIVE.format(owner=owner, what=WHAT_WORDS[what], where=where)
                    found.append(Milestone(text, complete=False, note=coverage.note(NEED_OF[what]), link=link))
        return found

    def _earlier_here(self, result: Result, what: What, who: Who, key) -> int:
        """This event's units of `what` for a subject, up to `result`'s session included."""
        units = set()
        for other in self.here:
            if _session_sort(other.session) > _session_sort(result.session):
                continue
            if key not in self._keys(other)[who]:
                continue
            if what == WINS and other.is_win:
                units.add(other.session_id)
            if what == CLASS_WINS and other.is_class_win and other.entry.car_class_id:
                units.add((other.session_id, other.entry.car_class_id))
        return len(units)

    def _pole(self, session: SessionMilestones, result: Result) -> None:
        if self.season_poles is None:
            return
        if result.is_pole:
            what, class_id, label = POLES, None, "Pole"
        elif result.is_class_pole:
            what, class_id, label = CLASS_POLES, result.entry.car_class_id, f"{result.entry.car_class.name} pole"
        else:
            return
        entry = ResultMilestones(result=result, label=label)
        session.results.append(entry)
        if self.event.round is None or self.event.round == 1:
            return  # the season's order unknown, or its first round: every pole is a first
        if self.series_coverage.pole_holes(class_id):
            return
        pole_words = "pole" if class_id is None else f"{result.entry.car_class.name} pole"
        names = self._names(result)
        upto = self._when(result)
        for key in self._keys(result, poles=True)[Who.DRIVER]:
            mine = [
                credit
                for credit in self.season_poles.of(what, Who.DRIVER, key, upto)
                if what == POLES or credit.unit[-1] == class_id
            ]
            text = NTH.format(
                owner=possessive(names[Who.DRIVER][key]), nth=ordinal(len(mine)), what=pole_words, where="of the season"
            )
            link = records_link(
                what,
                Who.DRIVER,
                series=self.event.season.series.slug,
                car_class=class_id,
                since=self.event.year,
                until=self.event.year,
            )
            entry.milestones.append(Milestone(text, link=link))

    def _race_count(self, session: Session) -> list[Milestone]:
        if self.series_counts is None or self.event.circuit_id is None:
            return []
        earlier = [
            e for e in self.series_editions if e.event_id != self.event.pk and e.circuit_id == self.event.circuit_id
        ]
        if not any(e.has_race for e in self.series_editions if e.event_id != self.event.pk):
            return []
        if self.series_coverage.holes("races") != []:
            return []
        here = [s for s in self.race_sessions if _session_sort(s) <= _session_sort(session)]
        count = sum(e.races for e in earlier if not e.not_held) + len(here)
        if count == 1 or is_round_number(count):
            return [Milestone(NTH_RACE.format(nth=ordinal(count), circuit=self.event.circuit.name))]
        return []
