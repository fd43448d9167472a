"""The counting rules: which results count for what, who is credited with them, and where.

Every count of the archive (pages, exports, the records explorer, streaks and
milestones) goes through these functions, so the rules of DESIGN.md section 3 are
written once, here.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django_countries.fields import Country

from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import person_name
from results.models import CarClass, Circuit, Credited, EntryDriver, Event, Race, Result, Series, Session
from results.models.lookups import in_bulk, rows_in_bulk

COUNTING_RULES = (
    "A start is a race result whose status is not “did not start” or “excluded”. "
    "An overall win is position 1 in a race, a class win class position 1; a podium is position 1–3. "
    "A pole is position 1 in the qualifying session that set the grid. "
    "A make or a team is counted once per race however many of its cars did it "
    "(once per class of that race for class counts); every driver of a car is credited with its result. "
    "Starts, class podiums and laps are counted only over races whose full classification the archive holds, "
    "podiums over those and races with their first places; wins and poles count wherever the winner is known. "
    "Laps led, fastest laps and drive time count only races whose every lap the archive holds (from the official "
    "lap file): a driver is credited with the laps they drove, a team or a make with its cars' laps; a fastest lap "
    "is the fastest of the race (or of its class), and a driver's only if they drove it."
)


class What(models.TextChoices):
    OVERALL_WINS = "wins", "Overall wins"
    CLASS_WINS = "class_wins", "Class wins"
    PODIUMS = "podiums", "Podiums"
    CLASS_PODIUMS = "class_podiums", "Class podiums"
    POLES = "poles", "Poles"
    CLASS_POLES = "class_poles", "Class poles"
    STARTS = "starts", "Starts"


class FromLaps(models.TextChoices):
    """Counts from the lap files (Credit.FROM_LAPS), over the races whose every lap the archive holds."""

    LAPS_LED = "laps_led", "Laps led"
    CLASS_LAPS_LED = "class_laps_led", "Laps led in class"
    FASTEST_LAPS = "fastest_laps", "Fastest laps"
    CLASS_FASTEST_LAPS = "class_fastest_laps", "Class fastest laps"
    DRIVE_TIME = "drive_time", "Drive time"


# The credits table's column of each, and those that are totals of it rather than a count
# of the races where it is true.
LAP_COLUMN = {
    FromLaps.LAPS_LED: "laps_led",
    FromLaps.CLASS_LAPS_LED: "class_laps_led",
    FromLaps.FASTEST_LAPS: "fastest_lap",
    FromLaps.CLASS_FASTEST_LAPS: "class_fastest_lap",
    FromLaps.DRIVE_TIME: "drive_ms",
}
SUMMED = {FromLaps.LAPS_LED, FromLaps.CLASS_LAPS_LED, FromLaps.DRIVE_TIME}
# A car's drive time is its whole race: only a driver's (or a nationality's drivers') says anything.
DRIVERS_ONLY = {FromLaps.DRIVE_TIME}


def counted(value) -> "What | FromLaps":
    """The count a value names, from the results or from the lap files."""
    return FromLaps(value) if value in FromLaps.values else What(value)


# Who a count credits: the same choices as the credits table's.
Who = Credited


@dataclass(frozen=True)
class Where:
    """Where results count: each given criterion narrows, None leaves it open."""

    race: Race | None = None
    series: Series | None = None
    circuit: Circuit | None = None
    car_class: CarClass | None = None
    year_from: int | None = None
    year_to: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.race is not None:
            q &= Q(session__event__race=self.race)
        if self.series is not None:
            q &= Q(session__event__season__series=self.series)
        if self.circuit is not None:
            q &= Q(session__event__circuit=self.circuit)
        if self.car_class is not None:
            q &= Q(entry__car_class=self.car_class)
        if self.year_from is not None:
            q &= Q(session__event__year__gte=self.year_from)
        if self.year_to is not None:
            q &= Q(session__event__year__lte=self.year_to)
        return q

    def credits_q(self) -> Q:
        """The same criteria on the credits table (results.models.Credit), which holds the keys itself."""
        q = Q()
        for name in ("race", "series", "circuit", "car_class"):
            if getattr(self, name) is not None:
                q &= Q(**{f"{name}_id": getattr(self, name).pk})
        if self.year_from is not None:
            q &= Q(year__gte=self.year_from)
        if self.year_to is not None:
            q &= Q(year__lte=self.year_to)
        return q

    def key(self) -> str:
        """The criteria as text, the same for the same criteria: part of a cache key."""
        ids = {name: getattr(getattr(self, name), "pk", None) for name in ("race", "series", "circuit", "car_class")}
        return f"{ids['race']}/{ids['series']}/{ids['circuit']}/{ids['car_class']}/{self.year_from}/{self.year_to}"


NOT_STARTED = (Result.Status.DID_NOT_START, Result.Status.EXCLUDED)


CLASS_COUNTS = {What.CLASS_WINS, What.CLASS_PODIUMS, What.CLASS_POLES}


POLE_COUNTS = {What.POLES, What.CLASS_POLES}


def _later_qualifying_session() -> Q:
    """Inside a subquery on Result: a qualifying session of the outer result's event after its own."""
    return Q(
        session__event=OuterRef("session__event"),
        session__kind=Session.Kind.QUALIFYING,
    ) & (
        Q(session__order__gt=OuterRef("session__order"))
        | Q(session__order=OuterRef("session__order"), session_id__gt=OuterRef("session_id"))
    )


