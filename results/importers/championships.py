"""Championship rules from a JSON file: points scales and the championships of a season that score by them.

The demo loads results/demo/championships.json with it, so that its seasons show
standings. A scale is found by name and its points replaced by the file's; a
championship is found by season and name and its rules set to the file's; so loading
the file twice changes nothing. A problem names the entry and the key.
"""

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from results.importers.errors import ImportValidationError, Problem
from results.importers.matching import Resolver, apply_values, find_named
from results.models import Championship, ChampionshipEvent, Circuit, PointsScale, PointsScaleValue, Season

# The keys of a championship entry that are its fields as they are.
_FLAGS = ("scores_drivers", "scores_teams", "scores_manufacturers")


def _points(value, where: str, problems: list[Problem]) -> Decimal | None:
    try:
        points = Decimal(str(value))
    except InvalidOperation:
        problems.append(Problem(None, where, f"“{value}” is not a number of points"))
        return None
    if points < 0:
        problems.append(Problem(None, where, "points cannot be negative"))
        return None
    return points


def load_championships(path: Path, resolver: Resolver) -> None:
    """Load the scales and championships of `path`; raises ImportValidationError, naming each problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportValidationError(Problem(None, "", f"cannot be read as JSON: {error}")).in_file(path.name) from None
    problems: list[Problem] = []
    with transaction.atomic():  # a refused file leaves no scale behind
        scales = {}
        for index, entry in enumerate(data.get("scales", [])):
            scale = _scale(entry, f"scales[{index}]", problems, resolver)
            if scale is not None:
                scales[scale.name] = scale
        for index, entry in enumerate(data.get("championships", [])):
            _championship(entry, f"championships[{index}]", scales, problems, resolver)
        if problems:
            raise ImportValidationError(problems).in_file(path.name)


def _scale(entry: dict, where: str, problems: list[Problem], resolver: Resolver) -> PointsScale | None:
    before = len(problems)  # this entry's own problems, not an earlier one's
    name = entry.get("name", "")
    points = [_points(value, f"{where}.points", problems) for value in entry.get("points", [])]
    step = entry.get("then_fewer_by")
    step = _points(step, f"{where}.then_fewer_by", problems) if step is not None else None
    if not name:
        problems.append(Problem(None, f"{where}.name", "is required"))
    if not points:
        problems.append(Problem(None, f"{where}.points", "list the points of the first places"))
    if len(problems) > before:
        return None
    values = {"step_beyond": step, "notes": entry.get("notes", "")}
    scale = PointsScale.objects.filter(name__iexact=name).first()
    if scale is None:
        scale = PointsScale.objects.create(name=name, **values)
        resolver.created("points scale", scale)
    elif apply_values(scale, values):
        scale.save()
    held = dict(scale.values.values_list("position", "points"))
    wanted = dict(enumerate(points, start=1))
    if held != wanted:
        # One by one, not in bulk: each save recounts the standings scored by the scale.
        scale.values.all().delete()
        for place, value in wanted.items():
            PointsScaleValue.objects.create(scale=scale, position=place, points=value)
    return scale


def _championship(entry: dict, where: str, scales: dict, problems: list[Problem], resolver: Resolver) -> None:
    season = Season.objects.filter(series__name__iexact=entry.get("series", ""), year=entry.get("season")).first()
    if season is None:
        problems.append(Problem(None, f"{where}.season", f"no {entry.get('season')} season of “{entry.get('series')}”"))
    named = {key: scales.get(entry.get(key)) for key in ("scale", "qualifying_scale") if entry.get(key)}
    for key, scale in named.items():
        if scale is None:
            problems.append(Problem(None, f"{where}.{key}", f"“{entry[key]}” is not a scale of this file"))
    # A cup of some tracks counts the season's events there; a track the archive does not
    # hold yet has no event to count.
    tracks = entry.get("at_circuits", [])
    circuits = [found[0] for name in tracks for found in [find_named(Circuit.objects.all(), name)] if found]
    bonus = {
        key: _points(entry.get(key, 0), f"{where}.{key}", problems) for key in ("pole_points", "fastest_lap_points")
    }
    if problems or "scale" not in named:
        if "scale" not in named and not problems:
            problems.append(Problem(None, f"{where}.scale", "is required"))
        return
    values = {
        "order": entry.get("order", 0),
        "scale": named["scale"],
        "qualifying_scale": named.get("qualifying_scale"),
        **bonus,
        "official_rounds": entry.get("official_rounds"),
        "counts_every_event": not tracks,
        **{flag: entry.get(flag, flag == "scores_drivers") for flag in _FLAGS},
    }
    championship = season.championships.filter(name__iexact=entry.get("name", "")).first()
    if championship is None:
        championship = Championship(season=season, name=entry.get("name", ""))
        apply_values(championship, values)
        championship.save()
        resolver.created("championship", championship)
    elif apply_values(championship, values):
        championship.save()
    for event in season.events.filter(circuit__in=circuits):
        ChampionshipEvent.objects.get_or_create(championship=championship, event=event)
