"""A standings table: one row a competitor, in order, with its points, gap, counts and rounds."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from results.display.charts import LineChart
from results.models import Championship
from results.stats.standings.chart import CHART_LINES, points_chart
from results.stats.standings.competitors import KIND_TITLES, Competitor
from results.stats.standings.points import from_hundredths, points_text
from results.stats.standings.ranking import PlaceHistory, Step, rank_each_round
from results.stats.standings.rounds import Round
from results.stats.standings.tally import Tally


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
    def figures(self) -> SafeString:
        """The row's numbers as table cells, from the points to the last round's.

        Joined here rather than in the template: a season of twelve rounds and a hundred
        drivers a class makes thousands of cells, too many for template loops to render
        fast. Only numbers, "Leader" and dashes go in, so nothing needs escaping.
        """
        gap = "Leader" if self.gap is None else f"−{self.gap}"
        numbers = (self.starts, self.wins, self.poles, self.podiums)
        rounds = ("–" if p is None else p for p in self.by_round)
        return mark_safe(
            f'<td class="num"><strong>{self.points}</strong></td><td class="num">{gap}</td>'
            + "".join(f'<td class="num">{n}</td>' for n in (*numbers, *rounds))
        )


@dataclass
class StandingsTable:
    kind: str
    rows: list[StandingRow]
    chart: LineChart | None

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


def standings_table(
    kind: str, tallies: dict[tuple, Tally], rounds: list[Round], after: int, championship
) -> StandingsTable:
    """The table of one kind of competitor after round `after`, with its chart."""
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
    chart = None
    if rows:
        leaders = [(row.competitor.name, totals[row.index]) for row in rows[:CHART_LINES]]
        chart = points_chart(kind, rounds[:after], leaders)
    return StandingsTable(kind=kind, rows=rows, chart=chart)
