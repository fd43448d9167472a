"""Site-wide search (/search/?q=): drivers, teams, manufacturers, cars, circuits, races, series, events.

Every kind is matched on its folded search key (drivers.naming.fold), so "estre" finds
Kévin Estre and "KEVIN ESTRE" does too. Each kind answers one query, cut to
`PER_KIND` rows, so a search costs the same whatever the archive's size.
"""

import unicodedata
from dataclasses import dataclass

from django.shortcuts import render

from drivers.models import Car, Driver, Manufacturer, Team
from drivers.naming import fold
from results.models import Circuit, Event, Race, Series
from results.stats import cache

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


def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    searchable = bool(fold(query))
    groups = []
    if searchable:
        for kind, anchor, objects in _kinds():
            found = list(objects.search(query)[: PER_KIND + 1])
            if found:
                groups.append(Group(kind=kind, anchor=anchor, items=found[:PER_KIND], more=len(found) > PER_KIND))
    context = {
        "query": query,
        "searchable": searchable,
        "groups": groups,
        "per_kind": PER_KIND,
        "shortened": len(raw) > MAX_QUERY_LENGTH or len(raw.split()) > MAX_WORDS,
    }
    return cache.shown(render(request, "search.html", context), cache.INDEXES)
