"""Visitors' pages from the read cache, with the HTTP validators a CDN or nginx caches by.

A public page says what it shows (`results.stats.cache.shown`); this middleware keeps it
for anonymous GETs and serves it again until a write touches one of those subjects.
Every kept page carries an ETag and a Last-Modified taken from the same versions, so a
conditional GET is answered 304 without rendering, and a `Cache-Control` that lets a
shared cache keep it for a few seconds (deploy/nginx.conf). Signed-in editors always
get a fresh page that no cache keeps.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date

from results.stats import cache

# How long a shared cache (nginx, a CDN) may serve a page without asking again: after a
# write, visitors behind it see the change within this many seconds. Browsers always ask.
SHARED_MAX_AGE = 10
# Set per response, never kept: the validators are the kept page's, and a cookie is one visitor's.
NOT_KEPT = {"set-cookie", "date", "etag", "last-modified", "cache-control", "x-accel-expires", "content-length"}


class PageCacheMiddleware:
    """Placed before the session and everything after it, so a kept page is served without them.

    A visitor is anonymous when they send no session cookie: the middleware after this
    one have nothing to do for them that a kept page does not already hold (its headers
    are kept as they set them).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith("/admin/"):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                add_never_cache_headers(response)  # an editor's page: fresh, and kept by no cache
            return response
        url = request.get_full_path()
        page = cache.kept_page(url)
        if page is not None:
            response = HttpResponse(page.content, status=200)
            for name, value in page.headers.items():
                response[name] = value
            response["Content-Length"] = str(len(page.content))
            response["X-Page-Cache"] = "hit"
            return _validated(request, response, page)
        began_at = cache.began()
        response = self.get_response(request)
        shows = getattr(response, "page_shows", None)
        if response.status_code != 200 or response.streaming or not shows or response.cookies:
            return response
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
        page = cache.keep_page(url, shows=shows, began_at=began_at, content=response.content, headers=headers)
        response["X-Page-Cache"] = "miss"
        return _validated(request, response, page) if page is not None else response


def _validated(request, response, page):
    """The response with the page's validators, or 304 Not Modified if the client has it already."""
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
    # nginx reads its own header first (and drops it before the client): the same shared max-age.
    response["X-Accel-Expires"] = str(SHARED_MAX_AGE)
    return get_conditional_response(request, etag=page.etag, last_modified=int(page.last_modified), response=response)
