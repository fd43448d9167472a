"""Tallies: who won, started, stood on the podium or took pole, where, how often, first and last.

Every page, export and the records explorer count through these functions, so the
counting rules of DESIGN.md section 3 are written once, here:

- a **start** is a race result whose status is not "did not start" or "excluded";
- an **overall win** is overall position 1 in a race, a **class win** class position 1
  (only cars that have a class); a **podium** is position 1-3, overall or in class;
- a **pole** is position 1 in the qualifying session that set the grid: for the overall
  pole the last qualifying session of the event open to every class, for a class pole
  the last qualifying session of the event that placed a car of that class;
- a subject is credited **once per race** however many of its cars did it (a 1-2 is one
  win for the make and the team) and, for class counts, once per class of that race.
  The design's "once per event" is read as "once per race" so that the two races of a
  one-make cup weekend count as two races, as the sport counts them;
- a driver is credited with the result of every car whose crew they were in; a pole
  goes to the qualifying driver when the archive knows who it was, else to the crew.

`tally()` ranks subjects (ties share a rank; `ranking()` and `tally_rows()` are its two
halves, for a caller that keeps the ranking and fetches the objects of one page only),
`totals()` and `breakdown()` count everything for one subject, `occurrences()` lists what
a count is made of.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, CharField, Count, Exists, F, Max, Min, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, LPad
from django_countries.fields import Country

from drivers.models import Car, Driver, Manufacturer, Team
from results import revision
from results.models import CarClass, Circuit, Entry, EntryDriver, Event, Race, Result, Season, Series, Session

COUNTING_RULES = (
    "A start is a race result whose status is not “did not start” or “excluded”. "
    "An overall win is position 1 in a race, a class win class position 1; a podium is position 1–3. "
    "A pole is position 1 in the qualifying session that set the grid. "
    "A make or a team is counted once per race however many of its cars did it "
    "(once per class of that race for class counts); every driver of a car is credited with its result."
)


class What(models.TextChoices):
    OVERALL_WINS = "wins", "Overall wins"
    CLASS_WINS = "class_wins", "Class wins"
    PODIUMS = "podiums", "Podiums"
    CLASS_PODIUMS = "class_podiums", "Class podiums"
    POLES = "poles", "Poles"
    CLASS_POLES = "class_poles", "Class poles"
    STARTS = "starts", "Starts"


class Who(models.TextChoices):
    MAKE = "make", "Manufacturer (chassis)"
    ENGINE = "engine", "Manufacturer (engine)"
    TEAM = "team", "Team"
    DRIVER = "driver", "Driver"
    CAR = "car", "Car model"
    NATIONALITY = "nationality", "Nationality"


class Per(models.TextChoices):
    """How `totals()` splits a subject's record."""

    SERIES = "series", "Series"
    RACE = "race", "Race"
    CLASS = "class", "Class"
    SEASON = "season", "Season"


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

    def key(self) -> str:
        """The criteria as text, the same for the same criteria: part of a cache key."""
        ids = {name: getattr(getattr(self, name), "pk", None) for name in ("race", "series", "circuit", "car_class")}
        return f"{ids['race']}/{ids['series']}/{ids['circuit']}/{ids['car_class']}/{self.year_from}/{self.year_to}"


@dataclass
class TallyRow:
    rank: int
    subject: object
    count: int
    first: Event
    last: Event


@dataclass
class TotalsRow:
    """A subject's counts in one group (a series, a race...), or in all when `group` is None.

    The fields are named for the values of What, so `row.wins` is the overall wins.
    """

    group: object
    starts: int = 0
    wins: int = 0
    class_wins: int = 0
    podiums: int = 0
    class_podiums: int = 0
    poles: int = 0
    class_poles: int = 0
    first: Event | None = None
    last: Event | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {what.value: getattr(self, what.value) for what in What}


@dataclass
class Totals:
    rows: list[TotalsRow]
    all: TotalsRow


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


def _what_q(what: What) -> Q:
    """The results that count for `what`, before crediting anyone."""
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


