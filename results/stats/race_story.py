"""The race story, derived once from the laps (results.models.laps) when they are written:
where every car was at the end of every lap, its stints between stops, the caution periods.

A car's place at the end of its lap n is one more than the cars that completed lap n
before it: a car ahead on the road by a lap completed that lap earlier still. So the
places, the gap to the leader of that lap and to the car ahead follow from each lap's
elapsed time alone. A stint is a run of laps between two stops (an in-lap crosses the
line in the pit lane, and the out-lap after it carries the time in the pit lane); a
driver change within a run of laps starts one too. A caution period is a run of the
leader's laps under the full-course yellow (or the red flag).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from results.models.laps import CautionKind, CautionPeriod, Flag, Lap, Stint

# Raised whenever what is derived from laps changes, so that importing a file again derives it anew.
VERSION = 2


def place_laps(laps: Iterable[Lap], class_of: Callable[[Lap], object]) -> None:
    """Set each lap's position, class position, gap to the leader, interval to the car ahead
    and gap to the class leader, from every car's laps of the session (`class_of` a lap's class)."""
    by_number: dict[int, list[Lap]] = defaultdict(list)
    for lap in laps:
        by_number[lap.number].append(lap)
    for crossing in by_number.values():
        crossing.sort(key=lambda lap: lap.elapsed_ms)
        leader = crossing[0].elapsed_ms
        class_leaders: dict[object, int] = {}
        class_places: dict[object, int] = defaultdict(int)
        previous = None
        for place, lap in enumerate(crossing, start=1):
            car_class = class_of(lap)
            class_places[car_class] += 1
            class_leaders.setdefault(car_class, lap.elapsed_ms)
            lap.position, lap.class_position = place, class_places[car_class]
            lap.gap_ms = lap.elapsed_ms - leader
            lap.interval_ms = None if previous is None else lap.elapsed_ms - previous
            lap.class_gap_ms = lap.elapsed_ms - class_leaders[car_class]
            previous = lap.elapsed_ms


def mark_class_bests(laps: Iterable[Lap], class_of: Callable[[Lap], object]) -> None:
    """Mark the fastest lap of each class (on a tie, the one set first)."""
    best: dict[object, Lap] = {}
    for lap in laps:
        if lap.time_ms is None:
            continue
        held = best.get(class_of(lap))
        if held is None or (lap.time_ms, lap.elapsed_ms) < (held.time_ms, held.elapsed_ms):
            best[class_of(lap)] = lap
    for lap in best.values():
        lap.class_best = True


def stints_of(laps: list[Lap]) -> list[Stint]:
    """One car's stints (unsaved), from its laps in order."""
    stints: list[Stint] = []
    previous: Lap | None = None
    for lap in laps:
        stopped = previous is not None and (previous.in_pit or lap.pit_time_ms is not None)
        if previous is None or stopped or lap.driver_id != stints[-1].driver_id:
            stints.append(
                Stint(
                    result_id=lap.result_id,
                    order=len(stints) + 1,
                    driver_id=lap.driver_id,
                    first_lap=lap.number,
                    starts_ms=previous.elapsed_ms if previous else 0,
                    pit_time_ms=lap.pit_time_ms if stopped else None,
                )
            )
        stint = stints[-1]
        stint.last_lap, stint.ends_ms, stint.ends_in_pit = lap.number, lap.elapsed_ms, lap.in_pit
        previous = lap
    return stints


# The flags that stop the race's running, and the period each makes.
_NEUTRALISED = {Flag.CAUTION: CautionKind.CAUTION, Flag.RED: CautionKind.RED}


def caution_periods(laps: Iterable[Lap], session_id: int) -> list[CautionPeriod]:
    """The session's caution periods (unsaved), from its placed laps: runs of the leader's
    laps under a full-course yellow or a red flag."""
    leaders = sorted((lap for lap in laps if lap.position == 1), key=lambda lap: lap.number)
    periods: list[CautionPeriod] = []
    previous: Lap | None = None
    for lap in leaders:
        kind = _NEUTRALISED.get(lap.flag)
        running = periods[-1] if periods and periods[-1].last_lap == lap.number - 1 else None
        if kind is not None and running is not None and running.kind == kind:
            running.last_lap, running.ends_ms = lap.number, lap.elapsed_ms
        elif kind is not None:
            periods.append(
                CautionPeriod(
                    session_id=session_id,
                    order=len(periods) + 1,
                    kind=kind,
                    first_lap=lap.number,
                    last_lap=lap.number,
                    starts_ms=previous.elapsed_ms if previous else 0,
                    ends_ms=lap.elapsed_ms,
                )
            )
        previous = lap
    return periods
