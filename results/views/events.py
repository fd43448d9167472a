"""The fan's race page: an event with its reports, classifications, podiums and sessions."""

from django.shortcuts import get_object_or_404, render

from results.display import sharing
from results.display.milestones import worded
from results.filters.events import EventClassFilter
from results.models import Event
from results.stats import cache
from results.stats.invalidation import subjects_of_event
from results.stats.milestones.event import cached_for_event
from results.tables.classification import EXPORT_FORMATS, build


def event_in_season(series: str, year: int, event: str) -> Event:
    """The event an address names by its series, year and slug (404 if none)."""
    return get_object_or_404(Event.objects.with_place(), season__series__slug=series, season__year=year, slug=event)


def race_edition_of(race: str, year: int) -> Event:
    """The edition of a race in a year (404 if none): editions no season holds have this address only."""
    return get_object_or_404(Event.objects.with_place(), race__slug=race, year=year)


def event_detail(request, series, year, event):
    return _event_page(request, event_in_season(series, year, event))


def race_edition(request, race, year):
    """A race's edition by year: the same page, for editions that no season holds too."""
    return _event_page(request, race_edition_of(race, year))


def _event_page(request, event):
    class_filter = EventClassFilter(request.GET, event=event)
    sessions = list(event.sessions.for_event_page(results=class_filter.qs))
    page = build(event, sessions, one_class=class_filter.selected is not None)

    export_format = request.GET.get("_export")
    export_error = ""
    if export_format in EXPORT_FORMATS:
        sheet = page.sheet(request.GET.get("session", ""))
        if sheet is not None:
            return sheet.export(export_format, event=event)
        export_error = "There is no session of that name at this event to export; pick one below."

    shows = subjects_of_event(event)  # the milestones count the other results of each of them
    context = {
        "event": event,
        "page": page,
        "class_filter": class_filter,
        "articles": event.articles.published(),
        "milestones": worded(cached_for_event(event, sessions=page.sessions, shows=shows)),
        "export_error": export_error,
        # Whether the laps page has a race to tell (results.views.laps): a session with its lap file.
        "told_lap_by_lap": any(getattr(session, "lap_file", None) for session in sessions),
    }
    # What a shared link is shown with, and what search engines read (display.sharing): of the
    # whole race, from the unfiltered page only (one class's cars would name its winner).
    if class_filter.selected is None:
        url = request.build_absolute_uri(event.get_absolute_url())
        context["share_description"] = sharing.share_description(event, page)
        context["structured_data"] = sharing.json_ld(sharing.sports_event(event, page, url))
    else:
        context["share_description"] = f"{event}: the {class_filter.selected.name} classification."
    return cache.shown(render(request, "results/event_detail.html", context), *shows)
