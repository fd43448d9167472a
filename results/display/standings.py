"""A standings table's rows as HTML: place, name, points, gap, counts and the points of each round.

Drawn here rather than in the template: a season of twelve rounds and a hundred drivers
a class makes thousands of cells, too many for template loops to draw fast.
"""

from django.utils.safestring import SafeString

from results.display.badges import class_badge
from results.display.framestack import with_room
from results.display.html import escape, html
from results.display.links import link
from results.stats.standings.points import tidy


def points_shown(points) -> str:
    """Points as fans write them (25, 12.5), from points as kept (25.00, 12.50)."""
    return str(tidy(points))


def round_headings(rounds, prefix: str = "") -> SafeString:
    """A standings table's column headings of `rounds` ("R1", or "After R1" with that prefix),
    each titled with what the round was."""
    return SafeString(
        "".join(
            f'<th class="num" scope="col"><abbr title="{escape(r.description)}">{escape(prefix)}{r.label}</abbr></th>'
            for r in rounds
        )
    )


def round_choices(standing) -> SafeString:
    """Links to the standings after each round run (a stats.standings ClassStanding's), the one shown marked."""
    return SafeString(
        " ".join(
            f'<strong aria-current="true">{r.number}</strong>'
            if r.number == standing.after
            else f'<a href="?after={r.number}#{escape(standing.anchor)}" title="{escape(r.description)}">{r.number}</a>'
            for r in standing.rounds_run
        )
    )


@with_room  # a row of calls per competitor: see framestack
def standing_rows(table) -> SafeString:
    """Every row of `table` (a stats.standings StandingsTable), one line each."""
    return SafeString("\n".join(_row(row) for row in table.rows))


def _row(row) -> str:
    competitor = row.competitor
    name = html('<a href="{}">{}</a>', competitor.url, competitor.name) if competitor.url else escape(competitor.name)
    gap = "Leader" if row.gap is None else f"−{row.gap}"
    numbers = (row.starts, row.wins, row.poles, row.podiums, *("–" if p is None else p for p in row.by_round))
    figures = "".join(f'<td class="num">{n}</td>' for n in numbers)
    place = f"={row.position}" if row.shared else row.position
    return (
        f'<tr><td class="num">{place}</td><td>{name}</td>'
        f'<td class="num"><strong>{row.points}</strong></td><td class="num">{gap}</td>{figures}</tr>'
    )


@with_room  # a row of calls per competitor: see framestack
def championship_rows(places) -> SafeString:
    """A driver's places in championships (stats.standings ChampionshipPlace rows), one line each:
    a long career holds a hundred of them."""
    return SafeString("\n".join(_championship_row(place) for place in places))


def _championship_row(place) -> str:
    shared = "=" if place.shared else ""
    unofficial = "" if place.complete else "; <em>unofficial</em>: the archive lacks some rounds"
    # Each cell named, for a phone's card of the row (history.css).
    return (
        f'<tr><td class="cell-season">{link(place.championship.season)}</td>'
        f'<td class="cell-championship">{link(place, place.championship.name)}</td>'
        f'<td class="cell-class">{class_badge(place.car_class)}</td>'
        f'<td class="num cell-place" data-label="Place">{shared}{place.position} of {place.drivers}</td>'
        f'<td class="num cell-points" data-label="Points">{points_shown(place.points)}</td>'
        f'<td class="num cell-wins" data-label="Wins">{place.wins}</td>'
        f'<td class="cell-counted">after round {place.after} of {place.rounds}{unofficial}</td></tr>'
    )


@with_room  # a row of calls per competitor: see framestack
def progress_rows(table) -> SafeString:
    """The charted rows of `table` as the chart's table gives them: points and place after each round."""
    return SafeString("\n".join(_progress(row) for row in table.charted))


def _progress(row) -> str:
    steps = "".join(
        f'<td class="num">{step.points} <span class="muted">({"=" if step.shared else ""}P{step.position})</span></td>'
        if step.position
        else '<td class="num">–</td>'
        for step in row.progress
    )
    return f"<tr><td>{escape(row.competitor.name)}</td>{steps}</tr>"
