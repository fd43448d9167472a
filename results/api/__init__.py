"""The read-only JSON API under /api/v1/ (Django REST framework), for programs.

What is here, one concept a module: `serializers` (each resource as JSON, with links to
the others and to its page), `filters` (the query parameters a list takes), `views` (the
resources: a lookup, a query of bounded cost, a serializer), `negotiation` (JSON unless
?format=api asks for the browsable pages: a URL always gives the same bytes, which the
page cache keeps), `urls` (the routes, the OpenAPI schema).

Why DRF rather than django-ninja: its browsable API is the documentation page and runs
under the site's content security policy (its scripts are files, not inline, and
served from here: nothing is fetched from elsewhere); it filters with django-filter,
which the site's own lists use; and it pages, throttles and describes itself (OpenAPI)
with parts that have served for a decade.
"""
