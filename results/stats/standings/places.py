"""The drivers' places kept for career pages (results.models.ChampionshipPlace).

A season's places follow from every result of the season and its championships' rules,
so the unit of a recount is a season: `recount_seasons()` ranks every driver of every
championship class of the seasons, as the season page does, and replaces their rows,
inside the caller's transaction. results.stats.credits calls it for the seasons of the
events it recounts and when a points rule changes; `rebuild()` recounts every season.
"""

from collections import Counter

from django.db import transaction

from results.models import Championship, ChampionshipPlace, Season
from results.stats import invalidation
from results.stats.recounted import chunks_of, listed_differences
from results.stats.standings.championship import championship_standings
from results.stats.standings.data import DRIVERS, SeasonData
from results.stats.standings.points import tidy

# Seasons ranked from one read: what a rebuild holds in memory at once.
CHUNK = 25
# Events asked about at once: SQLite takes at most 32,766 parameters in a query.
EVENTS = 5000
FIELDS = (
    "championship_id",
    "car_class_id",
    "driver_id",
    "season_id",
    "position",
    "shared",
    "points",
    "wins",
    "drivers",
    "after",
    "rounds",
    "complete",
)
DRIVER = FIELDS.index("driver_id")


def place_rows(season_ids) -> list[ChampionshipPlace]:
    """Every driver's place in every championship class of the seasons, counted now."""
    data = SeasonData(season_ids)
    rows = []
    for championship in data.championships:
        if not championship.scores_drivers:
            continue
        for standings in championship_standings(championship, data, kinds=[DRIVERS]).classes:
            table = standings.tables[0]
            for row in table.rows:
                rows.append(
                    ChampionshipPlace(
                        championship_id=championship.pk,
                        car_class_id=standings.car_class.pk if standings.car_class else None,
                        driver_id=row.competitor.key[1],
                        season_id=championship.season_id,
                        position=row.position,
                        shared=row.shared,
                        points=row.points,
                        wins=row.wins,
                        drivers=len(table.rows),
                        after=standings.after,
                        rounds=standings.total,
                        complete=standings.is_complete,
                    )
                )
    return rows


def ranked_seasons(event_ids) -> set[int]:
    """The seasons of the events that have drivers' standings: those whose places the events change."""
    event_ids = sorted(event_ids)
    found = set()
    for start in range(0, len(event_ids), EVENTS):
        ranked = Championship.objects.filter(scores_drivers=True, season__events__in=event_ids[start : start + EVENTS])
        found |= set(ranked.values_list("season_id", flat=True).distinct())
    return found


def recount_seasons(season_ids) -> None:
    """Replace the places of the seasons with a ranking of their results now (in the caller's transaction).

    The drivers whose places change are touched (results.stats.invalidation), since their
    career pages list them: a correction in one round moves drivers who were not in it.
    """
    season_ids = sorted({pk for pk in season_ids if pk is not None})
    with transaction.atomic():
        for start in range(0, len(season_ids), CHUNK):
            chunk = season_ids[start : start + CHUNK]
            # Two writes in one season recount it one after the other, never both at once:
            # each would delete the rows the other has not committed yet, and both insert.
            list(Season.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
            kept = ChampionshipPlace.objects.filter(season_id__in=chunk)
            before = set(map(_normal, kept.values_list(*FIELDS)))
            kept.delete()
            rows = []
            ranked = Championship.objects.filter(season_id__in=chunk, scores_drivers=True).values_list("season_id")
            if ranked := sorted({pk for (pk,) in ranked}):  # most seasons of an archive have no championship
                rows = ChampionshipPlace.objects.bulk_create(place_rows(ranked), batch_size=1000)
            after = {_normal(tuple(getattr(row, field) for field in FIELDS)) for row in rows}
            invalidation.touched(f"driver:{row[DRIVER]}" for row in before ^ after)


def rebuild(*, progress=None) -> int:
    """Rank every season from scratch; the number of places written."""
    with transaction.atomic():
        ChampionshipPlace.objects.all().delete()
        for done, total, chunk in chunks_of(Season.objects.all(), CHUNK):
            recount_seasons(chunk)
            if progress is not None:
                progress(done, total, "seasons")
    return ChampionshipPlace.objects.count()


def _normal(row: tuple) -> tuple:
    # Points as stored (two decimal places) compare equal to points as counted.
    return tuple(tidy(value) if field == "points" else value for field, value in zip(FIELDS, row, strict=True))


def differences(*, limit: int = 20) -> tuple[int, list[str]]:
    """How many places differ from a ranking of the results now, and the first `limit`; nothing is written."""
    count, shown = 0, []
    for _, _, chunk in chunks_of(Season.objects.all(), CHUNK):
        live = Counter(map(_normal, ChampionshipPlace.objects.filter(season_id__in=chunk).values_list(*FIELDS)))
        recounted = Counter(_normal(tuple(getattr(place, f) for f in FIELDS)) for place in place_rows(chunk))
        found, lines = listed_differences(live, recounted, FIELDS, limit=limit - len(shown), kept="place")
        count += found
        shown += lines
    return count, shown
