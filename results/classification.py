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
    has no class position either.
    """
    results = list(Result.objects.filter(session=session).select_related("entry").order_by("position", "id"))
    next_in_class: dict[int | None, int] = defaultdict(lambda: 1)
    changed = []
    for result in results:
        if result.status in Result.UNPLACED:
            wanted = None
        elif result.position is None:
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
