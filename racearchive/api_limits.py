"""A limit on how fast one client address may call the API: API_RATE_LIMIT requests in each
window of API_RATE_WINDOW seconds, then 429 with Retry-After until the window ends.

It runs before the page cache, so answers served from the cache count too: a program that
loops over the archive is slowed down whether or not its pages were kept. Editors' pages
and the site's own are not limited. The address is the one the proxy in front names
(racearchive.signing_in.client_address, as for sign-in attempts).
"""

from django.conf import settings
from django.http import JsonResponse

from racearchive.signing_in import client_address
from results.stats import cache

API_PREFIX = "/api/"


class ApiRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        made, wait_s = cache.counted_request(client_address(request), settings.API_RATE_WINDOW)
        if made > settings.API_RATE_LIMIT:
            said = (
                f"Too many requests: {settings.API_RATE_LIMIT} a client may make in {settings.API_RATE_WINDOW} "
                f"seconds. Try again in {wait_s} seconds, or load a full dump instead of paging through the API."
            )
            response = JsonResponse({"detail": said}, status=429)
            response["Retry-After"] = str(wait_s)
            return response
        return self.get_response(request)
