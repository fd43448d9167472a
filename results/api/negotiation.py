"""What the API answers in: JSON, or the browsable pages when the URL asks (?format=api).

DRF would also follow the Accept header, so one URL could give JSON to a program and HTML
to a browser; the page cache keeps one answer a URL. So the URL alone decides.
"""

from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer


class ByAddressOnly(BaseContentNegotiation):
    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get("format", "")
        for renderer in renderers:
            if wanted and renderer.format == wanted:
                return renderer, renderer.media_type
        json = next((renderer for renderer in renderers if isinstance(renderer, JSONRenderer)), renderers[0])
        return json, json.media_type
