"""Class positions and the order of a classification.

Class positions come from the overall order by one function, so they are never typed
twice: `assign_class_positions` is called by the admin, the importers and the shell
alike whenever a session's results change.
"""

from collections import defaultdict

from django.db import transaction

from results.models import Result, Session


@transaction.atomic
def assign_class_positions(session: Session) -> int:
    """Number each class's placed cars 1, 2, 3... in overall order; return how many changed.

    A result with no overall position keeps the class position its source gave (old or
    partial results that only know the class order), unless the car is unplaced, which
    has no class position either. In a partial classification a car's class position can
    be derived only while every overall place above it is known; below the first unknown
    place the source's class position is kept ("P4 in GTD, P6 overall").
    """
    results = list(Result.objects.filter(session=session).select_related("entry").order_by("position", "id"))
    known_places = {result.position for result in results if result.position is not None}
    next_in_class: dict[int | None, int] = defaultdict(lambda: 1)
    changed = []
    for result in results:
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
    # Clear first, then set, so no intermediate state breaks a future uniqueness rule.
    Result.objects.bulk_update(changed, ["class_position"])
    return len(changed)


def derives_class_position(session: Session, position: int | None, known_places: set[int]) -> bool:
    """Whether a placed car's class position follows from the overall order of `session`.

    It does for a car with an overall position, except in a partial classification where
    some place above the car is unknown (`known_places` are the positions held).
    """
    if position is None:
        return False
    return not session.is_partial or known_places.issuperset(range(1, position))