def _open_to_every_class(session_ref: str) -> Exists:
    """A session with no class list took every class (Session.classes: empty = all)."""
    return ~Exists(Session.classes.through.objects.filter(session_id=OuterRef(session_ref)))


# The classifications complete enough to count `what` over: a count that needs the cars
# behind the winners is not taken over a session that does not know them (a total of
# "starts" over winners-only races would be a count of wins). Wins and poles are true
# wherever the winner is known.
_EVERY = tuple(Session.Completeness)
SUPPORTED_BY = {
    What.STARTS: (Session.Completeness.COMPLETE,),
    What.PODIUMS: (Session.Completeness.COMPLETE, Session.Completeness.TOP),
    What.CLASS_PODIUMS: (Session.Completeness.COMPLETE,),
    What.OVERALL_WINS: _EVERY,
    What.CLASS_WINS: _EVERY,
    What.POLES: _EVERY,
    What.CLASS_POLES: _EVERY,
}

# Counts of laps, like starts, need every car.
LAPS_SUPPORTED_BY = SUPPORTED_BY[What.STARTS]


def counting_q(what: What) -> Q:
    """The results that count for `what`, before crediting anyone."""
    what = What(what)
    if SUPPORTED_BY[what] != _EVERY:
        return _counting_q(what) & Q(session__completeness__in=SUPPORTED_BY[what])
    return _counting_q(what)


def _counting_q(what: What) -> Q:
    race = Q(session__kind=Session.Kind.RACE)
    in_class = Q(entry__car_class__isnull=False)
    if what == What.STARTS:
        return race & ~Q(status__in=NOT_STARTED)
    if what == What.OVERALL_WINS:
        return race & Q(position=1)
    if what == What.CLASS_WINS:
        return race & in_class & Q(class_position=1)
    if what == What.PODIUMS:
        return race & Q(position__lte=3)
    if what == What.CLASS_PODIUMS:
        return race & in_class & Q(class_position__lte=3)
    if what == What.POLES:
        later_pole = Result.objects.filter(_later_qualifying_session(), position=1).filter(
            _open_to_every_class("session_id")
        )
        return (
            Q(session__kind=Session.Kind.QUALIFYING, position=1)
            & Q(_open_to_every_class("session_id"))
            & ~Q(Exists(later_pole))
        )
    if what == What.CLASS_POLES:
        later_pole = Result.objects.filter(
            _later_qualifying_session(), class_position=1, entry__car_class=OuterRef("entry__car_class")
        )
        return Q(session__kind=Session.Kind.QUALIFYING, class_position=1) & in_class & ~Q(Exists(later_pole))
    raise ValueError(f"Unknown count {what!r}")


# The column of the credits table that says a subject did `what` in a session (and class).
FLAG = {
    What.STARTS: "started",
    What.OVERALL_WINS: "win",
    What.PODIUMS: "podium",
    What.CLASS_WINS: "class_win",
    What.CLASS_PODIUMS: "class_podium",
    What.POLES: "pole",
    What.CLASS_POLES: "class_pole",
}