def _unit(what: What):
    """What one credit is: a race (session), or a class in a race for class counts."""
    if what in CLASS_COUNTS:
        return Concat(
            Cast("session_id", CharField()),
            Value("-"),
            Cast("entry__car_class_id", CharField()),
            output_field=CharField(),
        )
    return F("session_id")


def _chronology():
    """A text key that sorts results by event date and ends with the event's id.

    Min and Max of it give a subject's first and last event in the same query as its
    count, on SQLite and PostgreSQL alike (neither needs window functions for it).
    """
    return Concat(
        Cast("session__event__year", CharField()),
        Value("|"),
        Coalesce(Cast("session__event__start_date", CharField()), Value("")),
        Value("|"),
        LPad(Cast("session__event_id", CharField()), 12, Value("0")),
        output_field=CharField(),
    )


def _event_id(key: str | None) -> int | None:
    return int(key.rsplit("|", 1)[1]) if key else None


def _subject_expression(who: Who, what: What):
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


def _subject_q(who: Who, subject) -> Q:
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


def _credit_q(who: Who, subject, what: What) -> Q:
    """Among a subject's results, those credited to it for `what`.

    Everything a car does is its crew's, except a pole, which goes to the driver who set
    it when the archive knows who did (the qualifying driver is one of the crew).
    """
    if what in POLE_COUNTS and who == Who.DRIVER:
        return _what_q(what) & (Q(qualifying_driver__isnull=True) | Q(qualifying_driver=subject))
    if what in POLE_COUNTS and who == Who.NATIONALITY:
        code = getattr(subject, "code", subject)
        return _what_q(what) & (Q(qualifying_driver__isnull=True) | Q(qualifying_driver__nationality=code))
    return _what_q(what)


def _subjects(who: Who, keys) -> dict:
    """The objects behind subject keys, in one query."""
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
    return model.in_bulk(keys)


def _events(ids) -> dict[int, Event]:
    ids = {i for i in ids if i is not None}
    return Event.objects.with_place().in_bulk(ids) if ids else {}


def _subject_name(subject) -> str:
    return str(getattr(subject, "name", subject))


