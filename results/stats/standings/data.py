"""What the standings read and who they rank.

Every row of some seasons, read in a fixed number of queries, and the competitors:
drivers, teams (by car) and manufacturers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F
from django.urls import reverse

from results.models import (
    CarClass,
    Championship,
    Entry,
    EntryDriver,
    Event,
    PointsScale,
    Result,
    Session,
)

DRIVERS, TEAMS, MANUFACTURERS = "drivers", "teams", "manufacturers"
KIND_TITLES = {DRIVERS: "Drivers", TEAMS: "Teams", MANUFACTURERS: "Manufacturers"}


@dataclass(frozen=True)
class Competitor:
    """One driver, team car or make of a standings table; `key` starts with its kind."""

    key: tuple
    name: str
    url: str = ""


class SessionRow(NamedTuple):
    id: int
    event_id: int
    kind: str
    name: str
    partial: bool


class ResultRow(NamedTuple):
    session_id: int
    entry_id: int
    class_position: int | None
    status: str
    best_lap_ms: int | None


class EntryRow(NamedTuple):
    event_id: int
    class_id: int | None
    number: str
    team_id: int | None
    team_name: str
    team_slug: str
    entrant_name: str
    make_id: int | None
    make_name: str
    make_slug: str


class SeasonData:
    """Every row the standings of some seasons need, read in a fixed number of queries."""

    def __init__(self, season_ids: Iterable[int]):
        season_ids = list(season_ids)
        self.championships = list(Championship.objects.filter(season_id__in=season_ids).with_rules())
        scale_ids = {c.scale_id for c in self.championships} | {c.qualifying_scale_id for c in self.championships}
        scale_ids |= {rule.scale_id for c in self.championships for rule in c.event_rules.all()}
        self.scales = {s.id: s for s in PointsScale.objects.filter(id__in=scale_ids).prefetch_related("values")}

        self.events: dict[int, list[Event]] = defaultdict(list)
        events = (
            Event.objects.filter(season_id__in=season_ids)
            .exclude(status=Event.Status.CANCELLED)
            .order_by(F("start_date").asc(nulls_last=True), F("round").asc(nulls_last=True), "id")
        )
        for event in events:
            self.events[event.season_id].append(event)

        self.sessions: dict[int, list[SessionRow]] = defaultdict(list)
        sessions = (
            Session.objects.filter(event__season_id__in=season_ids)
            .order_by("event_id", "order", F("starts_at").asc(nulls_last=True), "id")
            .values_list("id", "event_id", "kind", "name", "completeness")
        )
        for sid, event_id, kind, name, completeness in sessions:
            partial = completeness != Session.Completeness.COMPLETE
            self.sessions[event_id].append(SessionRow(sid, event_id, kind, name, partial))

        self.session_classes: dict[int, set[int]] = defaultdict(set)
        through = Session.classes.through.objects.filter(session__event__season_id__in=season_ids)
        for sid, class_id in through.values_list("session_id", "carclass_id"):
            self.session_classes[sid].add(class_id)

        kinds = {c.scoring_kind for c in self.championships} | {Session.Kind.QUALIFYING}
        self.results: dict[int, list[ResultRow]] = defaultdict(list)
        results = Result.objects.filter(session__event__season_id__in=season_ids, session__kind__in=kinds)
        for row in results.values_list("session_id", "entry_id", "class_position", "status", "best_lap_ms"):
            self.results[row[0]].append(ResultRow(*row))

        self.entries: dict[int, EntryRow] = {}
        entries = Entry.objects.filter(event__season_id__in=season_ids).values_list(
            "id",
            "event_id",
            "car_class_id",
            "number",
            "team_id",
            "team__name",
            "team__slug",
            "entrant_name",
            "car__manufacturer_id",
            "car__manufacturer__name",
            "car__manufacturer__slug",
        )
        for entry_id, event_id, class_id, number, team_id, team, slug, entrant, make_id, make, make_slug in entries:
            self.entries[entry_id] = EntryRow(
                event_id,
                class_id,
                number,
                team_id,
                team or "",
                slug or "",
                entrant,
                make_id,
                make or "",
                make_slug or "",
            )
        # Which classes raced in each session: where the session does not list its classes,
        # the classes of its cars.
        self.classes_in_session: dict[int, set[int | None]] = {
            sid: {self.entries[r.entry_id].class_id for r in rows} for sid, rows in self.results.items()
        }

        self.crews: dict[int, list[Competitor]] = defaultdict(list)
        crews = (
            EntryDriver.objects.filter(entry__event__season_id__in=season_ids)
            .order_by("entry_id", "order", "id")
            .values_list("entry_id", "driver_id", "driver__given_name", "driver__family_name", "driver__slug")
        )
        drivers: dict[int, Competitor] = {}
        for entry_id, driver_id, given, family, slug in crews:
            if driver_id not in drivers:
                drivers[driver_id] = Competitor(
                    key=(DRIVERS, driver_id),
                    name=f"{given} {family}".strip(),
                    url=reverse("results:driver", kwargs={"slug": slug}),
                )
            self.crews[entry_id].append(drivers[driver_id])

        self.classes = {c.id: c for c in CarClass.objects.filter(series__seasons__in=season_ids)}
        self._competitors: dict[tuple, Competitor] = {}

    def team(self, entry_id: int) -> Competitor:
        """The team as the standings count it: by car, so its #7 and its #6 are two competitors."""
        entry = self.entries[entry_id]
        key = (TEAMS, entry.team_id or entry.entrant_name, entry.number)
        if key not in self._competitors:
            number = f"#{entry.number}" if entry.number else ""
            url = reverse("results:team", kwargs={"slug": entry.team_slug}) if entry.team_slug else ""
            name = f"{number} {entry.team_name or entry.entrant_name}".strip()
            self._competitors[key] = Competitor(key=key, name=name, url=url)
        return self._competitors[key]

    def make(self, entry_id: int) -> Competitor:
        """The make of the entry's car as the standings count it."""
        entry = self.entries[entry_id]
        key = (MANUFACTURERS, entry.make_id)
        if key not in self._competitors:
            url = reverse("results:manufacturer", kwargs={"slug": entry.make_slug})
            self._competitors[key] = Competitor(key=key, name=entry.make_name, url=url)
        return self._competitors[key]
