"""The normalized rows every importer produces and the writer consumes.

A parser (archive CSV, Al Kamel timing file) turns its file into one `SessionBatch` per
session: where the session belongs (`SessionTarget`, itself naming its `EventTarget`) and
one `CarRow` per car. Names are as the source writes them; the writer matches them to
what the archive holds. `None` and "" mean "the source does not say".
"""

import datetime
from dataclasses import dataclass, field

# The most drivers a car's crew holds: endurance crews are 2 to 4, a 24-hour race of old
# up to 6. A file that gives more is wrong, and a page of 10,000 names is no crew.
MAX_CREW = 8


@dataclass(frozen=True)
class EventTarget:
    """The event a session belongs to, named as the source names it."""

    year: int
    name: str
    series: str = ""  # empty for a historic edition known only by its race
    race: str = ""  # the recurring race this is an edition of, if any
    circuit: str = ""
    round: int | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    status: str = ""  # an Event.Status value; empty keeps what is held (new events: completed)
    line: int | None = None  # where the source first names it, for messages
    pk: int | None = None  # the archive's event, when the importer already knows which it is


@dataclass(frozen=True)
class SessionTarget:
    """One session of an event. An empty `name` means "entries only, no session"."""

    event: EventTarget
    name: str = ""
    kind: str = ""  # a Session.Kind value; required with a name
    # Aware: an instant. Naive: local time at the circuit (the session's or circuit's zone).
    starts_at: datetime.datetime | None = None
    start_time_known: bool | None = None
    time_zone: str = ""  # an IANA zone; empty: the circuit's
    status: str = ""  # a Session.Status value
    completeness: str = ""  # a Session.Completeness value
    source: str = ""
    duration: datetime.timedelta | None = None
    caution_periods: int | None = None
    red_flags: int | None = None
    notes: str = ""
    classes: tuple[str, ...] = ()  # codes of the classes that took part; empty: all or unknown


@dataclass(frozen=True)
class CrewMember:
    given_name: str
    family_name: str
    nationality: str = ""  # ISO 3166 alpha-2
    fia_rating: str = ""  # Platinum, Gold, Silver, Bronze
    hometown: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class CarRow:
    """One car: its entry (number, class, team, car, crew) and, in a session, its result."""

    line: int | None = None  # the source's line or row number, for messages
    number: str = ""  # as written: "01" and "1" are different cars
    class_code: str = ""  # the class's code (GTDPRO) or display name (GTD Pro)
    team: str = ""  # the organisation
    entrant: str = ""  # the name entered on the day, when it differs from the team's
    car_make: str = ""
    car_model: str = ""
    engine_make: str = ""
    crew: tuple[CrewMember, ...] = ()
    # The result; ignored for a batch with no session.
    position: int | None = None
    class_position: int | None = None  # only where the source gives it
    status: str = "classified"  # a Result.Status value
    source_status: str = ""  # the source's own word
    reason: str = ""
    laps: int | None = None
    total_time_ms: int | None = None
    gap_ms: int | None = None
    gap_laps: int | None = None
    class_gap_ms: int | None = None
    class_gap_laps: int | None = None
    best_lap_ms: int | None = None
    best_lap_number: int | None = None
    best_lap_driver: CrewMember | None = None
    grid: int | None = None
    qualifying_driver: CrewMember | None = None
    position_at_line: int | None = None
    class_position_at_line: int | None = None

    @property
    def label(self) -> str:
        if self.number:
            return f"#{self.number}"
        return self.crew[0].full_name if self.crew else "a car without a number"


@dataclass(frozen=True)
class SessionBatch:
    """A session's rows. `covers` names the result fields the source gives (RESULT_FIELDS
    of the writer); a held result keeps the others, which an editor may have typed (grid,
    qualifying driver, reason). None: the source gives them all."""

    target: SessionTarget
    rows: tuple[CarRow, ...] = field(default_factory=tuple)
    covers: frozenset[str] | None = None
