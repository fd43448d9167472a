"""Points rules for a generated archive, so that every season has standings to compute.

Three scales in the manner of the real ones (an endurance series' 350-320-300..., the
world championship's 25-18-15..., a one-make cup's 25-20-17... with pole and fastest-lap
points), one championship per season, double points for a 24-hour race of the world
series and, where a season has several long races, an endurance cup that counts only them.
"""

from decimal import Decimal

from django.utils.text import slugify

from benchdata.catalogue import RACES, SeriesSpec
from benchdata.people import Registry
from benchdata.plan import PlannedEvent
from results.models import Championship, ChampionshipEvent, Event, PointsScale, PointsScaleValue, Season

# name, points of the listed places, fewer by this beyond them, least points for a place
SCALES = {
    "endurance": ("Endurance scale (generated)", (350, 320, 300, 280, 260, 250), 10, 0),
    "world": ("World scale (generated)", (25, 18, 15, 12, 10, 8, 6, 4, 2, 1), None, Decimal("0.5")),
    "cup": ("Cup scale (generated)", (25, 20, 17, 14, 12, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), None, 0),
}
# Races this long make up an endurance cup, as the Michelin Endurance Cup does.
ENDURANCE_CUP_MINUTES = 360


def scales(registry: Registry) -> tuple[dict[str, PointsScale], list[PointsScaleValue]]:
    """The three scales, named apart from any the database holds, and their points by place."""
    made, values = {}, []
    for key, (name, points, step, minimum) in SCALES.items():
        scale = PointsScale(
            name=registry.name(name),
            step_beyond=None if step is None else Decimal(step),
            minimum=Decimal(minimum),
            notes="Made by generate_archive.",
        )
        made[key] = scale
        values += [PointsScaleValue(scale=scale, position=p, points=Decimal(n)) for p, n in enumerate(points, 1)]
    return made, values


def scale_for(spec: SeriesSpec) -> str:
    if spec.aco_rules:
        return "world"
    return "cup" if spec.races_per_event > 1 else "endurance"


def championships(
    spec: SeriesSpec, season: Season, name: str, planned: list[PlannedEvent], events: list[Event], made: dict
) -> list:
    """A season's championships and their event rules, unsaved, parents first."""
    kind = scale_for(spec)
    main = Championship(
        season=season,
        name=name,
        slug=slugify(name),
        scale=made[kind],
        pole_points=Decimal(2 if kind == "cup" else 0),
        fastest_lap_points=Decimal(1 if kind == "cup" else 0),
        scores_manufacturers=not spec.make,
        official_rounds=season.rounds or None,
    )
    rows = [main]
    for plan, event in zip(planned, events, strict=True):
        if plan.minutes >= 1440 and kind == "world" and not plan.cancelled:
            rows.append(ChampionshipEvent(championship=main, event=event, multiplier=2, note="double points"))
    long_races = [(p, e) for p, e in zip(planned, events, strict=True) if p.minutes >= ENDURANCE_CUP_MINUTES]
    # Counted from the calendar: the oldest season of an archive may lack its first races.
    calendar = [r for r in RACES if r.owner(season.year) == spec.key and r.first <= season.year]
    cup_rounds = sum(1 for race in calendar if race.minutes >= ENDURANCE_CUP_MINUTES)
    if cup_rounds >= 3 and long_races and kind == "endurance":
        cup = Championship(
            season=season,
            name="Endurance Cup",
            slug="endurance-cup",
            order=1,
            counts_every_event=False,
            scale=made[kind],
            scores_manufacturers=not spec.make,
            official_rounds=cup_rounds,
        )
        rows.append(cup)
        rows += [ChampionshipEvent(championship=cup, event=e) for p, e in long_races if not p.cancelled]
    return rows