def tally(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[TallyRow]:
    """Subjects ranked by how many `what` they have `where`: count, first and last event.

    Ties share a rank (1, 2, 2, 4) and are listed by who did it first. Three queries
    whatever the archive's size: the counts (kept under the archive revision, as they
    read every result `where`), the subjects, the events.
    """
    return tally_rows(who, kept_ranking(what, who, where, limit=limit))


@dataclass(frozen=True)
class Ranked:
    """A tally's row before its objects are fetched: keys and ids, cheap to keep and to cache."""

    rank: int
    subject: object  # the key: see subject_key()
    count: int
    first: int  # the ids of the first and last events
    last: int
    last_key: str  # sorts as the last event does: the latest of a ranking is its "as of"


def ranking(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[Ranked]:
    """`tally()`'s ranking as keys and event ids, in one query; `tally_rows()` fetches the objects."""
    what, who = What(what), Who(who)
    subject = _subject_expression(who, what)
    rows = (
        Result.objects.filter(where.q(), _what_q(what))
        .annotate(subject=subject)
        .exclude(subject__isnull=True)
        .values("subject")
        .annotate(count=Count(_unit(what), distinct=True), first=Min(_chronology()), last=Max(_chronology()))
        .order_by("-count", "first", "subject")
    )
    if who == Who.NATIONALITY:
        rows = rows.exclude(subject="")  # a driver of unknown nationality credits no country
    if limit is not None:
        rows = rows[:limit]
    ranked, rank, previous = [], 0, None
    for position, row in enumerate(rows, start=1):
        if row["count"] != previous:
            rank, previous = position, row["count"]
        first, last = _event_id(row["first"]), _event_id(row["last"])
        ranked.append(Ranked(rank, row["subject"], row["count"], first, last, row["last"]))
    return ranked


def kept_ranking(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[Ranked]:
    """`ranking()`, kept in the cache while the archive stays at the revision it was counted at."""
    what, who = What(what), Who(who)
    key = f"{what.value}/{who.value}/{where.key()}/{limit}"
    return revision.cached("ranking", key, lambda: ranking(what, who, where, limit=limit))


def latest_event(ranked: list[Ranked]) -> Event | None:
    """The latest event a ranking counts (one query): what its totals are "as of"."""
    latest = max(ranked, key=lambda row: row.last_key, default=None)
    return _events([latest.last]).get(latest.last) if latest else None


def tally_rows(who: Who, ranked: list[Ranked]) -> list[TallyRow]:
    """TallyRows for ranked keys, their subjects and events fetched in a query each."""
    subjects = _subjects(Who(who), [row.subject for row in ranked])
    events = _events([row.first for row in ranked] + [row.last for row in ranked])
    rows = [
        TallyRow(
            rank=row.rank,
            subject=subjects.get(row.subject),
            count=row.count,
            first=events.get(row.first),
            last=events.get(row.last),
        )
        for row in ranked
    ]
    return [row for row in rows if row.subject is not None]


_GROUPS = {
    Per.SERIES: ("session__event__season__series", Series.objects.all()),
    Per.RACE: ("session__event__race", Race.objects.select_related("circuit")),
    Per.CLASS: ("entry__car_class", CarClass.objects.select_related("series")),
    Per.SEASON: ("session__event__season", Season.objects.select_related("series")),
}


def totals(who: Who, subject, where: Where = Where(), *, per: Per | None = None) -> Totals:
    """Every count of one subject `where`, in all and, with `per`, split by series, race, class or season.

    `first` and `last` are the subject's first and last start. At most four queries; three
    when split by series, race or season, whose groups share no race, so that the totals
    in all are their sums.
    """
    if per in (Per.SERIES, Per.RACE, Per.SEASON):
        rows = breakdown(who, subject, per, where)
        return Totals(rows=rows, all=_sum(rows))
    overall = _counted(who, subject, where).aggregate(**_aggregates(who, subject, What))
    grouped = _grouped(who, subject, where, per, What) if per is not None else []
    rows = _totals_rows([overall, *grouped], per)
    return Totals(rows=rows[1:], all=rows[0])


def breakdown(
    who: Who, subject, per: Per, where: Where = Where(), *, counting: tuple[What, ...] = tuple(What)
) -> list[TotalsRow]:
    """One subject's counts `where`, split by series, race, class or season (three queries).

    Rows are in the order the subject first did it in them; results outside any group (an
    event of no series or of no recurring race, a car without a class) make a row whose
    group is None. `counting` limits what is counted (the others stay 0); `first` and
    `last` are the first and last start, or with wins alone counted the first and last win,
    and then only the winning results are read.
    """
    counting = tuple(What(what) for what in counting)
    wins_only = set(counting) <= {What.OVERALL_WINS, What.CLASS_WINS}
    return _totals_rows(_grouped(who, subject, where, per, counting, wins_only=wins_only), per)


def _counted(who: Who, subject, where: Where):
    return Result.objects.filter(where.q(), _subject_q(who, subject))


def _aggregates(who: Who, subject, counting, *, wins_only=False) -> dict:
    """Each What counted by its own rule, and the first and last start (or win), in one pass over the rows."""
    credited = {what: _credit_q(who, subject, what) for what in What}
    aggregates = {what.value: Count(_unit(what), distinct=True, filter=credited[what]) for what in counting}
    span = credited[What.OVERALL_WINS] | credited[What.CLASS_WINS] if wins_only else credited[What.STARTS]
    aggregates["first"] = Min(_chronology(), filter=span)
    aggregates["last"] = Max(_chronology(), filter=span)
    return aggregates


def _grouped(who: Who, subject, where: Where, per: Per, counting, *, wins_only=False) -> list[dict]:
    column, _ = _GROUPS[Per(per)]
    counted = _counted(who, subject, where)
    if wins_only:
        counted = counted.filter(_what_q(What.OVERALL_WINS) | _what_q(What.CLASS_WINS))
    aggregates = _aggregates(who, subject, counting, wins_only=wins_only)
    return list(counted.values(group=F(column)).annotate(**aggregates).order_by())


def _totals_rows(values: list[dict], per: Per | None) -> list[TotalsRow]:
    """TotalsRows from aggregated values, their groups and events fetched in a query each."""
    keys = [v["group"] for v in values if v.get("group") is not None]
    group_objects = _GROUPS[Per(per)][1].in_bulk(keys) if keys else {}
    events = _events(_event_id(v[end]) for v in values for end in ("first", "last"))
    rows = [
        TotalsRow(
            group=group_objects.get(v.get("group")),
            first=events.get(_event_id(v["first"])),
            last=events.get(_event_id(v["last"])),
            **{what.value: v.get(what.value) or 0 for what in What},
        )
        for v in values
    ]
    grouped = [row for row, v in zip(rows, values, strict=True) if "group" in v]
    grouped.sort(key=lambda r: (r.first is None, _sort_key(r.first), _subject_name(r.group)))
    return [row for row, v in zip(rows, values, strict=True) if "group" not in v] + grouped


def _sum(rows: list[TotalsRow]) -> TotalsRow:
    """The totals in all of groups that share no race."""
    started = [row for row in rows if row.first is not None]
    return TotalsRow(
        group=None,
        first=min((row.first for row in started), key=_sort_key, default=None),
        last=max((row.last for row in started), key=_sort_key, default=None),
        **{what.value: sum(getattr(row, what.value) for row in rows) for what in What},
    )


def _sort_key(event: Event | None):
    if event is None:
        return (0, "", 0)
    return (event.year, event.start_date.isoformat() if event.start_date else "", event.pk)


def occurrences(what: What, who: Who, subject, where: Where = Where()) -> list[Result]:
    """The results behind a count, oldest first: one per race (per class for class counts)."""
    return occurrence_results([found.result for found in occurrence_list(what, who, subject, where)])


@dataclass(frozen=True)
class Occurrence:
    """One of the results behind a count, by id: its result, its event and the event's year."""

    result: int
    event: int
    year: int


def occurrence_list(what: What, who: Who, subject, where: Where = Where()) -> list[Occurrence]:
    """`occurrences()` as ids, in one narrow query: cheap for a career of hundreds of starts."""
    what, who = What(what), Who(who)
    rows = (
        Result.objects.filter(where.q(), _subject_q(who, subject), _credit_q(who, subject, what))
        .values_list("id", "session_id", "entry__car_class_id", "session__event_id", "session__event__year")
        .order_by("session__event__year", "session__event__start_date", "session__event_id", "session__order", "id")
    )
    seen, listed = set(), []
    for result, session, car_class, event, year in rows:
        unit = (session, car_class if what in CLASS_COUNTS else None)
        if unit not in seen:
            seen.add(unit)
            listed.append(Occurrence(result, event, year))
    return listed


def occurrence_results(ids: list[int]) -> list[Result]:
    """The results of `ids`, in that order, with their event, car, class, team and crew (three queries)."""
    results = (
        Result.objects.filter(pk__in=ids)
        .select_related("session__event__season__series", "session__event__race", "session__event__circuit")
        .prefetch_related(
            models.Prefetch(
                "entry",
                queryset=Entry.objects.select_related(
                    "car__manufacturer", "car__engine_manufacturer", "team", "car_class"
                ),
            ),
            models.Prefetch("entry__crew", queryset=EntryDriver.objects.select_related("driver")),
        )
        .in_bulk()
    )
    return [results[pk] for pk in ids if pk in results]


# The counting rules as building blocks, for streaks (results.streaks) and milestones
# (results.milestones), which count the same things in other shapes.


def counting_q(what: What) -> Q:
    """The Q that picks the results that count for `what`, before crediting anyone."""
    return _what_q(What(what))


def unit(what: What):
    """The expression naming one credit of `what`: a race, or a class in a race for class counts."""
    return _unit(What(what))


def credited(what: What, who: Who, where: Where = Where()):
    """The results that count for `what` `where`, each annotated with `subject`, the key of who is credited.

    The key is what `subject_key()` gives: a primary key, or a country code for
    nationalities. A result appears once per crew member when drivers are credited.
    """
    what, who = What(what), Who(who)
    rows = (
        Result.objects.filter(where.q(), _what_q(what))
        .annotate(subject=_subject_expression(who, what))
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


def subjects(who: Who, keys) -> dict:
    """The objects behind subject keys, in one query (none for nationalities)."""
    return _subjects(Who(who), keys)
