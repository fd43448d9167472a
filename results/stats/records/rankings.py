"""Rankings: subjects ranked by how many of a count they have, with their first and last."""

from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Max, Min, Q

from drivers.models import Driver
from results.models import Credit, Event
from results.stats import cache
from results.stats.records.rules import (
    FromLaps,
    What,
    Where,
    Who,
    counted,
    credit_chronology,
    credit_count,
    credit_subject,
    credits_counted_once,
    event_id_of,
    events_by_id,
    subject_names,
    subjects,
)
from results.stats.records.totals import undated_in_year


@dataclass
class TallyRow:
    rank: int
    subject: object
    count: int
    first: Event
    last: Event


def tally(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[TallyRow]:
    """Subjects ranked by how many `what` they have `where`: count, first and last event.

    Ties share a rank (1, 2, 2, 4) and are listed by who did it first. Three queries
    whatever the archive's size: the counts (kept under the archive revision, as they
    read every result `where`), the subjects, the events.
    """
    return tally_rows(who, kept_ranking(what, who, where, limit=limit))


class Ranked(NamedTuple):
    """A tally's row before its objects are fetched: keys and ids, cheap to keep and to cache.

    A named tuple, not a dataclass: a ranking of 8,000 drivers is made and read back from
    the cache often, and a frozen dataclass took three times as long to make.
    """

    rank: int
    subject: object  # the key: see subject_key()
    count: int
    first: int  # the ids of the first and last events
    last: int
    last_key: int  # sorts as the last event does: the latest of a ranking is its "as of"


def ranking(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[Ranked]:
    """`tally()`'s ranking as keys and event ids, in one query; `tally_rows()` fetches the objects.

    Read from the credits table, which holds who was credited with what in every session
    (and from the lap files, where a session has one: rules.FromLaps).
    """
    what, who = counted(what), Who(who)
    counting = credits_counted_once(what, within_class=where.car_class is not None)
    credits = Credit.objects.filter(where.credits_q(), counting, who=who)
    if who == Who.NATIONALITY:
        credits = credits.exclude(country="")  # a driver of unknown nationality credits no country
    rows = (
        credits.values(subject=credit_subject(who))
        .annotate(count=credit_count(what), first=Min(credit_chronology()), last=Max(credit_chronology()))
        .order_by("-count", "first", "subject")
        .values_list("subject", "count", "first", "last")
    )
    if limit is not None:
        rows = rows[:limit]
    ranked, rank, previous = [], 0, None
    for position, (subject, count, first, last) in enumerate(rows, start=1):
        if count != previous:
            rank, previous = position, count
        ranked.append(Ranked(rank, subject, count, event_id_of(first), event_id_of(last), last))
    return ranked


def without_nationality(what: What, where: Where = Where()) -> tuple[int, int]:
    """(drivers' credits for `what` whose driver has no nationality in the archive, all drivers'
    credits for it) `where`: what a ranking by nationality leaves out. One query, kept."""
    what = counted(what)

    def count() -> tuple[int, int]:
        # Counted as the drivers' ranking counts them: each driver once a race (a start of two
        # compatriots is two, of one driver in two cars of two classes one), or their laps' total.
        counting = credits_counted_once(what, within_class=where.car_class is not None)
        credits = Credit.objects.filter(where.credits_q(), counting, who=Who.DRIVER)
        stateless = Driver.objects.filter(nationality="").values("pk")
        found = credits.aggregate(
            unknown=credit_count(what, filter=Q(subject_id__in=stateless)), all=credit_count(what)
        )
        return found["unknown"] or 0, found["all"] or 0

    return cache.kept("without-nationality", f"{what.value}/{where.key()}", [cache.RECORDS], count)


def kept_ranking(what: What, who: Who, where: Where = Where(), *, limit: int | None = None) -> list[Ranked]:
    """`ranking()`, kept in the read cache until a write touches the records."""
    what, who = counted(what), Who(who)
    key = f"{what.value}/{who.value}/{where.key()}/{limit}"
    # Kept as plain tuples: 8,000 named ones took 18 ms to pickle and 9 ms to read back,
    # plain ones 4 ms and 5 ms with their names put back.
    rows = cache.kept(
        "ranking", key, [cache.RECORDS], lambda: [tuple(row) for row in ranking(what, who, where, limit=limit)]
    )
    return [Ranked._make(row) for row in rows]


def latest_event(ranked: list[Ranked]) -> Event | None:
    """The latest event a ranking counts (one query): what its totals are "as of"."""
    latest = max(ranked, key=lambda row: row.last_key, default=None)
    return events_by_id([latest.last]).get(latest.last) if latest else None


def undated_beside(where: Where, as_of: Event | None, what: What | FromLaps = What.OVERALL_WINS) -> list[Event]:
    """The events counted `where` in the year of `as_of` that have no date (one query; totals.undated_in_year);
    of a count from the lap files, only those whose laps the archive holds."""
    credits = Credit.objects.filter(where.credits_q())
    if counted(what) in FromLaps:
        credits = credits.filter(laps_led__isnull=False)
    return undated_in_year(credits, as_of)


def tally_rows(who: Who, ranked: list[Ranked], *, words_only: bool = False) -> list[TallyRow]:
    """TallyRows for ranked keys, their subjects and events fetched in a query each.

    `words_only`: for a download, each subject as its name (rules.subject_names) and each
    event with its year and name; a CSV of 8,000 drivers then reads them in a third of the time.
    """
    keys = [row.subject for row in ranked]
    found = subject_names(Who(who), keys) if words_only else subjects(Who(who), keys)
    events = events_by_id([row.first for row in ranked] + [row.last for row in ranked], words_only=words_only)
    rows = [
        TallyRow(
            rank=row.rank,
            subject=found.get(row.subject),
            count=row.count,
            first=events.get(row.first),
            last=events.get(row.last),
        )
        for row in ranked
    ]
    return [row for row in rows if row.subject is not None]
