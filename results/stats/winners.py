"""Who won: the overall and class winners of events, from their race sessions' results.

One place that says what a winner is (overall position 1 or class position 1 in a race
session, DESIGN.md "Counting rules"), so the home page, the event page and the race
histories agree. It fetches the winners of any number of events in two queries: the
results with their cars, entrants and classes, and the crews.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q

from results.models import Event, Result, Session


def winning_results():
    """Race results at overall or class position 1, with car, entrant, class and crew,
    in the order of each event's sessions and then the organiser's class order."""
    return (
        Result.objects.races()
        .filter(Q(position=1) | Q(class_position=1))
        .for_classification()
        .select_related("session")
        .order_by(
            "session__event_id",
            "session__order",
            F("session__starts_at").asc(nulls_last=True),
            "session_id",
            F("entry__car_class__order").asc(nulls_first=True),
            F("position").asc(nulls_last=True),
            "entry__number",
        )
    )


@dataclass
class RaceWinners:
    """The winners of one race session: overall, and each class in the organiser's order."""

    session: Session
    overall: Result | None = None
    class_winners: list[Result] = field(default_factory=list)

    @property
    def other_class_winners(self) -> list[Result]:
        """The class winners besides the overall winner, whose own class win goes without saying."""
        return [result for result in self.class_winners if result != self.overall]


def winners_by_event(events: Iterable[Event | int]) -> dict[int, list[RaceWinners]]:
    """Each event's race sessions that have a winner, by event id, in session order.

    An event without race results is missing from the answer; a car without a class wins
    no class (the classless cars of an old single-class race are ranked overall only).
    """
    event_ids = [event if isinstance(event, int) else event.pk for event in events]
    by_session: dict[int, RaceWinners] = {}
    for result in winning_results().filter(session__event_id__in=event_ids):
        race = by_session.setdefault(result.session_id, RaceWinners(session=result.session))
        if result.position == 1:
            race.overall = result
        if result.class_position == 1 and result.entry.car_class_id is not None:
            race.class_winners.append(result)
    by_event: dict[int, list[RaceWinners]] = {}
    for race in by_session.values():
        by_event.setdefault(race.session.event_id, []).append(race)
    return by_event