def credits_counting(what: What | FromLaps) -> Q:
    """The credits (rows of the credits table) that count for `what`."""
    what = counted(what)
    if what in LAP_COLUMN:
        # laps_led is set for every credit of a session with a lap file (the partial index's condition).
        column = LAP_COLUMN[what]
        return Q(laps_led__isnull=False, **({f"{column}__gt": 0} if what in SUMMED else {column: True}))
    return Q(**{FLAG[what]: True})


def credits_taking_part() -> Q:
    """The credits of a subject that took part: started, or known only as a winner or a pole
    sitter (a winners-only race counts no start, yet its winner was there)."""
    return Q(started=True) | Q(win=True) | Q(class_win=True) | Q(pole=True) | Q(class_pole=True)


def credit_count(what: What | FromLaps, **extra) -> Count | Sum:
    """How many credits there are (of those `extra`'s filter keeps); the total of a count
    summed from the laps. Each counts once: keep the credits of `credits_counted_once()`.

    COUNT(1), not of a column, so that PostgreSQL can answer from an index alone
    (Count("*") takes no filter): a make's totals read 70,000 credits in 7 ms that way,
    in 80 ms through the table.
    """
    if what in SUMMED:
        return Sum(LAP_COLUMN[what], **extra)
    return Count(Value(1), **extra)


# Counts whose unit (a race) can hold several credits of one subject: its cars started,
# or finished on the podium, in more than one class of the race. Every other unit holds
# at most one: one subject's row per class, and one overall winner and pole per race.
# For these, the credits table marks one row per subject and session (Credit.counted_start).
COUNTED_ONCE = {What.STARTS: "counted_start", What.PODIUMS: "counted_podium"}


def credits_counted_once(what: What | FromLaps, *, within_class: bool) -> Q:
    """The credits that count for `what`, one per unit (a race, or a class of a race for
    class counts), so that `credit_count()` of them is the count.

    A subject's cars can start (and finish on the podium) in several classes of one race,
    a row each: over more than one class, the first of them is marked (Credit.counted_start),
    and counting the marked rows is a COUNT(DISTINCT session) for a fraction of its time.
    `within_class` (a count in one class, or split by class): each row is one race already.
    """
    what = counted(what)
    if what in COUNTED_ONCE and not within_class:
        return Q(**{COUNTED_ONCE[what]: True})
    return credits_counting(what)


def credit_subject(who: Who):
    """The column of the credits table that names who is credited."""
    return F("country") if Who(who) == Who.NATIONALITY else F("subject_id")


def credits_of(who: Who, subject) -> Q:
    """The credits of one subject (an object, or a country code for a nationality)."""
    if Who(who) == Who.NATIONALITY:
        return Q(who=who, country=getattr(subject, "code", subject))
    return Q(who=who, subject_id=getattr(subject, "pk", subject))


# Credit.sequence is a date times this plus an event id.
EVENT_IDS = 10**9


def credit_chronology():
    """A key that sorts credits by their event's date, then id: MIN and MAX of it are a count's
    first and last event (`event_id_of()`), in the query of the count."""
    return F("sequence")


def unit(what: What):
    """What one credit of `what` is: a race (session), or a class in a race for class counts."""
    if what in CLASS_COUNTS:
        return Concat(
            Cast("session_id", CharField()),
            Value("-"),
            Cast("entry__car_class_id", CharField()),
            output_field=CharField(),
        )
    return F("session_id")


def event_id_of(key: int | None) -> int | None:
    """The event id at the end of a credit's sequence (Credit.sequence)."""
    return key % EVENT_IDS if key is not None else None


def subject_expression(who: Who, what: What):
    """The column that names who is credited, for grouping in `tally()`."""
    poles = what in POLE_COUNTS
    if who == Who.MAKE:
        return F("entry__car__manufacturer")
    if who == Who.ENGINE:
        return Coalesce("entry__car__engine_manufacturer", "entry__car__manufacturer")
    if who == Who.TEAM:
        return F("entry__team")
    if who == Who.CAR:
        return F("entry__car")
    if who == Who.DRIVER:
        return Coalesce("qualifying_driver", "entry__crew__driver") if poles else F("entry__crew__driver")
    if who == Who.NATIONALITY:
        if poles:
            return Case(
                When(qualifying_driver__isnull=False, then=F("qualifying_driver__nationality")),
                default=F("entry__crew__driver__nationality"),
                output_field=CharField(),
            )
        return F("entry__crew__driver__nationality")
    raise ValueError(f"Unknown subject {who!r}")


