"""What each car scores, and each competitor's points and finishes round by round.

Cars score by class position: the scale's points, times the event's multiplier. A car
disqualified or excluded scores nothing, not even the fastest lap. Every driver of a
car's crew is credited with the car's points; a team scores by car; a manufacturer
scores for its best-placed car of the class in each race."""

from collections import defaultdict

from results.models import Championship, Result, Session
from results.stats.standings.data import Competitor, SeasonData
from results.stats.standings.points import to_hundredths
from results.stats.standings.rules import Round, finishing_scale

NO_POINTS = frozenset({Result.Status.DISQUALIFIED, Result.Status.EXCLUDED})
NOT_A_START = frozenset({Result.Status.DID_NOT_START, Result.Status.EXCLUDED})


class CarScore:
    """A car's result in one race of a round: its finishing points and what the stats count."""

    __slots__ = ("entry_id", "finish", "finish_points", "bonus", "started")

    def __init__(self, entry_id: int, finish: int | None, finish_points: int, started: bool):
        self.entry_id = entry_id
        self.finish = finish
        self.finish_points = finish_points  # hundredths, as every sum here
        self.bonus = 0
        self.started = started

    @property
    def total(self) -> int:
        return self.finish_points + self.bonus

    def rank(self):
        """Which of a competitor's two cars in one race counts: the one with more points, then better placed."""
        return (self.total, -(self.finish or 10_000))


def race_scores(championship, rnd: Round, rule, class_id, data: SeasonData) -> list[CarScore]:
    """The score of each car of the class in the round's race, the fastest lap's bonus included."""
    scale, multiplier = finishing_scale(championship, rule, data)
    scores = []
    fastest = None
    for result in data.results.get(rnd.session.id, ()):
        if data.entries[result.entry_id].class_id != class_id:
            continue
        scores_points = result.status not in NO_POINTS
        finish = result.class_position if scores_points else None
        score = CarScore(
            result.entry_id,
            finish,
            to_hundredths(scale.points_for(finish) * multiplier) if finish else 0,
            result.status not in NOT_A_START,
        )
        scores.append(score)
        if scores_points and result.best_lap_ms:
            key = (result.best_lap_ms, finish or 10_000)
            if fastest is None or key < fastest[0]:
                fastest = (key, score)
    if fastest is not None and championship.fastest_lap_points:
        fastest[1].bonus += to_hundredths(championship.fastest_lap_points)
    return scores


def qualifying_scores(championship, event, class_id, data: SeasonData) -> dict[int, tuple[int, bool]]:
    """Each car's pole and qualifying points at an event, from the last qualifying of its class."""
    if championship.scoring_kind == Session.Kind.QUALIFYING:
        return {}
    sessions = [
        s
        for s in data.sessions[event.id]
        if s.kind == Session.Kind.QUALIFYING and class_id in data.classes_in_session.get(s.id, ())
    ]
    if not sessions:
        return {}
    scale = data.scales.get(championship.qualifying_scale_id)
    scores = {}
    for result in data.results[sessions[-1].id]:
        if data.entries[result.entry_id].class_id != class_id:
            continue
        place = result.class_position if result.status not in NO_POINTS else None
        points = 0
        if place == 1:
            points += to_hundredths(championship.pole_points)
        if place and scale is not None:
            points += to_hundredths(scale.points_for(place))
        scores[result.entry_id] = (points, place == 1)
    return scores


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
