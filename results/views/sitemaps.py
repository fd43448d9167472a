"""sitemap.xml (django.contrib.sitemaps): every public page of the archive, for search engines.

An index at /sitemap.xml names one sitemap per kind of page (/sitemap-drivers.xml...), each
split into pages of at most PAGE_SIZE addresses: the protocol allows 50,000 a file, and a
million-result archive has some 9,000 events and 8,000 drivers, so most kinds are one
page. Each page reads only the columns its addresses are made of, in one query and a
count, and is kept in the page cache until a write touches the archive.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from drivers.models import Car, Driver, Manufacturer, Team
from results.models import Circuit, Event, Race, Season, Series
from results.stats import cache

# The protocol's limit is 50,000 addresses (and 50 MB) a file.
PAGE_SIZE = 50_000


class Pages(Sitemap):
    """The pages that are not one object's: the home page, the indexes, the records, the coverage map."""

    NAMES = (
        "home",
        "results:drivers",
        "results:teams",
        "results:manufacturers",
        "results:cars",
        "results:circuits",
        "results:races",
        "results:series_index",
        "results:records",
        "results:coverage",
    )

    def items(self):
        return list(self.NAMES)

    def location(self, name):
        return reverse(name)


class Objects(Sitemap):
    """The pages of one kind of object, each at its get_absolute_url()."""

    limit = PAGE_SIZE

    def __init__(self, queryset):
        self.queryset = queryset

    def items(self):
        return self.queryset


class LapPages(Objects):
    """The race told lap by lap, for the events whose lap file the archive holds."""

    def location(self, event):
        return event.get_laps_url()


def _events():
    return Event.objects.select_related("season__series", "race").only(
        "slug", "year", "season__year", "season__series__slug", "race__slug"
    )


def sections() -> dict[str, Sitemap]:
    """The sitemaps by section name (/sitemap-<name>.xml), each ordered so its pages stay put."""
    slugged = "pk", "slug"
    return {
        "pages": Pages(),
        "series": Objects(Series.objects.only(*slugged).order_by("pk")),
        "seasons": Objects(Season.objects.select_related("series").only("year", "series__slug").order_by("pk")),
        "events": Objects(_events().order_by("pk")),
        "laps": LapPages(_events().filter(sessions__lap_file__isnull=False).distinct().order_by("pk")),
        "races": Objects(Race.objects.only(*slugged).order_by("pk")),
        "circuits": Objects(Circuit.objects.only(*slugged).order_by("pk")),
        "drivers": Objects(Driver.objects.only(*slugged).order_by("pk")),
        "teams": Objects(Team.objects.only(*slugged).order_by("pk")),
        "manufacturers": Objects(Manufacturer.objects.only(*slugged).order_by("pk")),
        "cars": Objects(Car.objects.only(*slugged).order_by("pk")),
    }


def sitemap_index(request):
    response = sitemap_views.index(request, sections(), sitemap_url_name="results:sitemap_section")
    return cache.shown(response, cache.INDEXES)


def sitemap_section(request, section):
    response = sitemap_views.sitemap(request, sections(), section=section)
    return cache.shown(response, cache.INDEXES)