def subject_q(who: Who, subject) -> Q:
    """The results of one subject's cars; a driver's by subquery on crews, so no row is repeated."""
    if who == Who.MAKE:
        return Q(entry__car__manufacturer=subject)
    if who == Who.ENGINE:
        return Q(entry__car__engine_manufacturer=subject) | Q(
            entry__car__engine_manufacturer__isnull=True, entry__car__manufacturer=subject
        )
    if who == Who.TEAM:
        return Q(entry__team=subject)
    if who == Who.CAR:
        return Q(entry__car=subject)
    if who == Who.DRIVER:
        return Q(entry__in=EntryDriver.objects.filter(driver=subject).values("entry_id"))
    if who == Who.NATIONALITY:
        code = getattr(subject, "code", subject)
        return Q(entry__in=EntryDriver.objects.filter(driver__nationality=code).values("entry_id"))
    raise ValueError(f"Unknown subject {who!r}")


def credit_q(who: Who, subject, what: What) -> Q:
    """Among a subject's results, those credited to it for `what`.

    Everything a car does is its crew's, except a pole, which goes to the driver who set
    it when the archive knows who did (the qualifying driver is one of the crew).
    """
    if what in POLE_COUNTS and who == Who.DRIVER:
        return counting_q(what) & (Q(qualifying_driver__isnull=True) | Q(qualifying_driver=subject))
    if what in POLE_COUNTS and who == Who.NATIONALITY:
        code = getattr(subject, "code", subject)
        return counting_q(what) & (Q(qualifying_driver__isnull=True) | Q(qualifying_driver__nationality=code))
    return counting_q(what)


def subjects(who: Who, keys) -> dict:
    """The objects behind subject keys, in one query (none for nationalities)."""
    who = Who(who)
    keys = [k for k in keys if k not in (None, "")]
    if who == Who.NATIONALITY:
        return {code: Country(code) for code in keys}
    model = {
        Who.MAKE: Manufacturer.objects.all(),
        Who.ENGINE: Manufacturer.objects.all(),
        Who.TEAM: Team.objects.all(),
        Who.DRIVER: Driver.objects.all(),
        Who.CAR: Car.objects.select_related("manufacturer", "engine_manufacturer"),
    }[who]
    return in_bulk(model, keys)


def events_by_id(ids, *, words_only: bool = False) -> dict[int, Event]:
    """The events of `ids`, with their place (a page links them); `words_only`: with their
    year and name alone, all a download words of them (display.words.event_words)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return in_bulk(Event.objects.only("year", "name") if words_only else Event.objects.with_place(), ids)


@dataclass(frozen=True)
class Named:
    """A subject as a download names it: its key and its name (display.words.subject_name's
    words of it), not the model object; a CSV of every driver would build thousands."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


def subject_names(who: Who, keys) -> dict:
    """Each subject key's Named (a Country for a nationality; a car, whose name joins its
    makes, as its object), in one query."""
    who = Who(who)
    keys = [k for k in keys if k not in (None, "")]
    if who in (Who.NATIONALITY, Who.CAR):
        return subjects(who, keys)
    if who == Who.DRIVER:
        rows = rows_in_bulk(Driver.objects.all(), keys, "given_name", "family_name")
        return {pk: Named(pk, person_name(given, family)) for pk, given, family in rows}
    model = Team if who == Who.TEAM else Manufacturer
    return {pk: Named(pk, name) for pk, name in rows_in_bulk(model.objects.all(), keys, "name")}


def credited(what: What, who: Who, where: Where = Where()):
    """The results that count for `what` `where`, each annotated with `subject`, the key of who is credited.

    The key is what `subject_key()` gives: a primary key, or a country code for
    nationalities. A result appears once per crew member when drivers are credited.
    """
    what, who = What(what), Who(who)
    rows = (
        Result.objects.filter(where.q(), counting_q(what))
        .annotate(subject=subject_expression(who, what))
        .exclude(subject__isnull=True)
    )
    if who == Who.NATIONALITY:
        rows = rows.exclude(subject="")
    return rows


def subject_key(who: Who, subject):
    """The key `credited()` and `tally()` group `subject` by."""
    if Who(who) == Who.NATIONALITY:
        return getattr(subject, "code", subject)
    return subject.pk
