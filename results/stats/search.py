"""Searching the archive by name: drivers, teams, manufacturers, cars, circuits, races, series, events.

Every kind is matched on its folded search key (drivers.naming.fold), so "estre" finds
Kévin Estre and "KEVIN ESTRE" does too. Each kind answers one query, cut to
`PER_KIND` rows, so a search costs the same whatever the archive's size. The site's
search page (racearchive.search) and the API's (results.api) show what this finds.
"""

import unicodedata
from dataclasses import dataclass

from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from results.models import Circuit, Event, Race, Series

PER_KIND = 20
MAX_QUERY_LENGTH = 100
MAX_WORDS = 8


@dataclass
class Group:
    kind: str
    anchor: str
    items: list
    more: bool


def clean_query(raw: str) -> str:
    """The query as searched: control characters dropped, at most MAX_QUERY_LENGTH characters and MAX_WORDS words."""
    text = "".join(ch if not unicodedata.category(ch).startswith("C") else " " for ch in raw[:MAX_QUERY_LENGTH])
    return " ".join(text.split()[:MAX_WORDS])


def _kinds():
    """What is searched, in the order shown: (heading, anchor, queryset)."""
    return [
        ("Drivers", "drivers", Driver.objects.all()),
        ("Teams", "teams", Team.objects.all()),
        ("Manufacturers", "manufacturers", Manufacturer.objects.all()),
        ("Cars", "cars", Car.objects.select_related("manufacturer", "engine_manufacturer")),
        ("Circuits", "circuits", Circuit.objects.all()),
        ("Races", "races", Race.objects.select_related("circuit")),
        ("Series", "series", Series.objects.all()),
        ("Events", "events", Event.objects.with_place().newest_first()),
    ]


def searchable(query: str) -> bool:
    """Whether a cleaned query holds anything to search for (not only signs or spaces)."""
    return bool(fold(query))


def found(query: str, per_kind: int = PER_KIND) -> list[Group]:
    """What `query` (cleaned) finds, kind by kind, each cut to `per_kind`: a query a kind."""
    groups = []
    if searchable(query):
        for kind, anchor, objects in _kinds():
            items = list(objects.search(query)[: per_kind + 1])
            if items:
                groups.append(Group(kind=kind, anchor=anchor, items=items[:per_kind], more=len(items) > per_kind))
    return groups
