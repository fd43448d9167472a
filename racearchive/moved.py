"""Old addresses answer with the new one: a page whose slug an editor changed is found by
its former slug (drivers.models.FormerSlug) and redirected to, permanently, so every
citation of the old URL keeps working. An event under a series whose slug changed is
found too, since each part of the address is looked up on its own.
"""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from drivers.models import Car, Driver, FormerSlug, Manufacturer, Team
from results.models import Circuit, Event, Race, Season, Series

# The model each `slug` argument names, by the URL's name.
SLUG_OF = {"driver": Driver, "team": Team, "manufacturer": Manufacturer, "car": Car, "circuit": Circuit}


class MovedPagesMiddleware:
    """Turns a page not found into a redirect when its address holds a former slug."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or request.method not in ("GET", "HEAD"):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        moved = current_arguments(match.url_name, match.kwargs)
        if moved is None:
            return None
        try:
            path = reverse(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name, kwargs=moved)
        except NoReverseMatch:
            return None
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(path + (f"?{query}" if query else ""))


def current_arguments(url_name: str, arguments: dict) -> dict | None:
    """`arguments` with each former slug replaced by the current one; None if none was former."""
    now = dict(arguments)
    for name, model in (("series", Series), ("race", Race)):
        if name in now:
            now[name] = _current(model, now[name])
    if "slug" in now and url_name in SLUG_OF:
        now["slug"] = _current(SLUG_OF[url_name], now["slug"])
    if "event" in now and "series" in now:
        season = Season.objects.filter(series__slug=now["series"], year=now["year"]).first()
        if season is not None:
            now["event"] = _current(Event, now["event"], season=season)
    return now if now != arguments else None


def _current(model, slug: str, **scope) -> str:
    """The slug itself when something has it now, else what had it has now, else the slug."""
    if model._base_manager.filter(slug=slug, **scope).exists():
        return slug
    return FormerSlug.current(model, slug, **scope) or slug
