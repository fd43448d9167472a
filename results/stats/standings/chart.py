"""The chart beside a standings table: the leaders' points after each round, a line each."""

from results.display.charts import LineChart, line_chart
from results.stats.standings.competitors import KIND_TITLES
from results.stats.standings.points import from_hundredths
from results.stats.standings.rounds import Round

CHART_LINES = 8


def points_chart(kind: str, rounds: list[Round], leaders: list[tuple[str, list[int]]]) -> LineChart:
    """`leaders`: at most CHART_LINES (name, running totals in hundredths), one total per round."""
    return line_chart(
        title=f"{KIND_TITLES[kind]}: points after each round",
        x_labels=[r.label for r in rounds],
        series=[(name, [from_hundredths(h) for h in totals]) for name, totals in leaders],
    )
