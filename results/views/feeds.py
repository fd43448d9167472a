"""Atom feeds (django.contrib.syndication): the latest results, and the published reports.

A feed reader follows the archive as the home page shows it: the newest completed events
with their winners, the newest reports with their text. Each is a bounded number of
queries, and kept in the page cache like a page, until a write touches the archive.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from results.display.markdown import markdown
from results.display.sharing import winners_html
from results.models import Article, Event
from results.stats import cache
from results.stats.winners import winners_by_event

# Entries in each feed: a reader polls it, so the newest few are enough.
ENTRIES = 20


class LatestResults(Feed):
    feed_type = Atom1Feed
    title = "Race Archive: latest results"
    subtitle = "The newest completed events in the archive, with their winners overall and in class."
    link = "/"

    def items(self):
        events = list(Event.objects.completed().with_place().newest_first()[:ENTRIES])
        self._winners = winners_by_event(events)
        return events

    def item_title(self, event):
        return str(event)

    def item_description(self, event):
        return winners_html(self._winners.get(event.pk, []))

    def item_pubdate(self, event):
        # The day it ended, as the moment a feed orders it by: the archive keeps no time of day.
        day = event.end_date or event.start_date
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), datetime.UTC)

    def item_updateddate(self, event):
        return self.item_pubdate(event)


class PublishedReports(Feed):
    feed_type = Atom1Feed
    title = "Race Archive: reports"
    subtitle = "Race reports, previews and features, newest first."
    link = "/"

    def items(self):
        return Article.objects.published().select_related("event__season__series", "event__race")[:ENTRIES]

    def item_title(self, article):
        return f"{article.title} ({article.event})"

    def item_description(self, article):
        return markdown(article.body)  # sanitised, as on the event page

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.published_at

    def item_author_name(self, article):
        return article.author or None


def latest_results(request):
    return cache.shown(LatestResults()(request), cache.HOME)


def published_reports(request):
    return cache.shown(PublishedReports()(request), cache.HOME)
