"""A season's standings as its page shows them: every championship, class by class."""

from dataclasses import dataclass

from results.stats.standings.championship import ChampionshipStandings, championship_standings
from results.stats.standings.season_data import SeasonData


@dataclass
class SeasonStandings:
    """Every championship of a season, as its page shows them."""

    championships: list[ChampionshipStandings]
    message: str = ""  # what was wrong with the reader's request

    def __bool__(self) -> bool:
        return bool(self.championships)


def season_standings(season, *, after: str | int | None = None) -> SeasonStandings:
    """Every championship of a season, class by class: what the season page shows.

    `after` is the reader's "after round N" (from the query string): anything but a
    round number is refused with a message, and the latest standings are shown.
    """
    message = ""
    chosen = None
    if after not in (None, ""):
        try:
            chosen = int(after)
        except (TypeError, ValueError):
            chosen = None
        if chosen is None or chosen < 1:
            message = f"“{after}” is not a round number; these are the standings after the latest round."
            chosen = None
    data = SeasonData([season.pk])
    return SeasonStandings(
        championships=[championship_standings(c, data, after=chosen) for c in data.championships],
        message=message,
    )
