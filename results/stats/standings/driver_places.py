"""A driver's place in every championship class they raced in, for their career page."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from results.models import CarClass, Championship
from results.stats.standings.championship import championship_standings
from results.stats.standings.competitors import DRIVERS
from results.stats.standings.season_data import SeasonData
from results.stats.standings.table import StandingRow


@dataclass(frozen=True)
class Place:
    """What a career page shows of a driver's row in the standings (not the row, which
    holds the whole class's history: 600 kB for a driver of 77 seasons, kept in the cache)."""

    position: int
    shared: bool
    points: Decimal
    wins: int

    @classmethod
    def of(cls, row: StandingRow) -> "Place":
        return cls(position=row.position, shared=row.shared, points=row.points, wins=row.wins)


@dataclass(frozen=True)
class DriverStanding:
    """A driver's place in one class of one championship."""

    championship: Championship
    car_class: CarClass | None
    place: Place
    of: int
    after: int
    total: int
    is_complete: bool
    url: str


def driver_championships(driver) -> list[DriverStanding]:
    """The driver's place in every championship class of every season they raced in, latest first."""
    season_ids = (
        Championship.objects.filter(scores_drivers=True, season__events__entries__crew__driver=driver)
        .values_list("season_id", flat=True)
        .distinct()
    )
    data = SeasonData(season_ids)
    key = (DRIVERS, driver.pk)
    season_of = {event.id: season_id for season_id, events in data.events.items() for event in events}
    raced_in: dict[int, set[int | None]] = defaultdict(set)
    for entry_id, crew in data.crews.items():
        entry = data.entries[entry_id]
        if entry.event_id in season_of and any(c.key == key for c in crew):
            raced_in[season_of[entry.event_id]].add(entry.class_id)
    found = []
    for championship in data.championships:
        if not championship.scores_drivers:
            continue
        standings = championship_standings(
            championship, data, class_ids=raced_in[championship.season_id], kinds=[DRIVERS]
        )
        for cls in standings.classes:
            table = cls.tables[0]
            row = table.row_for(key)
            if row is not None:
                found.append(
                    DriverStanding(
                        championship=championship,
                        car_class=cls.car_class,
                        place=Place.of(row),
                        of=len(table.rows),
                        after=cls.after,
                        total=cls.total,
                        is_complete=cls.is_complete,
                        url=championship.season.get_absolute_url() + f"#{cls.anchor}",
                    )
                )
    found.sort(key=lambda s: (-s.championship.season.year, s.championship.order, s.championship.name))
    return found
