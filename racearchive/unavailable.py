"""While the database cannot be reached (a restart, a failover), visitors and editors are
told so, with a 503 and when to try again, rather than a server error.

A worker's kept connection is checked before each request (CONN_HEALTH_CHECKS), so once
the database answers again every request is served; this covers the seconds it does not.
Nothing is written in that time: a save or an import in flight is rolled back with its
transaction, and says so (results.importers.writer).
"""

import logging

from django.http import HttpResponse

from drivers.database_errors import connection_lost

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Race Archive: back in a moment</title></head>
<body><h1>Back in a moment</h1>
<p>The archive's database is not answering just now, most likely while it restarts.
Nothing you sent was saved. Try again in a few seconds.</p></body></html>
"""


class DatabaseUnavailableMiddleware:
    """Answers 503, Retry-After, when a request found no database to talk to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not connection_lost(exception):
            return None
        response = HttpResponse(PAGE, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        # Logged once here as a warning, not by Django as a server error: a restart is no
        # bug, and every request it meets would otherwise be mailed to ADMINS.
        logger.warning("No database for %s %s: %s", request.method, request.path, exception)
        response._has_been_logged = True
        return response
