"""Made-up but plausible classifications: who qualified where, who finished, by how much.

Pure functions on plain objects, so they are cheap to run half a million times. Times
are whole milliseconds as the archive stores them; the order follows the sport's rules
(more laps first, then less time), and class positions follow the overall order the way
results/stats/classification.py numbers them.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from benchdata.catalogue import (
    DID_NOT_START_REASONS,
    DISQUALIFICATION_REASONS,
    PENALTY_REASONS,
    RETIREMENT_REASONS,
)
from results.models import Result

Status = Result.Status


@dataclass(eq=False)
class Runner:
    """A car in a session: what it is (opaque to this module), its class and its pace."""

    car: object
    group: object  # the class the car is classified in, None for no class
    pace: float  # multiplies the reference lap time: lower is faster
    crew: list


@dataclass(eq=False)
class Line:
    """One row of a classification."""

    runner: Runner
    status: str = Status.CLASSIFIED
    position: int | None = None
    class_position: int | None = None
    position_at_line: int | None = None
    class_position_at_line: int | None = None
    laps: int | None = None
    total_time_ms: int | None = None
    gap_ms: int | None = None
    gap_laps: int | None = None
    best_lap_ms: int | None = None
    best_lap_number: int | None = None
    best_lap_driver: object = None
    qualifying_driver: object = None
    grid: int | None = None
    reason: str = ""
    pace: float = field(default=0.0, repr=False)  # this session's lap time


def number_classes(lines: list[Line]) -> None:
    """Class positions 1, 2, 3... of each class in the overall order of the placed cars."""
    next_in_class: dict = defaultdict(lambda: 1)
    for line in lines:
        if line.position is None:
            line.class_position = None
            continue
        line.class_position = next_in_class[line.runner.group]
        next_in_class[line.runner.group] += 1


def qualifying(rng: random.Random, runners: list[Runner], *, lap_ms: float) -> list[Line]:
    """A qualifying classification: ordered by best lap; a few cars set no time."""
    timed, untimed = [], []
    for runner in runners:
        line = Line(runner, qualifying_driver=runner.crew[rng.randrange(min(2, len(runner.crew)))])
        if rng.random() < 0.02:
            line.status, line.reason = Status.NOT_CLASSIFIED, "no time set"
            line.laps = rng.randint(0, 2)
            untimed.append(line)
            continue
        line.best_lap_ms = round(lap_ms * runner.pace * (1 + abs(rng.gauss(0, 0.004))))
        line.laps = rng.randint(4, 14)
        line.best_lap_number = rng.randint(2, line.laps)
        line.best_lap_driver = line.qualifying_driver
        timed.append(line)
    timed.sort(key=lambda line: line.best_lap_ms)
    for position, line in enumerate(timed, start=1):
        line.position = position
        if position > 1:
            line.gap_ms = line.best_lap_ms - timed[0].best_lap_ms
    lines = timed + untimed
    number_classes(lines)
    return lines


def race(
    rng: random.Random, runners: list[Runner], *, lap_ms: float, minutes: int, aco_rules: bool, reliability: float
) -> tuple[list[Line], bool]:
    """A race classification of `minutes`, and whether a post-race penalty amended it.

    `reliability` scales how many cars retire (older cars broke more often).
    """
    duration_ms = minutes * 60_000
    retire_chance = min(0.4, (0.05 + 0.012 * minutes / 60) / reliability)
    running, retired, disqualified, absent = [], [], [], []
    for runner in runners:
        line = Line(runner, pace=lap_ms * runner.pace * 1.06 * rng.gauss(1, 0.006))
        fate = rng.random()
        if fate < 0.012:
            line.status, line.reason = Status.DID_NOT_START, rng.choice(DID_NOT_START_REASONS)
            absent.append(line)
        elif fate < 0.012 + retire_chance:
            line.status, line.reason = Status.RETIRED, rng.choice(RETIREMENT_REASONS)
            retired.append((line, rng.random()))  # with the share of the race it ran
        elif fate < 0.016 + retire_chance:
            line.status, line.reason = Status.DISQUALIFIED, rng.choice(DISQUALIFICATION_REASONS)
            disqualified.append(line)
        else:
            running.append(line)

    fastest = min((line.pace for line in running + disqualified), default=lap_ms * 1.06)
    leader_laps = int(duration_ms // fastest) + 1
    finish_ms = leader_laps * fastest
    for line in running + disqualified:
        # Every car takes the flag on the first lap it completes after the leader's finish.
        line.laps = min(leader_laps, int(finish_ms // line.pace) + 1)
        line.total_time_ms = round(line.laps * line.pace)
    for line, share in retired:
        line.laps = int(share * finish_ms // line.pace)
    running.sort(key=lambda line: (-line.laps, line.total_time_ms))
    retired = sorted((line for line, _ in retired), key=lambda line: -line.laps)

    if aco_rules:
        # Too short a distance, or retired: not classified, however far it got.
        minimum = 0.7 * leader_laps
        placed = [line for line in running if line.laps >= minimum]
        short = [line for line in running if line.laps < minimum]
        for line in short:
            line.status = Status.NOT_CLASSIFIED
        unplaced = short + retired
    else:
        placed, unplaced = running + retired, []
    for position, line in enumerate(placed, start=1):
        line.position = position
    number_classes(placed)
    amended = len(placed) >= 6 and rng.random() < 0.03 and _penalise(rng, placed)

    for line in placed + unplaced:
        _best_lap(rng, line, lap_ms)
    _gaps(placed)
    for line in disqualified:
        _best_lap(rng, line, lap_ms)
        line.total_time_ms = None
    return placed + unplaced + disqualified + absent, amended


def _penalise(rng: random.Random, placed: list[Line]) -> bool:
    """A time penalty after the finish drops a car behind others on its lap."""
    culprit = 0 if rng.random() < 0.15 else rng.randint(1, min(8, len(placed) - 2))
    line = placed[culprit]
    same_lap = [i for i in range(culprit + 1, min(culprit + 4, len(placed))) if placed[i].laps == line.laps]
    if not same_lap or line.total_time_ms is None or placed[same_lap[0]].total_time_ms is None:
        return False
    to = rng.choice(same_lap)
    ahead = placed[to].total_time_ms
    behind = placed[to + 1].total_time_ms if to + 1 < len(placed) and placed[to + 1].laps == line.laps else None
    room = (behind - ahead - 1) if behind is not None else 30_000
    if room < 1:
        return False
    for at_line in placed:
        at_line.position_at_line, at_line.class_position_at_line = at_line.position, at_line.class_position
    line.total_time_ms = ahead + rng.randint(1, room)
    line.reason = rng.choice(PENALTY_REASONS)
    placed.insert(to, placed.pop(culprit))
    for position, moved in enumerate(placed, start=1):
        moved.position = position
    number_classes(placed)
    for moved in placed:
        # Only the cars the penalty moved keep their place at the line.
        if moved.position_at_line == moved.position:
            moved.position_at_line = None
        if moved.class_position_at_line == moved.class_position:
            moved.class_position_at_line = None
    return True


def _best_lap(rng: random.Random, line: Line, lap_ms: float) -> None:
    if not line.laps or line.laps < 2:
        return
    line.best_lap_ms = round(lap_ms * line.runner.pace * (1.01 + abs(rng.gauss(0, 0.006))))
    line.best_lap_number = rng.randint(2, line.laps)
    line.best_lap_driver = rng.choice(line.runner.crew)


def _gaps(placed: list[Line]) -> None:
    if not placed:
        return
    leader = placed[0]
    for line in placed[1:]:
        if line.laps == leader.laps and line.total_time_ms is not None:
            line.gap_ms = line.total_time_ms - leader.total_time_ms
        else:
            line.gap_laps = leader.laps - line.laps
