"""The home page: the entry point from which a fan reaches the whole archive."""

from django.db.models import Prefetch
from django.shortcuts import render

from results.models import Article, Event, Race, Season, Series
from results.stats.winners import winners_by_event

LATEST_EVENTS = 12
LATEST_REPORTS = 6


def home(request):
    events = list(Event.objects.completed().with_place().newest_first()[:LATEST_EVENTS])
    winners = winners_by_event(events)
    context = {
        "latest": [(event, winners.get(event.pk, [])) for event in events],
        "reports": Article.objects.published().select_related("event__season__series", "event__race")[:LATEST_REPORTS],
        "series_list": Series.objects.prefetch_related(Prefetch("seasons", queryset=Season.objects.order_by("-year"))),
        "races": Race.objects.with_editions(),
    }
    return render(request, "home.html", context)
