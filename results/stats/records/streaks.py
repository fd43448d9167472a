"""Runs and droughts: each subject's longest run of consecutive wins (or poles, podiums,
starts), its current run, and what came before its latest one ("first since 2003").

What is counted, and who is credited, are the counting rules of records/rules.py.
"Consecutive" needs a sequence to be consecutive in, so runs exist where the records
view names a race or a series:

- **at a race**, its editions in year order. An edition that was not held (an event of
  the race whose status is cancelled, like the 24 Hours of Daytona of 1974) is skipped;
  any other year missing between two editions breaks every run, since the archive cannot
  say who won it;
- **in a series**, its races (race sessions) in order, or its events for poles (one grid
  per event).

Only the editions or races in which someone is credited with what is counted are in the
sequence: with a class chosen, the ones in which that class raced.
"""

import datetime
from dataclasses import dataclass

from results.models import Event, Result
from results.stats.records.rules import POLE_COUNTS, What, Where, Who, counting_q, credited

# The rule in a sentence, for the records page.
RULE = (
    "A run counts consecutive editions of the race, or consecutive races of the series, in which the "
    "subject scored what is counted (with a class chosen, those in which the class raced). A year the race "
    "was not held does not break a run; a year missing from the archive does."
)


@dataclass(frozen=True)
class Run:
    length: int
    first: Event
    last: Event


@dataclass(frozen=True)
class Streak:
    """One subject's runs: the longest (the earliest of equal ones), the latest, the current one."""

    longest: Run
    latest: Run  # the run that ends with the subject's latest occurrence
    current: Run | None  # the latest run when it reaches the latest edition or race counted
    since: Event | None  # the occurrence before the latest, when others came in between ("first since")

    @property
    def last(self) -> Event:
        return self.latest.last


def has_sequence(where: Where) -> bool:
    """Whether runs can be counted `where`: at a race, or in a series."""
    return where.race is not None or where.series is not None


@dataclass(frozen=True)
class _Unit:
    key: int
    event_id: int
    order: tuple


def streaks(what: What, who: Who, where: Where, subject_keys) -> dict:
    """The Streak of each of `subject_keys` (see records.subject_key) `where`; {} without a race or series.

    Four queries whatever the number of subjects: the sequence, the breaks in it, the
    subjects' credits and the events that start and end the runs.
    """
    what, who = What(what), Who(who)
    subject_keys = [key for key in subject_keys if key not in (None, "")]
    if not has_sequence(where) or not subject_keys:
        return {}
    by_event = where.race is not None or what in POLE_COUNTS
    unit_field = "session__event_id" if by_event else "session_id"
    units = _sequence(what, where, unit_field)
    position = {unit.key: index for index, unit in enumerate(units)}
    breaks = _breaks(where, units) if where.race is not None else set()

    credits: dict = {}
    rows = credited(what, who, where).filter(subject__in=subject_keys).values_list("subject", unit_field).distinct()
    for subject, key in rows.order_by():
        credits.setdefault(subject, set()).add(position[key])

    runs = {subject: _runs(sorted(indices), breaks) for subject, indices in credits.items()}
    event_ids = {units[i].event_id for subject_runs in runs.values() for run in subject_runs for i in run}
    events = Event.objects.with_place().in_bulk(event_ids)

    def run_of(indices) -> Run:
        return Run(len(indices), events[units[indices[0]].event_id], events[units[indices[-1]].event_id])

    answer = {}
    for subject, subject_runs in runs.items():
        longest = max(subject_runs, key=len)  # max keeps the first of equal runs
        latest = subject_runs[-1]
        current = latest if latest[-1] == len(units) - 1 else None
        since = None
        if len(latest) == 1 and len(subject_runs) > 1:
            since = events[units[subject_runs[-2][-1]].event_id]
        answer[subject] = Streak(
            longest=run_of(longest),
            latest=run_of(latest),
            current=run_of(current) if current else None,
            since=since,
        )
    return answer


def _sequence(what: What, where: Where, unit_field: str) -> list[_Unit]:
    """The editions or races in which someone is credited with `what` `where`, in order."""
    rows = (
        Result.objects.filter(where.q(), counting_q(what))
        .values_list(
            unit_field,
            "session__event_id",
            "session__event__year",
            "session__event__start_date",
            "session__event__round",
            "session__order",
        )
        .distinct()
        .order_by()
    )
    units = {}
    for key, event_id, year, start, round_, order in rows:
        sort = (year, start or datetime.date.max, round_ or 0, event_id)
        if unit_field == "session_id":
            sort += (order, key)
        units.setdefault(key, _Unit(key, event_id, sort))
    return sorted(units.values(), key=lambda unit: unit.order)


def _breaks(where: Where, units: list[_Unit]) -> set[int]:
    """Indices of editions that do not follow the one before: a year between them was held, or is unknown."""
    not_held = set(Event.objects.filter(race=where.race, status=Event.Status.CANCELLED).values_list("year", flat=True))
    breaks = set()
    for index in range(1, len(units)):
        before, after = units[index - 1].order[0], units[index].order[0]
        if any(year not in not_held for year in range(before + 1, after)):
            breaks.add(index)
    return breaks


def _runs(indices: list[int], breaks: set[int]) -> list[list[int]]:
    """Runs of consecutive positions in the sequence, oldest first."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][-1] + 1 and index not in breaks:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs
