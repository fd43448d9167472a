"""Each resource of the API as JSON: its stable id and slug, its own address (`url`), the
page a person reads it on (`page`), and links to what it names.

A related object is written as a small reference, {"id", "slug", "name", "url"}, never in
full: following its `url` gives the rest. Times are whole milliseconds, as the archive
keeps them; a country is its ISO 3166 code.
"""

from urllib.parse import urlencode

from django.urls import reverse
from rest_framework import serializers

from drivers.models import Car, Driver
from drivers.paths import page_path
from results.models import Circuit, Event, Race, Result, Season, Series, Session
from results.stats.careers import covered_totals
from results.stats.records.rules import Who


def _base(request) -> str:
    """The scheme and host every address of an answer starts with, worked out once a request."""
    base = getattr(request, "_api_base", None)
    if base is None:
        base = request._api_base = request.build_absolute_uri("/").rstrip("/")
    return base


def absolute(request, path: str | None) -> str | None:
    return _base(request) + path if path else None


def api_url(request, name: str, key) -> str:
    """The API address of one resource: `name` is its route ("driver"), `key` its id or slug.

    By page_path (drivers.paths), not reverse(): a page of 200 results links some 1,500 of them."""
    return _base(request) + page_path(f"api:{name}-detail", **{"pk" if isinstance(key, int) else "slug": key})


def listed(request, name: str, **query) -> str:
    """The address of a list filtered by `query`: "…/api/v1/events/?race=petit-le-mans"."""
    return _base(request) + page_path(f"api:{name}-list") + "?" + urlencode(query)


def reference(request, obj, name: str, *, by_slug: bool = True) -> dict | None:
    """A related object in a few fields: enough to name it and to follow it."""
    if obj is None:
        return None
    found = {"id": obj.pk}
    if by_slug:
        found["slug"] = obj.slug
    found["name"] = str(obj)
    found["url"] = api_url(request, name, obj.slug if by_slug else obj.pk)
    return found


class Resource(serializers.Serializer):
    """A resource's address and page: every serializer's first fields."""

    route = ""  # the API route of the resource ("driver")
    by_slug = True
    who = None  # for a driver, team, make or car: how the counting rules credit it (its totals)

    def to_representation(self, obj):
        request = self.context["request"]
        found = {"id": obj.pk}
        if self.by_slug:
            found["slug"] = obj.slug
        found["url"] = api_url(request, self.route, obj.slug if self.by_slug else obj.pk)
        found["page"] = absolute(request, obj.get_absolute_url())
        found.update(self.fields_of(obj, request))
        if self.who is not None and getattr(self.context.get("view"), "action", "") == "retrieve":
            found["totals"] = career_totals(request, covered_totals(self.who, obj))
        return found

    def fields_of(self, obj, request) -> dict:
        raise NotImplementedError


def _country(country) -> str | None:
    return country.code if country else None


class SeriesSerializer(Resource):
    route = "series"

    def fields_of(self, series: Series, request) -> dict:
        return {
            "name": series.name,
            "short_name": series.short_name,
            "first_year": series.first_year,
            "seasons": listed(request, "season", series=series.slug),
        }


class SeasonSerializer(Resource):
    route, by_slug = "season", False

    def fields_of(self, season: Season, request) -> dict:
        return {
            "year": season.year,
            "series": reference(request, season.series, "series"),
            "events": listed(request, "event", season=season.pk),
        }


class CircuitSerializer(Resource):
    route = "circuit"

    def fields_of(self, circuit: Circuit, request) -> dict:
        return {
            "name": circuit.name,
            "place": circuit.place,
            "country": _country(circuit.country),
            "length_m": circuit.length_m,
            "turns": circuit.turns,
            "events": listed(request, "event", circuit=circuit.slug),
        }


class RaceSerializer(Resource):
    route = "race"

    def fields_of(self, race: Race, request) -> dict:
        return {
            "name": race.name,
            "circuit": reference(request, race.circuit, "circuit"),
            "first_year": race.first_year,
            "editions": listed(request, "event", race=race.slug),
        }


class DriverSerializer(Resource):
    route, who = "driver", Who.DRIVER

    def fields_of(self, driver: Driver, request) -> dict:
        return {
            "name": driver.full_name,
            "given_name": driver.given_name,
            "family_name": driver.family_name,
            "nationality": _country(driver.nationality),
            "birth_date": driver.birth_date,
            "results": listed(request, "result", driver=driver.slug),
        }


