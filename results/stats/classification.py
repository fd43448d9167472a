"""Class positions and the order of a classification.

Class positions come from the overall order by one function, so they are never typed
twice: `assign_class_positions` is called by the admin and the shell, and the importers
number the results they write by the same rule (`derive_class_positions`)
alike whenever a session's results change. The order a classification reads in, its
classes in the organiser's order and its podiums and poles work on rows already fetched
(`Session.objects.for_event_page()`), so they add no queries however many cars a session has.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction

from results.models import CarClass, Result, Session
from results.stats import credits


@transaction.atomic
def assign_class_positions(session: Session) -> int:
    """Number each class's placed cars 1, 2, 3... in overall order; return how many changed.

    A result with no overall position keeps the class position its source gave (old or
    partial results that only know the class order), unless the car is unplaced, which
    has no class position either. In a partial classification a car's class position can
    be derived only while every overall place above it is known; below the first unknown
    place the source's class position is kept ("P4 in GTD, P6 overall").
    """
    results = list(Result.objects.filter(session=session).select_related("entry"))
    changed = derive_class_positions(session, results)
    Result.objects.bulk_update(changed, ["class_position"])
    if changed:
        credits.recount([session.event_id])  # a bulk update sends no signals
    return len(changed)


def derive_class_positions(session: Session, results: list[Result]) -> list[Result]:
    """Set the class position of each of `results` (all of `session`'s, with their entries) as
    `assign_class_positions` gives it, in memory; return those changed, for the caller to save.

    The importers number the results they are about to create this way, so that a new
    session is written once, not written and then numbered.
    """
    known_places = {result.position for result in results if result.position is not None}
    next_in_class: dict[int | None, int] = defaultdict(lambda: 1)
    changed = []
    in_order = sorted((r for r in results if r.position is not None), key=lambda r: r.position)
    for result in [*in_order, *(r for r in results if r.position is None)]:
        if result.status in Result.UNPLACED:
            wanted = None
        elif not derives_class_position(session, result.position, known_places):
            continue
        else:
            wanted = next_in_class[result.entry.car_class_id]
            next_in_class[result.entry.car_class_id] += 1
        if result.class_position != wanted:
            result.class_position = wanted
            changed.append(result)
    return changed


def derives_class_position(session: Session, position: int | None, known_places: set[int]) -> bool:
    """Whether a placed car's class position follows from the overall order of `session`.

    It does for a car with an overall position, except in a partial classification where
    some place above the car is unknown (`known_places` are the positions held).
    """
    if position is None:
        return False
    return not session.is_partial or known_places.issuperset(range(1, position))


@dataclass(frozen=True)
class ClassGroup:
    """The placed cars of one class of a session, best first."""

    car_class: CarClass | None
    label: str
    results: list[Result]


def _class_key(car_class: CarClass | None):
    # The organiser's order; cars without a class come after every class.
    return (1, 0, "") if car_class is None else (0, car_class.order, car_class.name)


def by_class(results: list[Result], *, up_to: int | None = None) -> list[ClassGroup]:
    """Placed results grouped by class, classes in the organiser's order, each in class order.

    `up_to` keeps the cars placed up to that class position: 3 for podiums, 1 for winners
    and poles. A partial classification may lack a class's first cars; they are not
    replaced by the next ones known (the 6th is no podium).
    """
    groups: dict[int | None, list[Result]] = defaultdict(list)
    classes: dict[int | None, CarClass | None] = {}
    for result in results:
        if result.class_position is None or (up_to is not None and result.class_position > up_to):
            continue
        groups[result.entry.car_class_id].append(result)
        classes[result.entry.car_class_id] = result.entry.car_class
    only_unclassed = list(groups) == [None]
    ordered = sorted(groups, key=lambda key: _class_key(classes[key]))
    return [
        ClassGroup(
            car_class=classes[key],
            label=classes[key].name if classes[key] else ("Overall" if only_unclassed else "No class"),
            results=sorted(groups[key], key=lambda r: r.class_position),
        )
        for key in ordered
    ]


def classification_order(results: list[Result]) -> list[Result]:
    """Results in the order a classification reads: placed cars by position; then cars a
    partial source places only in class, classes in the organiser's order; then the
    unplaced, most laps first."""

    def key(result: Result):
        placed_in_class = result.class_position is not None
        return (
            result.position is None,
            result.position or 0,
            not placed_in_class,
            _class_key(result.entry.car_class) if placed_in_class else (),
            result.class_position or 0,
            -(result.laps or 0),
            result.entry.number,
        )

    return sorted(results, key=key)


def best_time_ms(result: Result) -> int | None:
    """The time that ranks a car in qualifying or practice: its best lap."""
    return result.best_lap_ms if result.best_lap_ms is not None else result.total_time_ms
