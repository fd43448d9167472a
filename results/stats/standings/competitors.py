"""Who the standings rank: drivers, teams (by car) and manufacturers."""

from dataclasses import dataclass

DRIVERS, TEAMS, MANUFACTURERS = "drivers", "teams", "manufacturers"
KIND_TITLES = {DRIVERS: "Drivers", TEAMS: "Teams", MANUFACTURERS: "Manufacturers"}


@dataclass(frozen=True)
class Competitor:
    """One driver, team car or make of a standings table; `key` starts with its kind."""

    key: tuple
    name: str
    url: str = ""
