"""What an event's milestones claim, as facts: who did what for the how-manyth time, where,
with what qualifies it, and what the archive lacks where it cannot claim more.

results.display.milestones words them ("Porsche's 19th overall win at the 24 Hours of
Daytona, a record, and its first since 2003") and numbers the notes.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from results.models import Result, Session
from results.stats.records.rules import What, Who

WINS, CLASS_WINS, POLES, CLASS_POLES = What.OVERALL_WINS, What.CLASS_WINS, What.POLES, What.CLASS_POLES

# What a milestone claims.
NTH = "nth"  # the subject's Nth of what is counted, in the scope
FIRST_FOR = "first_for"  # the first in the scope for each of `names` (car models or drivers)
FIRST_IN_ARCHIVE = "first_in_archive"  # the subject's first that the archive holds
FIRST_SINCE = "first_since"  # the subject's first since `since`, where the archive cannot count them all
NTH_RACE = "nth_race"  # the series' Nth race at the circuit (the scope)

# How an Nth compares with everyone else's count.
RECORD, EQUALS_RECORD = "record", "equals_record"


@dataclass(frozen=True)
class SeasonsMissing:
    """Seasons of a series the archive does not know the rounds of."""

    years: tuple[int, ...]


@dataclass(frozen=True)
class RoundsMissing:
    """Rounds of a season the archive lacks (what is counted of them)."""

    year: int
    rounds: tuple[int, ...]


@dataclass(frozen=True)
class OrderUnknown:
    """A season whose event has no round number, so the rounds before it are unknown."""

    year: int


@dataclass(frozen=True)
class Lack:
    """What the archive lacks of a race or a series for a claim to be made in full.

    `need` is what is lacking of each edition: "overall" (the overall winner), "class" (the
    complete class results) or "races". `holes` are the years of a race, or the seasons and
    rounds of a series (SeasonsMissing, RoundsMissing, OrderUnknown); None when the race's
    first year, or the series' first season, is unknown.
    """

    scope: object  # the Race or the Series
    need: str
    holes: tuple | None


@dataclass
class Milestone:
    """One claim, in facts: `claim` says which (NTH, FIRST_FOR, ...), the rest fill it in."""

    claim: str
    what: What | None  # None for the series' Nth race
    scope: object  # where it is counted: a Race, a Series, a Season; the Circuit of an NTH_RACE
    count: int = 0  # the Nth
    who: Who | None = None
    name: str = ""  # whose it is: "Porsche", "Porsche 963", "Felipe Nasr"
    names: tuple[str, ...] = ()  # FIRST_FOR: for whom it is a first
    car_class: str = ""  # a class pole's class, by name
    record: str = ""  # RECORD or EQUALS_RECORD
    since: int | None = None  # the year of the subject's one before, after a drought
    in_a_row: int = 0  # editions in a row, this one included, from two
    complete: bool = True  # False for a claim limited to what the archive holds ("... in the archive")
    lack: Lack | None = None  # why the archive cannot say more
    link: str = ""  # the records explorer's ranking behind the count


@dataclass
class ResultMilestones:
    """The milestones of one winner or pole sitter: its result and what it achieved."""

    result: Result
    label: str  # "Overall", "GTD Pro", "GTD Pro pole"
    milestones: list = field(default_factory=list)

    @property
    def complete(self) -> list:
        return [m for m in self.milestones if m.complete]

    @property
    def limited(self) -> list:
        return [m for m in self.milestones if not m.complete]


@dataclass
class SessionMilestones:
    session: Session
    results: list[ResultMilestones] = field(default_factory=list)
    milestones: list = field(default_factory=list)  # of the race itself ("the 100th race ...")

    def __bool__(self):
        return bool(self.milestones or any(r.milestones for r in self.results))

    @property
    def complete_results(self) -> list[ResultMilestones]:
        return [r for r in self.results if r.complete]

    @property
    def limited_results(self) -> list[ResultMilestones]:
        return [r for r in self.results if r.limited]


@dataclass
class EventMilestones:
    """An event's milestones by session, races first; once worded, the notes on what the archive lacks."""

    sessions: list[SessionMilestones]
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


def records_link(what: What, who: Who, **where) -> str:
    """The explorer's ranking of `what` by `who` `where` (race=, series=, car_class=, since=, until=)."""
    query = {"what": What(what).value, "who": Who(who).value, **{k: v for k, v in where.items() if v is not None}}
    return f"{reverse('results:records')}?{urlencode(query)}"
