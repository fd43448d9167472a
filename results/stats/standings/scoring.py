"""What each car scores: its finishing points in a race, the fastest lap, pole and qualifying.

Cars score by class position: the scale's points, times the event's multiplier. A car
disqualified or excluded scores nothing, not even the fastest lap.
"""

from results.models import Result, Session
from results.stats.standings.points import to_hundredths
from results.stats.standings.rounds import Round
from results.stats.standings.rules import finishing_scale
from results.stats.standings.season_data import SeasonData

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
