"""Places after each round, and the standings table.

Places go by points, ties broken on countback (or shared). The table has one row a
competitor, in order, with its points, gap, counts and rounds.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from results.models import Championship
from results.stats.standings.data import KIND_TITLES, Competitor
from results.stats.standings.points import from_hundredths, points_text
from results.stats.standings.scoring import Tally

Ranking = list[tuple[int, int, bool]]  # (index, position, shared), best first


class Step(NamedTuple):
    """Where a competitor stood after one round."""

    points: str  # as shown: "45", "12.5"
    position: int | None  # None before its first round
    shared: bool = False


def rank(entries: list[tuple[int, int, str, int]]) -> Ranking:
    """Rank (-points, -countback, name, index) entries: (index, position, shared) in order.

    Equal points and record share a place and are listed by name.
    """
    entries.sort()
    ranked = []
    for n, (minus_points, minus_record, _, index) in enumerate(entries):
        if n == 0 or (minus_points, minus_record) != entries[n - 1][:2]:
            position = n + 1
        elif not ranked[-1][2]:
            ranked[-1] = (ranked[-1][0], ranked[-1][1], True)
        ranked.append((index, position, position != n + 1))
    return ranked


def rank_each_round(everyone: list[Tally], after: int, *, countback: bool) -> tuple[list[list[int]], list[Ranking]]:
    """Each tally's running total (hundredths) after each of the first `after` rounds, and the ranking after each.

    A competitor is ranked from its first round on; without `countback`, equal points share the place.
    """
    # Countback as one number: each finish adds base**(width - place), the base exceeding
    # any count, so comparing the numbers compares wins, then seconds, then thirds…
    width = max((f for tally in everyone for f in tally.finish[:after] if f), default=0)
    base = after + 1
    weight = {place: base ** (width - place) for place in range(1, width + 1)}
    totals: list[list[int]] = []
    after_round: list[list[tuple[int, int, str, int]]] = [[] for _ in range(after)]
    for index, tally in enumerate(everyone):
        total = record = 0
        began = False
        sums = []
        for j in range(after):
            points, finish = tally.points[j], tally.finish[j]
            if points is not None:
                total += points
                began = True
            if finish and countback:
                record += weight[finish]
            sums.append(total)
            if began:
                after_round[j].append((-total, -record, tally.competitor.name, index))
        totals.append(sums)
    return totals, [rank(entries) for entries in after_round]


class PlaceHistory:
    """Every competitor's running total and place after each round, for the rows that show them."""

    def __init__(self, totals: list[list[int]], rankings: list[Ranking]):
        self.totals = totals
        self.places = [{index: (position, shared) for index, position, shared in ranked} for ranked in rankings]

    def steps(self, index: int) -> list[Step]:
        """The competitor's points and place after each round (its index in the tallies ranked)."""
        sums = self.totals[index]
        return [Step(points_text(sums[j]), *places.get(index, (None, False))) for j, places in enumerate(self.places)]


# How many of a table's leaders its chart follows (display/charts.py draws it).
CHART_LINES = 8


@dataclass
class StandingRow:
    position: int
    shared: bool
    competitor: Competitor
    points: Decimal
    gap: Decimal | None  # None for the leader
    starts: int
    wins: int
    poles: int
    podiums: int
    by_round: list[str | None]  # the points of each round so far, as shown; None: took no part
    history: PlaceHistory = field(repr=False, compare=False)
    index: int = field(repr=False, compare=False)

    @property
    def progress(self) -> list[Step]:
        """Points and place after each round so far (worked out only for the rows shown so)."""
        return self.history.steps(self.index)

    @property
    def running_totals(self) -> list[int]:
        """The competitor's points after each round so far, in hundredths."""
        return self.history.totals[self.index]


@dataclass
class StandingsTable:
    kind: str
    rows: list[StandingRow]

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def charted(self) -> list[StandingRow]:
        """The rows the chart draws, whose progress the table beside it gives."""
        return self.rows[:CHART_LINES]


def standings_table(kind: str, tallies: dict[tuple, Tally], after: int, championship) -> StandingsTable:
    """The table of one kind of competitor after round `after`."""
    everyone = list(tallies.values())
    countback = championship.tie_break == Championship.TieBreak.COUNTBACK
    totals, rankings = rank_each_round(everyone, after, countback=countback)
    history = PlaceHistory(totals, rankings)
    final = rankings[-1] if after else []
    leader = totals[final[0][0]][-1] if final else 0
    rows = []
    for index, position, shared in final:
        tally = everyone[index]
        finishes = [f for f in tally.finish[:after] if f]
        rows.append(
            StandingRow(
                position=position,
                shared=shared,
                competitor=tally.competitor,
                points=from_hundredths(totals[index][-1]),
                gap=from_hundredths(leader - totals[index][-1]) if position > 1 else None,
                starts=sum(tally.started[:after]),
                wins=finishes.count(1),
                poles=sum(tally.poles[:after]),
                podiums=sum(1 for f in finishes if f <= 3),
                by_round=[None if p is None else points_text(p) for p in tally.points[:after]],
                history=history,
                index=index,
            )
        )
    return StandingsTable(kind=kind, rows=rows)
