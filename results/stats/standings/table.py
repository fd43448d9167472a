"""A standings table: one row a competitor, in order, with its points, gap, counts and rounds."""

from dataclasses import dataclass, field
from decimal import Decimal

from results.models import Championship
from results.stats.standings.competitors import KIND_TITLES, Competitor
from results.stats.standings.points import from_hundredths, points_text
from results.stats.standings.ranking import PlaceHistory, Step, rank_each_round
from results.stats.standings.tally import Tally

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

    def row_for(self, key: tuple) -> StandingRow | None:
        """The row of the competitor with this key; None if the table does not rank it."""
        return next((row for row in self.rows if row.competitor.key == key), None)


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
