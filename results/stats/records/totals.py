"""Totals: every count of one subject, in all and split by series, race, class or season."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import F, Max, Min

from results.models import CarClass, Credit, Event, Race, Season, Series
from results.stats.coverage import Coverage
from results.stats.records.rules import (
    What,
    Where,
    Who,
    credit_chronology,
    credit_count,
    credits_counted_once,
    credits_counting,
    credits_of,
    credits_taking_part,
    event_id_of,
    events_by_id,
)


class Per(models.TextChoices):
    """How `totals()` splits a subject's record."""

    SERIES = "series", "Series"
    RACE = "race", "Race"
    CLASS = "class", "Class"
    SEASON = "season", "Season"


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
    coverage: Coverage | None = None  # of the group's races, where a page shows it (careers)

    @property
    def counts(self) -> dict[str, int]:
        return {what.value: getattr(self, what.value) for what in What}


@dataclass
class Totals:
    rows: list[TotalsRow]
    all: TotalsRow
    undated_beside_last: list[Event] = field(default_factory=list)  # see undated_in_year()
    coverage: Coverage | None = None  # of the races the subject took part in, where a page shows it


def undated_in_year(credits, latest: Event | None) -> list[Event]:
    """The events of `credits` without a date in the year of `latest`, but `latest` (one query).

    An event without a date counts as the earliest of its year (Credit.sequence, the pages'
    orders), so `latest` is the latest by that rule; yet any of these may have been run
    after it, and a page that says "as of" `latest` names them too. Ordered by round.
    """
    if latest is None:
        return []
    found = credits.filter(year=latest.year, event__start_date__isnull=True).exclude(event_id=latest.pk)
    events = events_by_id(found.values_list("event_id", flat=True).distinct()).values()
    return sorted(events, key=lambda event: (event.round is None, event.round or 0, event.name, event.pk))


def _subject_name(subject) -> str:
    return str(getattr(subject, "name", subject))


# Each group's column in the credits table, and its objects.
_GROUPS = {
    Per.SERIES: ("series_id", Series.objects.all()),
    Per.RACE: ("race_id", Race.objects.with_circuit()),
    Per.CLASS: ("car_class_id", CarClass.objects.select_related("series")),
    Per.SEASON: ("season_id", Season.objects.select_related("series")),
}


def totals(who: Who, subject, where: Where = Where(), *, per: Per | None = None) -> Totals:
    """Every count of one subject `where`, in all and, with `per`, split by series, race, class or season.

    `first` and `last` are the subject's first and last race (rules.credits_taking_part). At most five queries; four
    when split by series, race or season, whose groups share no race, so that the totals
    in all are their sums.
    """
    if per in (Per.SERIES, Per.RACE, Per.SEASON):
        rows = breakdown(who, subject, per, where)
        found = Totals(rows=rows, all=_sum(rows))
    else:
        overall = _counted(who, subject, where).aggregate(**_aggregates(What, within_class=where.car_class is not None))
        grouped = _grouped(who, subject, where, per, What) if per is not None else []
        rows = _totals_rows([overall, *grouped], per)
        found = Totals(rows=rows[1:], all=rows[0])
    taking_part = _counted(who, subject, where).filter(credits_taking_part())
    found.undated_beside_last = undated_in_year(taking_part, found.all.last)
    return found


def breakdown(
    who: Who, subject, per: Per, where: Where = Where(), *, counting: tuple[What, ...] = tuple(What)
) -> list[TotalsRow]:
    """One subject's counts `where`, split by series, race, class or season (three queries).

    Rows are in the order the subject first did it in them; results outside any group (an
    event of no series or of no recurring race, a car without a class) make a row whose
    group is None. `counting` limits what is counted (the others stay 0); `first` and
    `last` are the first and last race taken part in, or with wins alone counted the first and last win,
    and then only the winning results are read.
    """
    counting = tuple(What(what) for what in counting)
    wins_only = set(counting) <= {What.OVERALL_WINS, What.CLASS_WINS}
    return _totals_rows(_grouped(who, subject, where, per, counting, wins_only=wins_only), per)


def _counted(who: Who, subject, where: Where):
    return Credit.objects.filter(where.credits_q(), credits_of(who, subject))


def _aggregates(counting, *, within_class: bool, wins_only=False) -> dict:
    """Each What counted by its own rule, and the first and last race taken part in (or win):
    one pass over the credits. `within_class`: in one class, or split by class."""
    aggregates = {
        what.value: credit_count(what, filter=credits_counted_once(what, within_class=within_class))
        for what in counting
    }
    wins = credits_counting(What.OVERALL_WINS) | credits_counting(What.CLASS_WINS)
    span = wins if wins_only else credits_taking_part()
    aggregates["first"] = Min(credit_chronology(), filter=span)
    aggregates["last"] = Max(credit_chronology(), filter=span)
    return aggregates


def _grouped(who: Who, subject, where: Where, per: Per, counting, *, wins_only=False) -> list[dict]:
    column, _ = _GROUPS[Per(per)]
    counted = _counted(who, subject, where)
    if wins_only:
        counted = counted.filter(credits_counting(What.OVERALL_WINS) | credits_counting(What.CLASS_WINS))
    within_class = per == Per.CLASS or where.car_class is not None
    aggregates = _aggregates(counting, within_class=within_class, wins_only=wins_only)
    return list(counted.values(group=F(column)).annotate(**aggregates).order_by())


def _totals_rows(values: list[dict], per: Per | None) -> list[TotalsRow]:
    """TotalsRows from aggregated values, their groups and events fetched in a query each."""
    keys = [v["group"] for v in values if v.get("group") is not None]
    group_objects = _GROUPS[Per(per)][1].in_bulk(keys) if keys else {}
    events = events_by_id(event_id_of(v[end]) for v in values for end in ("first", "last"))
    rows = [
        TotalsRow(
            group=group_objects.get(v.get("group")),
            first=events.get(event_id_of(v["first"])),
            last=events.get(event_id_of(v["last"])),
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
