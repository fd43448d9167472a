"""Each competitor's points and finishes, round by round, credited from its cars' scores.

Every driver of a car's crew is credited with the car's points; a team scores by car;
a manufacturer scores for its best-placed car of the class in each race.
"""

from collections import defaultdict

from results.models import Championship
from results.stats.standings.competitors import Competitor
from results.stats.standings.points import to_hundredths
from results.stats.standings.scoring import CarScore


class Tally:
    """A competitor's points (hundredths; None: took no part), finish, start and poles in each round."""

    __slots__ = ("competitor", "points", "finish", "started", "poles")

    def __init__(self, competitor: Competitor, rounds: int):
        self.competitor = competitor
        self.points: list[int | None] = [None] * rounds  # hundredths
        self.finish: list[int | None] = [None] * rounds
        self.started = [False] * rounds
        self.poles = [0] * rounds

    def add(self, i: int, points: int) -> None:
        """Add points to round index i (a round's qualifying and race both score in it)."""
        self.points[i] = points if self.points[i] is None else self.points[i] + points


def tally_for(tallies: dict, competitor: Competitor, rounds: int) -> Tally:
    """The competitor's tally, opened at its first result."""
    tally = tallies.get(competitor.key)
    if tally is None:
        tally = tallies[competitor.key] = Tally(competitor, rounds)
    return tally


def credit_best_car(tallies: dict, rounds: int, i: int, scores: list[CarScore], competitors_of) -> None:
    """Credit each competitor with its best car's result in one race (round index i)."""
    best: dict[tuple, tuple[Competitor, CarScore]] = {}
    for score in scores:
        for competitor in competitors_of(score.entry_id):
            held = best.get(competitor.key)
            if held is None or score.rank() > held[1].rank():
                best[competitor.key] = (competitor, score)
    for competitor, score in best.values():
        tally = tally_for(tallies, competitor, rounds)
        tally.add(i, score.total)
        tally.finish[i] = score.finish
        tally.started[i] = tally.started[i] or score.started


def credit_makes(tallies: dict, rounds: int, i: int, scores: list[CarScore], data, championship, scale, multiplier):
    """Credit each make with its best-placed car in one race (round index i), never with pole or lap."""
    by_make: dict[int, list[CarScore]] = defaultdict(list)
    for score in scores:
        if data.entries[score.entry_id].make_id:
            by_make[data.entries[score.entry_id].make_id].append(score)
    best = {make: min(cars, key=lambda s: s.finish or 10_000) for make, cars in by_make.items()}
    placed = sorted((s.finish, make) for make, s in best.items() if s.finish)
    make_order = {make: rank for rank, (_, make) in enumerate(placed, start=1)}
    for make, score in best.items():
        if championship.manufacturer_points == Championship.ManufacturerPoints.MAKE_ORDER:
            points = to_hundredths(scale.points_for(make_order[make]) * multiplier) if make in make_order else 0
        else:
            points = score.finish_points
        tally = tally_for(tallies, data.make(score.entry_id), rounds)
        tally.add(i, points)
        tally.finish[i] = score.finish
        tally.started[i] = any(s.started for s in by_make[make])
