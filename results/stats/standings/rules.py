"""Which points rules apply: what a championship scores, each event's own rule, a race's scale.

Rules are data (`results.models.points`); this module only looks them up, and states
them in a sentence or two for the page.
"""

from decimal import Decimal

from results.models import Championship, ChampionshipEvent, PointsScale
from results.stats.standings.competitors import DRIVERS, MANUFACTURERS, TEAMS
from results.stats.standings.points import tidy
from results.stats.standings.season_data import SeasonData


def scored_kinds(championship) -> list[str]:
    """Which tables the championship has: drivers, teams, manufacturers, in that order."""
    wanted = (
        (DRIVERS, championship.scores_drivers),
        (TEAMS, championship.scores_teams),
        (MANUFACTURERS, championship.scores_manufacturers),
    )
    return [kind for kind, scored in wanted if scored]


def event_rules(championship) -> dict[int, ChampionshipEvent]:
    """The championship's rules for single events (counts or not, scale, multiplier), by event id."""
    return {rule.event_id: rule for rule in championship.event_rules.all()}


def finishing_scale(championship, rule, data: SeasonData) -> tuple[PointsScale, Decimal]:
    """The scale and multiplier of a race: the event's own where its rule gives them."""
    scale = data.scales[rule.scale_id if rule is not None and rule.scale_id else championship.scale_id]
    return scale, (rule.multiplier if rule is not None else Decimal(1))


def _points_phrase(value: Decimal) -> str:
    return f"{tidy(value)} point{'' if value == 1 else 's'}"


def rules_summary(championship, data: SeasonData) -> str:
    """The rules as the page states them: "Class positions score 25-20-17…; pole 2 points."."""
    parts = [f"Class positions score {data.scales[championship.scale_id].summary()}"]
    if championship.qualifying_scale_id:
        parts.append(f"qualifying positions {data.scales[championship.qualifying_scale_id].summary()}")
    if championship.pole_points:
        parts.append(f"pole {_points_phrase(championship.pole_points)}")
    if championship.fastest_lap_points:
        parts.append(f"the fastest race lap in each class {_points_phrase(championship.fastest_lap_points)}")
    text = "; ".join(parts) + "."
    if championship.tie_break == Championship.TieBreak.COUNTBACK:
        text += " Ties are broken on countback: most wins, then most second places, and so on."
    else:
        text += " Drivers level on points share the place."
    return text
