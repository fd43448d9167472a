"""What an event's milestones are: claims by session and by winner, and the notes on what the archive lacks."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

from results.models import Result, Session
from results.stats.records.rules import What, Who

WINS, CLASS_WINS, POLES, CLASS_POLES = What.OVERALL_WINS, What.CLASS_WINS, What.POLES, What.CLASS_POLES


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


def numbered(sessions: list) -> EventMilestones:
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