class EntrantSerializer(Resource):
    """A team or a make: its name, its country and its results."""

    def fields_of(self, entrant, request) -> dict:
        return {
            "name": entrant.name,
            "country": _country(entrant.country),
            "results": listed(request, "result", **{self.route: entrant.slug}),
        }


class TeamSerializer(EntrantSerializer):
    route, who = "team", Who.TEAM


class ManufacturerSerializer(EntrantSerializer):
    route, who = "manufacturer", Who.MAKE  # as the chassis maker, as the make's page counts it


class CarSerializer(Resource):
    route, who = "car", Who.CAR

    def fields_of(self, car: Car, request) -> dict:
        return {
            "name": car.full_name,
            "model": car.model,
            "manufacturer": reference(request, car.manufacturer, "manufacturer"),
            "engine_manufacturer": reference(request, car.engine_manufacturer, "manufacturer"),
            "results": listed(request, "result", car=car.slug),
        }


class EventSerializer(Resource):
    route, by_slug = "event", False

    def fields_of(self, event: Event, request) -> dict:
        found = {
            "slug": event.slug,
            "name": event.name,
            "year": event.year,
            "round": event.round,
            "start_date": event.start_date,
            "end_date": event.end_date,
            "status": event.status,
            "season": reference(request, event.season, "season", by_slug=False),
            "series": reference(request, event.season.series if event.season_id else None, "series"),
            "race": reference(request, event.race, "race"),
            "circuit": reference(request, event.circuit, "circuit"),
            "entries": listed(request, "entry", event=event.pk),
        }
        sessions = getattr(event, "listed_sessions", None)
        if sessions is not None:  # a single event lists its sessions
            found["sessions"] = [session_reference(request, session) for session in sessions]
        return found


def session_reference(request, session: Session) -> dict:
    return {
        "id": session.pk,
        "slug": session.slug,
        "name": session.name,
        "kind": session.kind,
        "url": api_url(request, "session", session.pk),
    }


def entry_fields(request, entry) -> dict:
    """A car as a classification lists it: number, class, entrant, team, car and crew."""
    return {
        "number": entry.number,
        "car_class": entry.car_class.code if entry.car_class_id else None,
        "entrant": entry.display_entrant,
        "team": reference(request, entry.team, "team"),
        "car": reference(request, entry.car, "car"),
        "drivers": [reference(request, member.driver, "driver") for member in entry.crew.all()],
    }


def result_fields(request, result: Result) -> dict:
    return {
        "position": result.position,
        "class_position": result.class_position,
        **entry_fields(request, result.entry),
        "status": result.status,
        "reason": result.reason,
        "laps": result.laps,
        "total_time_ms": result.total_time_ms,
        "gap_ms": result.gap_ms,
        "gap_laps": result.gap_laps,
        "class_gap_ms": result.class_gap_ms,
        "class_gap_laps": result.class_gap_laps,
        "best_lap_ms": result.best_lap_ms,
        "best_lap_number": result.best_lap_number,
        "grid": result.grid,
    }


class SessionSerializer(Resource):
    route, by_slug = "session", False

    def fields_of(self, session: Session, request) -> dict:
        found = {
            "slug": session.slug,
            "name": session.name,
            "kind": session.kind,
            "order": session.order,
            "starts_at": session.starts_at,
            "status": session.status,
            "completeness": session.completeness,
            "event": reference(request, session.event, "event", by_slug=False),
        }
        lap_file = getattr(session, "lap_file", None)
        found["lap_data"] = (
            {
                "laps": lap_file.laps,
                "cars": lap_file.cars,
                "stints": request.build_absolute_uri(reverse("api:session-stints", args=[session.pk])),
                "laps_of_a_car": request.build_absolute_uri(reverse("api:session-laps", args=[session.pk]))
                + "?number={number}",
                "every_lap_csv": absolute(request, session.event.get_laps_url() + "?_export=csv"),
            }
            if lap_file is not None
            else None
        )
        classification = getattr(session, "classification", None)
        if classification is not None:  # a single session lists its cars
            found["classification"] = [result_fields(request, result) for result in classification]
        return found


