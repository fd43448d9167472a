"""A standings row's numbers as table cells: points, gap, counts and the points of each round."""

from django.utils.safestring import SafeString, mark_safe


def row_figures(row) -> SafeString:
    """`row`'s (a stats.standings StandingRow) cells from its points to its last round's.

    Joined here rather than in the template: a season of twelve rounds and a hundred
    drivers a class makes thousands of cells, too many for template loops to render
    fast. Only numbers, "Leader" and dashes go in, so nothing needs escaping.
    """
    gap = "Leader" if row.gap is None else f"−{row.gap}"
    numbers = (row.starts, row.wins, row.poles, row.podiums)
    rounds = ("–" if p is None else p for p in row.by_round)
    return mark_safe(  # noqa: S308 -- numbers, "Leader" and dashes only
        f'<td class="num"><strong>{row.points}</strong></td><td class="num">{gap}</td>'
        + "".join(f'<td class="num">{n}</td>' for n in (*numbers, *rounds))
    )
