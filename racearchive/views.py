"""The home page: the entry point from which a fan reaches the whole archive; and robots.txt."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse

from results.models import Article, Event, Race, Series
from results.stats import cache, coverage
from results.stats.winners import winners_by_event

# What the home page shows, whatever the size of the archive; the indexes hold the rest.
LATEST_EVENTS = 12
LATEST_REPORTS = 6
SERIES_SHOWN = 8  # the series raced most recently
SEASONS_SHOWN = 5  # of each, its newest seasons
RACES_SHOWN = 8  # the races held most often


def home(request):
    events = list(Event.objects.completed().with_place().newest_first()[:LATEST_EVENTS])
    winners = winners_by_event(events)
    context = {
        "latest": [(event, winners.get(event.pk, [])) for event in events],
        "reports": Article.objects.published().select_related("event__season__series", "event__race")[:LATEST_REPORTS],
        "series_list": Series.objects.latest_first().with_latest_seasons(SEASONS_SHOWN)[:SERIES_SHOWN],
        "races": Race.objects.most_held()[:RACES_SHOWN],
        "coverage": coverage.of_where(),
    }
    return cache.shown(render(request, "home.html", context), cache.HOME)


def robots_txt(request):
    """What crawlers may read: every public page, not the editors' admin, nor the search
    results and downloads, which are the same pages again; and where the sitemap is."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        "Disallow: /*?_export=",
        "Disallow: /*&_export=",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('results:sitemap'))}",
    ]
    return cache.shown(HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"), cache.HOME)


def favicon(request):
    """The site's icon, for whoever asks for /favicon.ico: browsers on pages that name no icon
    (the admin's), feed readers. Found, not moved for good: the icon's address carries the
    hash of its content, which changes with it."""
    response = HttpResponseRedirect(static("icons/favicon.svg"))
    response["Cache-Control"] = "public, max-age=3600"  # an hour: a new icon shows within one
    return response