class ResultSerializer(Resource):
    """A car's result in a session, with where it was: what a career's list is made of."""

    route, by_slug = "result", False

    def to_representation(self, result: Result):
        request = self.context["request"]
        session = result.session
        return {
            "id": result.pk,
            "url": api_url(request, "result", result.pk),
            "page": absolute(request, session.event.get_absolute_url()),
            "event": reference(request, session.event, "event", by_slug=False),
            "session": session_reference(request, session),
            **result_fields(request, result),
        }


def championship_standings(request, standings, code: str = "") -> dict:
    """A championship's standings (stats.standings.ChampionshipStandings), class by class; only
    the class of `code` when given."""
    classes = [
        one
        for one in standings.classes
        if not code or (one.car_class is not None and one.car_class.code.upper() == code.upper())
    ]
    return {
        "name": standings.championship.name,
        "rules": standings.rules,
        "classes": [_class_standings(request, one) for one in classes],
    }


def _class_standings(request, one) -> dict:
    return {
        "car_class": one.car_class.code if one.car_class else None,
        "class_name": one.class_name,
        "after_round": one.after,
        "rounds": one.total,
        "complete": one.is_complete,
        "gaps": [f"R{r.number} {r.event}" for r in one.gaps],
        "rounds_counted": [
            {"round": r.number, "event": reference(request, r.event, "event", by_slug=False), "state": r.state}
            for r in one.rounds_so_far
        ],
        "tables": [
            {
                "kind": table.kind,
                "rows": [
                    {
                        "position": row.position,
                        "shared": row.shared,
                        "name": row.competitor.name,
                        "page": absolute(request, row.competitor.url),
                        "points": str(row.points),
                        "gap": str(row.gap) if row.gap is not None else None,
                        "starts": row.starts,
                        "wins": row.wins,
                        "poles": row.poles,
                        "podiums": row.podiums,
                        "by_round": row.by_round,
                    }
                    for row in table.rows
                ],
            }
            for table in one.tables
        ],
    }


def lap_fields(request, lap) -> dict:
    """A lap as the lap file gives it, and as the archive placed it (results.stats.race_story)."""
    return {
        "number": lap.number,
        "driver": reference(request, lap.driver, "driver"),
        "time_ms": lap.time_ms,
        "s1_ms": lap.s1_ms,
        "s2_ms": lap.s2_ms,
        "s3_ms": lap.s3_ms,
        "elapsed_ms": lap.elapsed_ms,
        "kph": lap.kph,
        "in_pit": lap.in_pit,
        "pit_time_ms": lap.pit_time_ms,
        "flag": lap.flag,
        "position": lap.position,
        "class_position": lap.class_position,
        "gap_ms": lap.gap_ms,
        "interval_ms": lap.interval_ms,
        "class_gap_ms": lap.class_gap_ms,
        "class_best": lap.class_best,
    }


def _coverage(found) -> dict:
    return {
        "races": found.races,
        "with_full_results": found.complete,
        "with_first_places": found.top,
        "with_winners_only": found.winners,
        "with_some_cars": found.partial,
        "with_lap_files": found.with_laps,
    }


def _counts(request, row) -> dict:
    return {
        **row.counts,
        "first": reference(request, row.first, "event", by_slug=False),
        "last": reference(request, row.last, "event", by_slug=False),
        "coverage": _coverage(row.coverage) if row.coverage is not None else None,
    }


def career_totals(request, found) -> dict:
    """A subject's totals (stats.careers.covered_totals): in all and per series, each with the
    races it is over. A count needing non-winners is taken only over races complete enough
    for it (COUNTING_RULES), as the coverage says."""
    return {
        "all": _counts(request, found.all),
        "by_series": [
            {"series": reference(request, row.group, "series"), **_counts(request, row)}
            for row in found.rows
            if row.group is not None
        ],
    }


class EntrySerializer(Resource):
    """A car entered in an event: number, class, entrant, team, car and crew (with ratings)."""

    route, by_slug = "entry", False

    def fields_of(self, entry, request) -> dict:
        fields = entry_fields(request, entry)
        fields["drivers"] = [
            {**reference(request, member.driver, "driver"), "order": member.order, "rating": member.fia_rating}
            for member in entry.crew.all()
        ]
        return {"event": reference(request, entry.event, "event", by_slug=False), **fields}
